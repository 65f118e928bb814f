"""Timeline: milestones in lanes, with programme spans and mission participation on one axis."""

import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, ngettext, pgettext
from dashboard.model import summary
from dashboard.model.filters import filter_cycles, filter_milestones, filter_missions, filter_programmes, pick_choices
from dashboard.model.urlstate import LANES, TABS
from dashboard.render import export, timeline
from dashboard.ui import cards, state, widgets
from dashboard.ui.lists import timeline_list
from dashboard.ui.pages import is_phone, open_page

MAX_CHOICES = 2000

PAGE, dataset, filters = open_page("timeline")

milestones = filter_milestones(dataset, filters)
programmes = filter_programmes(dataset, filters)
cycles = filter_cycles(dataset, filters, programmes)
missions = filter_missions(dataset, filters)

# Chart or table, as in Our World in Data's grapher; the link keeps the choice (`view=Table`).
# Only the chosen one runs: the table costs nothing while the chart is shown, and the reverse.
# The control shows labels in the reader's language and holds the code (urlstate.TABS), so that
# a link means the same view in every language. A segmented control, not st.tabs: a tab panel
# looks through all it holds for a focusable element after every change inside it (the chart's
# thousands of nodes), a sixth of the browser's work on each filter change (docs/PERFORMANCE.md).
tab_labels = dict(zip(TABS, (pgettext("timeline tab", "Chart"), pgettext("timeline tab", "Table")), strict=True))
TAB_KEY, LANES_KEY, PICK_KEY = state.VIEW_KEYS["tab"], state.VIEW_KEYS["lanes"], state.VIEW_KEYS["milestone"]
st.session_state.setdefault(TAB_KEY, TABS[0])
tab = st.segmented_control(
    _("Show the milestones as"),
    options=list(TABS),
    format_func=lambda code: tab_labels[code],
    key=TAB_KEY,
    required=True,
    label_visibility="collapsed",
)


def _pick_from_chart() -> None:
    picked = timeline.milestone_id_from_selection(widgets.selection_points("timeline_chart"))
    if picked:
        st.session_state[PICK_KEY] = picked


# The chart's own controls keep their values while the table is shown (persist_state="page"):
# back on the chart, the reader finds the lanes and the milestone they chose, and the link keeps
# them meanwhile.
if tab == TABS[0]:
    phone = is_phone()  # a chart 390 px wide has no room for lanes: the same content as a list
    st.session_state.setdefault(LANES_KEY, LANES[0])
    if not phone:  # the list has no lanes to choose; the link keeps the choice it came with
        lane_labels = {"category": _("By category"), "programme": _("By programme")}
        lanes = st.segmented_control(
            _("Lanes"),
            options=list(LANES),
            format_func=lambda v: lane_labels[v],
            key=LANES_KEY,
            required=True,
            persist_state="page",
        )
    ids = milestones["id"].tolist()
    text = summary.milestones_sentence(dataset, filters, milestones) + " " + summary.confidence_sentence(dataset, milestones)
    if phone:
        st.caption(widgets.escape(text))
        timeline_list(dataset, milestones, programmes)
    else:
        fig = timeline.timeline_figure(dataset, milestones, programmes, cycles, missions, lanes=lanes, year_range=filters.chosen_years())
        widgets.chart(fig, key="timeline_chart", summary=text, on_select=_pick_from_chart, file_name=pgettext("file name", "timeline"))

    st.subheader(_("Milestone details"), anchor=False)
    if st.session_state.get(PICK_KEY) not in set(ids):
        st.session_state.pop(PICK_KEY, None)
    # A list of 100,000 milestones is scrolled by nobody and costs a second on every rerun.
    choices = pick_choices(milestones, st.session_state.get(PICK_KEY), MAX_CHOICES)
    labels = dict(zip(choices["id"].tolist(), (choices["date_label"] + " · " + choices["title"]).tolist(), strict=True))
    picked = st.selectbox(
        _("Choose a milestone, or click one in the chart"),
        options=list(labels),
        format_func=lambda i: labels[i],
        index=None,
        key=PICK_KEY,
        placeholder=_("Click a point in the chart or choose here"),
        persist_state="page",
    )
    if len(ids) > MAX_CHOICES:
        st.caption(
            ngettext(
                "The list holds the first {shown} of the {total} milestone in view: narrow the years or search to reach the others.",
                "The list holds the first {shown} of the {total} milestones in view: narrow the years or search to reach the others.",
                len(ids),
            ).format(shown=i18n.format_number(MAX_CHOICES), total=i18n.format_number(len(ids)))
        )
    if picked:
        cards.milestone_details(dataset, milestones.set_index("id").loc[picked])
else:
    st.subheader(ngettext("{count} milestone", "{count} milestones", len(milestones)).format(count=len(milestones)), anchor=False)
    widgets.table(export.milestones_table(dataset, milestones.head(widgets.MAX_TABLE_ROWS)), key="timeline_table", total=len(milestones))
state.sync_view(PAGE, state.current_view(PAGE))  # the chart's lanes and milestone too, kept while the table is shown

widgets.download_csv(
    _("Download milestones CSV"), lambda: export.milestones_table(dataset, milestones), "milestones", dataset, filters, key="timeline_csv"
)

"""Programmes: which mechanism covers what, side by side, and when."""

import streamlit as st

from dashboard.i18n import _, ngettext, pgettext
from dashboard.model import summary
from dashboard.model.filters import filter_cycles, filter_milestones, filter_programmes, milestones_per_programme
from dashboard.model.urlstate import MAX_COMPARED
from dashboard.render import charts, export
from dashboard.ui import cards, state, widgets
from dashboard.ui.lists import programme_lists
from dashboard.ui.pages import is_phone, open_page

PAGE, dataset, filters = open_page("programmes")

programmes = filter_programmes(dataset, filters)
cycles = filter_cycles(dataset, filters, programmes)
milestones = filter_milestones(dataset, filters)
counts = milestones_per_programme(milestones, programmes["code"])

phone = is_phone()
st.subheader(_("Focus areas"), anchor=False)
if phone:  # a matrix of 18 rows and 9 slanted columns cannot be read 390 px wide: one line each
    st.caption(widgets.escape(summary.matrix_sentence(dataset, programmes)))
    programme_lists(dataset, programmes)
else:
    widgets.chart(
        charts.programme_matrix_figure(dataset, programmes),
        key="programme_matrix",
        summary=summary.matrix_sentence(dataset, programmes),
        file_name=pgettext("file name", "programme_focus_areas"),
    )

st.subheader(_("Compare programmes"), anchor=False)
codes = programmes["code"].tolist()
chosen_before = st.session_state.get("compare")
st.session_state["compare"] = [c for c in (chosen_before if chosen_before is not None else codes[:3]) if c in codes][:MAX_COMPARED]
chosen = st.multiselect(
    _("Choose two to four programmes"),
    options=codes,
    format_func=lambda c: f"{c} · {dataset.programme_names[c]}",
    max_selections=MAX_COMPARED,
    key="compare",
)
state.sync_view(PAGE, state.current_view(PAGE))
if len(chosen) < 2:
    st.info(_("Choose at least two programmes to compare them side by side."))
else:
    for column, code in zip(st.columns(len(chosen)), chosen, strict=True):
        with column:
            cards.programme_card(dataset, programmes.set_index("code").loc[code], counts.get(code, 0))

if not phone:  # on a phone the list above already gives each programme's dates
    st.subheader(_("Spans"), anchor=False)
    widgets.chart(
        charts.programme_spans_figure(dataset, programmes, cycles),
        key="programme_spans",
        summary=summary.programmes_sentence(dataset, programmes),
        file_name=pgettext("file name", "programme_spans"),
    )

st.subheader(ngettext("{count} programme", "{count} programmes", len(programmes)).format(count=len(programmes)), anchor=False)
table = export.programmes_table(dataset, programmes, counts)
widgets.table(table, key="programmes_table")
widgets.download_csv(_("Download programmes CSV"), table, "programmes", dataset, filters, key="programmes_csv")

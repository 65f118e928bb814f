"""Timeline: milestones in lanes, with programme spans and mission participation on one axis."""

import streamlit as st

from dashboard import charts, export, summary, ui
from dashboard.filters import filter_cycles, filter_milestones, filter_missions, filter_programmes, pick_choices

MAX_CHOICES = 2000

data = ui.dataset()
filters = ui.current_filters(data)
ui.page_header(data, "Timeline", filters)

milestones = filter_milestones(data, filters)
programmes = filter_programmes(data, filters)
cycles = filter_cycles(data, filters, programmes)
missions = filter_missions(data, filters)

# Chart and table as tabs, as in Our World in Data's grapher; the link keeps the tab (`view=Table`).
# Only the open tab runs: the table costs nothing while the chart is shown, and the reverse.
chart_tab, table_tab = st.tabs(["Chart", "Table"], key="view", bind="query-params")


def _pick_from_chart() -> None:
    picked = charts.milestone_id_from_selection(ui.selection_points("timeline_chart"))
    if picked:
        st.session_state["milestone_pick"] = picked


if chart_tab.open:
    with chart_tab:
        lanes = st.segmented_control(
            "Lanes",
            options=["category", "programme"],
            format_func=lambda v: {"category": "By category", "programme": "By programme"}[v],
            default="category",
            key="lanes",
            required=True,
        )
        ids = milestones["id"].tolist()
        if "milestone_pick" not in st.session_state and st.query_params.get("milestone") in ids:
            st.session_state["milestone_pick"] = st.query_params.get("milestone")

        fig = charts.timeline_figure(data, milestones, programmes, cycles, missions, lanes=lanes, year_range=filters.chosen_years())
        ui.chart(
            fig,
            key="timeline_chart",
            summary=summary.milestones_sentence(data, filters, milestones) + " " + summary.confidence_sentence(data, milestones),
            on_select=_pick_from_chart,
            file_name="timeline",
        )

        st.subheader("Milestone details")
        if st.session_state.get("milestone_pick") not in set(ids):
            st.session_state.pop("milestone_pick", None)
        # A list of 100,000 milestones is scrolled by nobody and costs a second on every rerun.
        choices = pick_choices(milestones, st.session_state.get("milestone_pick"), MAX_CHOICES)
        labels = dict(zip(choices["id"].tolist(), (choices["date_label"] + " · " + choices["title"]).tolist()))
        picked = st.selectbox(
            "Choose a milestone, or click one in the chart",
            options=list(labels),
            format_func=lambda i: labels[i],
            index=None,
            key="milestone_pick",
            placeholder="Click a point in the chart or choose here",
        )
        if len(ids) > MAX_CHOICES:
            st.caption(f"The list holds the first {MAX_CHOICES:,} of the {len(ids):,} milestones in view: narrow the years or search to reach the others.")
        if picked:
            st.query_params["milestone"] = picked
            ui.milestone_details(data, milestones.set_index("id").loc[picked])
        elif "milestone" in st.query_params:
            del st.query_params["milestone"]

if table_tab.open:
    with table_tab:
        st.subheader(summary.plural(len(milestones), "milestone"))
        ui.table(export.milestones_table(data, milestones.head(ui.MAX_TABLE_ROWS)), key="timeline_table", total=len(milestones))

ui.download_csv("Download milestones CSV", lambda: export.milestones_table(data, milestones), "milestones", data, filters, key="timeline_csv")

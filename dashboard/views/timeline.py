"""Timeline: milestones in lanes, with programme spans and mission participation on one axis."""

import streamlit as st

from dashboard import charts, export, summary, ui
from dashboard.filters import filter_cycles, filter_milestones, filter_missions, filter_programmes

data = ui.dataset()
filters = ui.current_filters(data)
ui.page_header(data, "Timeline", filters)

milestones = filter_milestones(data, filters)
programmes = filter_programmes(data, filters)
cycles = filter_cycles(data, filters, programmes)
missions = filter_missions(data, filters)

lanes = st.segmented_control(
    "Lanes",
    options=["category", "programme"],
    format_func=lambda v: {"category": "By category", "programme": "By programme"}[v],
    default="category",
    key="lanes",
    required=True,
)


def _pick_from_chart() -> None:
    picked = charts.milestone_id_from_selection(ui.selection_points("timeline_chart"))
    if picked:
        st.session_state["milestone_pick"] = picked


ids = milestones["id"].tolist()
if "milestone_pick" not in st.session_state and st.query_params.get("milestone") in ids:
    st.session_state["milestone_pick"] = st.query_params.get("milestone")

fig = charts.timeline_figure(data, milestones, programmes, cycles, missions, lanes=lanes)
ui.chart(
    fig,
    key="timeline_chart",
    summary=summary.milestones_sentence(data, filters, milestones) + " " + summary.confidence_sentence(data, milestones),
    on_select=_pick_from_chart,
    file_name="timeline",
)

st.subheader("Milestone details")
labels = dict(zip(milestones["id"], milestones["date_label"] + " · " + milestones["title"]))
if st.session_state.get("milestone_pick") not in labels:
    st.session_state.pop("milestone_pick", None)
picked = st.selectbox(
    "Choose a milestone, or click one in the chart",
    options=ids,
    format_func=lambda i: labels[i],
    index=None,
    key="milestone_pick",
    placeholder="Click a point in the chart or choose here",
)
if picked:
    st.query_params["milestone"] = picked
    ui.milestone_details(data, milestones.set_index("id").loc[picked])
elif "milestone" in st.query_params:
    del st.query_params["milestone"]

st.subheader(summary.plural(len(milestones), "milestone"))
table = export.milestones_table(data, milestones)
ui.table(table, key="timeline_table")
ui.download_csv("Download milestones CSV", table, "milestones", data, filters, key="timeline_csv")

"""Missions: where the partner's personnel served, who led the missions, and how many served."""

import streamlit as st

from dashboard import charts, export, geo, summary, ui
from dashboard.filters import filter_deployments, filter_missions

data = ui.dataset()
filters = ui.current_filters(data)
ui.page_header(data, "Missions", filters)

missions = filter_missions(data, filters)
deployments = filter_deployments(data, filters, missions)


def _pick_from_map() -> None:
    picked = geo.mission_id_from_selection(ui.selection_points("missions_map"))
    if picked:
        st.session_state["mission_pick"] = picked


st.subheader("Where")
ui.chart(
    geo.mission_map_figure(data, missions, deployments, ui.world_geojson()),
    key="missions_map",
    summary=summary.missions_sentence(data, missions, deployments),
    on_select=_pick_from_map,
    file_name="missions_map",
    config=geo.MAP_CONFIG,
)

ids = missions["id"].tolist()
if st.session_state.get("mission_pick") not in ids:
    st.session_state.pop("mission_pick", None)
picked = st.selectbox(
    "Mission details: click a marker on the map or choose here",
    options=ids,
    format_func=lambda m: data.mission_names[m],
    index=None,
    key="mission_pick",
    placeholder="Choose a mission",
)
if picked:
    ui.mission_details(data, missions.set_index("id").loc[picked], deployments)

st.subheader("Personnel by year")
ui.chart(
    charts.personnel_figure(data, deployments, missions),
    key="personnel_chart",
    summary="Gaps are years with no published figure; open markers are approximate figures. " + summary.missions_sentence(data, missions, deployments),
    file_name="personnel_by_year",
)

st.subheader("Missions")
table = export.missions_table(data, missions, deployments)
ui.table(table, key="missions_table")
ui.download_csv("Download missions CSV", table, "missions", data, filters, key="missions_csv")

st.subheader("Personnel by mission and year")
ui.table(export.deployments_table(data, deployments.head(ui.MAX_TABLE_ROWS)), key="deployments_table", total=len(deployments))
ui.download_csv("Download personnel CSV", lambda: export.deployments_table(data, deployments), "personnel", data, filters, key="deployments_csv")

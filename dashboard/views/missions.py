"""Missions: where the partner's personnel served, who led the missions, and how many served."""

import streamlit as st

from dashboard.i18n import _, pgettext
from dashboard.model import summary
from dashboard.model.filters import filter_deployments, filter_missions
from dashboard.render import charts, export, geo
from dashboard.ui import cards, session, widgets
from dashboard.ui.pages import is_phone, open_page

PAGE, dataset, filters = open_page("missions")

missions = filter_missions(dataset, filters)
deployments = filter_deployments(dataset, filters, missions)


def _pick_from_map() -> None:
    picked = geo.mission_id_from_selection(widgets.selection_points("missions_map"))
    if picked:
        st.session_state["mission_pick"] = picked


st.subheader(pgettext("missions heading", "Where"), anchor=False)
the_map = geo.mission_map_figure(dataset, missions, deployments, session.world_geojson())
if is_phone():
    geo.for_narrow_screen(the_map)
widgets.chart(
    the_map,
    key="missions_map",
    summary=summary.missions_sentence(dataset, missions, deployments),
    on_select=_pick_from_map,
    file_name=pgettext("file name", "missions_map"),
    config=geo.MAP_CONFIG,
)

ids = missions["id"].tolist()
if st.session_state.get("mission_pick") not in ids:
    st.session_state.pop("mission_pick", None)
picked = st.selectbox(
    _("Mission details: click a marker on the map or choose here"),
    options=ids,
    format_func=lambda m: dataset.mission_names[m],
    index=None,
    key="mission_pick",
    placeholder=_("Choose a mission"),
)
if picked:
    cards.mission_details(dataset, missions.set_index("id").loc[picked], deployments)

st.subheader(_("Personnel by year"), anchor=False)
widgets.chart(
    charts.personnel_figure(dataset, deployments, missions, narrow=is_phone()),
    key="personnel_chart",
    summary=_("Gaps are years with no published figure; open markers are approximate figures.")
    + " "
    + summary.missions_sentence(dataset, missions, deployments),
    file_name=pgettext("file name", "personnel_by_year"),
)

st.subheader(_("Missions"), anchor=False)
table = export.missions_table(dataset, missions, deployments)
widgets.table(table, key="missions_table")
widgets.download_csv(_("Download missions CSV"), table, "missions", dataset, filters, key="missions_csv")

st.subheader(_("Personnel by mission and year"), anchor=False)
widgets.table(export.deployments_table(dataset, deployments.head(widgets.MAX_TABLE_ROWS)), key="deployments_table", total=len(deployments))
widgets.download_csv(
    _("Download personnel CSV"),
    lambda: export.deployments_table(dataset, deployments),
    "personnel",
    dataset,
    filters,
    key="deployments_csv",
)

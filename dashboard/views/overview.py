"""Overview: the partnership at a glance."""

import streamlit as st

from dashboard import charts, export, summary, ui
from dashboard.filters import filter_deployments, filter_milestones, filter_missions, filter_programmes

data = ui.dataset()
filters = ui.current_filters(data)
ui.page_header(data, data.meta.title, filters)
if data.meta.subtitle:
    st.markdown(f"#### {ui.escape(data.meta.subtitle)}")

for column, (label, (value, detail)) in zip(st.columns(4), summary.key_figures(data).items()):
    column.metric(label, value)
    column.caption(ui.escape(detail))

milestones = filter_milestones(data, filters)
programmes = filter_programmes(data, filters)
missions = filter_missions(data, filters)
deployments = filter_deployments(data, filters, missions)

st.subheader("The selected years in brief")
st.markdown(ui.escape(summary.view_summary(data, filters, milestones, programmes, missions, deployments)))

st.subheader("Milestones per year")
ui.chart(
    charts.year_strip_figure(data, milestones),
    key="overview_strip",
    summary=summary.milestones_sentence(data, filters, milestones),
    file_name="milestones_per_year",
)

st.subheader("Milestones")
shown = export.milestones_table(data, milestones.head(ui.MAX_TABLE_ROWS), with_citations=False)
ui.table(shown[["Date", "Title", "Category", "Programmes", "Confidence"]], key="overview_table", height=320, total=len(milestones))
ui.download_csv("Download milestones CSV", lambda: export.milestones_table(data, milestones), "milestones", data, filters, key="overview_csv")

with st.expander("About this dataset"):
    st.markdown(ui.escape(data.meta.about))
    st.caption(ui.escape(data.meta.citation))

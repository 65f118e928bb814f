"""Sources: every source, what cites it, where sources disagree, and all the data to download."""

import streamlit as st

from dashboard import export, ui
from dashboard.filters import cited_source_ids, filter_milestones

data = ui.dataset()
filters = ui.current_filters(data)
ui.page_header(data, "Sources", filters)

st.subheader("Confidence levels")
for level, text in data.meta.confidence.items():
    st.markdown(f"- **{ui.escape(text.label)}** (`{level}`): {ui.escape(text.description)}")

st.subheader("Where sources disagree, and what is uncertain")
milestones = filter_milestones(data, filters)
conflicts = export.conflicts_table(data, milestones)
st.caption(
    f"{len(conflicts)} records carry a note: where sources disagree, which source a value rests on, "
    "or why it is approximate. Milestones follow the filters; the other records are always listed."
)
ui.table(conflicts, key="conflicts_table")
ui.download_csv("Download conflicts CSV", conflicts, "conflicts", data, filters, key="conflicts_csv")

st.subheader("Sources")
in_view = cited_source_ids(milestones)
only_cited = st.toggle("Only sources cited by the milestones in view", value=False, key="sources_in_view")
sources = data.sources[data.sources["id"].isin(in_view)] if only_cited else data.sources
table = export.sources_table(data, sources, export.cited_by(data))
ui.table(table, key="sources_table")
ui.download_csv("Download sources CSV", table, "sources", data, filters, key="sources_csv")

st.subheader("All the data")
st.markdown("Every table as CSV, with a README that explains each column and how to cite the dataset.")
st.download_button(
    "Download all data (zip)",
    data=lambda: export.all_data_zip(data),  # built on click: it holds every table of the dataset
    file_name="dataset.zip",
    mime="application/zip",
    on_click="ignore",
    key="all_data_zip",
)
st.caption(ui.escape(data.meta.citation))

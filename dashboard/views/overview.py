"""Overview: the partnership at a glance."""

import streamlit as st

from dashboard.i18n import _, pgettext
from dashboard.model import summary
from dashboard.model.filters import filter_deployments, filter_milestones, filter_missions, filter_programmes
from dashboard.render import charts, export
from dashboard.ui import widgets
from dashboard.ui.pages import is_phone, open_page

PAGE, dataset, filters = open_page("", dataset_title=True)
if dataset.meta.subtitle:
    st.subheader(f"{widgets.escape(dataset.meta.subtitle)}", anchor=False)

milestones = filter_milestones(dataset, filters)
programmes = filter_programmes(dataset, filters)
missions = filter_missions(dataset, filters)
deployments = filter_deployments(dataset, filters, missions)

# The key figures follow the filters, as every other number on the page.
figures = summary.key_figures(dataset, filters, programmes, missions, deployments)
for column, (label, (value, detail)) in zip(st.columns(4), figures.items(), strict=True):
    column.metric(label, value)
    column.caption(widgets.escape(detail))

st.subheader(_("The selected years in brief"), anchor=False)
st.markdown(widgets.escape(summary.view_summary(dataset, filters, milestones, programmes, missions, deployments)))

st.subheader(_("Milestones per year"), anchor=False)
widgets.chart(
    charts.year_strip_figure(dataset, milestones, narrow=is_phone()),
    key="overview_strip",
    summary=summary.milestones_sentence(dataset, filters, milestones),
    file_name=pgettext("file name", "milestones_per_year"),
)

st.subheader(_("Milestones"), anchor=False)
shown = export.milestones_table(dataset, milestones.head(widgets.MAX_TABLE_ROWS), with_citations=False)
widgets.table(shown[["Date", "Title", "Category", "Programmes", "Confidence"]], key="overview_table", height=320, total=len(milestones))
widgets.download_csv(
    _("Download milestones CSV"), lambda: export.milestones_table(dataset, milestones), "milestones", dataset, filters, key="overview_csv"
)

with st.expander(_("About this dataset")):
    st.markdown(widgets.escape(dataset.meta.about))
    st.caption(widgets.escape(dataset.meta.citation))

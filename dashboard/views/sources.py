"""Sources: every source, what cites it, where sources disagree, and all the data to download."""

import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.model import translations
from dashboard.model.filters import cited_source_ids, filter_milestones
from dashboard.render import export
from dashboard.ui import widgets
from dashboard.ui.pages import open_page

PAGE, dataset, filters = open_page("sources")

st.subheader(_("Confidence levels"), anchor=False)
for text in dataset.meta.confidence.values():
    st.markdown(f"- **{widgets.escape(text.label)}**: {widgets.escape(text.description)}")

st.subheader(_("Where sources disagree, and what is uncertain"), anchor=False)
milestones = filter_milestones(dataset, filters)
conflicts = export.conflicts_table(dataset, milestones)
st.caption(
    ngettext(
        "{count} record carries a note: where sources disagree, which source a value rests on, "
        "or why it is approximate. Milestones follow the filters; the other records are always listed.",
        "{count} records carry a note: where sources disagree, which source a value rests on, "
        "or why it is approximate. Milestones follow the filters; the other records are always listed.",
        len(conflicts),
    ).format(count=len(conflicts))
)
widgets.table(conflicts, key="conflicts_table")
widgets.download_csv(_("Download conflicts CSV"), conflicts, "conflicts", dataset, filters, key="conflicts_csv")

st.subheader(_("Programme names in three languages"), anchor=False)
st.caption(
    _(
        "Each programme's name in English, Azerbaijani and Russian, as official sources write it, and the other names "
        "the search knows: a search by any of them finds the programme's milestones, whatever the interface language."
    )
)
glossary = translations.glossary(dataset)
st.dataframe(
    glossary,
    hide_index=True,
    width="stretch",
    key="glossary_table",
    column_config={
        "code": st.column_config.TextColumn(_("Code"), width="small"),
        **{code: st.column_config.TextColumn(name, width="medium") for code, (name, _locale) in i18n.LANGUAGES.items()},
        "aliases": st.column_config.TextColumn(_("Also searched as"), width="large"),
    },
)

st.subheader(_("Sources"), anchor=False)
in_view = cited_source_ids(milestones)
only_cited = st.toggle(_("Only sources cited by the milestones in view"), value=False, key="sources_in_view")
sources = dataset.sources[dataset.sources["id"].isin(in_view)] if only_cited else dataset.sources
table = export.sources_table(dataset, sources)
widgets.table(table, key="sources_table")
widgets.download_csv(_("Download sources CSV"), table, "sources", dataset, filters, key="sources_csv")

st.subheader(_("All the data"), anchor=False)
st.markdown(
    _(
        "Every table as a data package (Frictionless Data Package v2: the tables with their types and keys, for software), "
        "the same tables written for people (readable dates and sources, safe to open in a spreadsheet), and a README that "
        "explains each column and how to cite the dataset. Keep it: the What changed page compares it with later data."
    )
)
st.download_button(
    _("Download all data (zip)"),
    data=widgets.in_this_language(lambda: export.all_data_zip(dataset)),  # built on click: it holds every table of the dataset
    file_name=export.all_data_file_name(dataset),
    mime="application/zip",
    on_click="ignore",
    key="all_data_zip",
)
st.caption(widgets.escape(dataset.meta.citation))

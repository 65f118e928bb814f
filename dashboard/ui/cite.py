"""The data version at the foot of every page, and 'Cite this view' (model/cite.py words it)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.i18n import _
from dashboard.model.cite import ViewCitation
from dashboard.model.dataset import Dataset
from dashboard.model.filters import Filters
from dashboard.model.registry import Page
from dashboard.model.urlstate import describe_filters
from dashboard.ui.state import view_url
from dashboard.ui.widgets import escape


def version_footer(dataset: Dataset) -> None:
    st.caption(escape(f"{dataset.meta.title} · {dataset.version.text}"))


def view_citation(dataset: Dataset, page: Page, filters: Filters, accessed: date | None = None) -> ViewCitation:
    title = _(page.title)  # registry titles are marked N_ where declared
    view = title if page.presenter else f"{title}, {describe_filters(filters, dataset)}"
    return ViewCitation(dataset.meta.title, view, view_url(), dataset.version, accessed or date.today())


def cite_view(dataset: Dataset, page: Page, filters: Filters) -> None:
    """A sidebar popover with the citation of this view: reference, BibTeX and RIS, each with a copy button."""
    with st.sidebar, st.popover(_("Cite this view"), width="stretch", on_change="rerun", key="cite_popover") as popover:
        # Written only while open: closed, the popover sends nothing on a filter change (its texts
        # change with every one, and the browser would lay out 9 hidden elements each time).
        if not popover.open:
            return
        citation = view_citation(dataset, page, filters)
        st.caption(
            _("The citation of exactly this view: its address (page and filters), the data version and today's date as the access date.")
        )
        st.markdown("**" + _("Reference") + "**")
        st.code(citation.reference(), language=None, wrap_lines=True)
        st.markdown("**BibTeX**")
        st.code(citation.bibtex(), language="bibtex", wrap_lines=True)
        st.markdown("**RIS**")
        st.code(citation.ris(), language=None, wrap_lines=True)
        st.download_button(
            _("Download RIS"),
            data=citation.ris().encode("utf-8"),
            file_name=f"{citation.key}.ris",
            mime="application/x-research-info-systems",
            on_click="ignore",
            key="cite_ris",
            width="stretch",
        )

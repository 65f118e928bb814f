"""What every page does first: the dataset, the filters, its own URL parameters, its header."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import _
from dashboard.model.dataset import Dataset
from dashboard.model.filters import Filters
from dashboard.model.registry import Page, page
from dashboard.ui import session, state, widgets


def open_page(url_path: str, *, dataset_title: bool = False) -> tuple[Page, Dataset, Filters]:
    """The page of the registry at `url_path`, the dataset and the current filters; reads the
    page's own parameters from the URL on its first run and draws its header (the dataset's
    title instead of the page's with `dataset_title`)."""
    shown = page(url_path)
    dataset = session.dataset()
    filters = state.current_filters(dataset)
    state.seed_view(dataset, shown)
    widgets.page_header(dataset, dataset.meta.title if dataset_title else _(shown.title), filters)
    return shown, dataset, filters


def is_phone() -> bool:
    """A phone's browser (its user agent says "Mobi", as Chrome, Safari and Firefox on phones do):
    pages then lay out for a narrow, touch screen."""
    agent = st.context.headers.get("User-Agent", "") if st.context.headers else ""
    return "Mobi" in agent

"""Entry point: `streamlit run dashboard/app.py`. Loads the data, draws the shared sidebar, routes.

The pages are declared once in model/registry.py; each is a thin script under views/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import i18n  # noqa: E402
from dashboard.i18n import _  # noqa: E402
from dashboard.loading import DataError  # noqa: E402
from dashboard.model.registry import PAGES, page  # noqa: E402
from dashboard.ui import (  # noqa: E402
    cite,
    connection,
    session,
    sidebar,
    state,
    widgets,  # noqa: E402
)
from dashboard.ui.widgets import escape  # noqa: E402


def main() -> None:
    session.freeze_long_lived_objects()
    i18n.use(state.language())  # every text of this run, the data's included, is worded in it
    try:
        dataset = session.dataset()  # worded in this run's language, the data's texts included
    except DataError as error:
        st.set_page_config(page_title=_("Data error"), layout="wide")
        session.show_data_error(error)
        st.stop()
    # "auto": open on a desktop, closed on a phone, where it would cover the page on first load.
    st.set_page_config(page_title=dataset.meta.title, layout="wide", initial_sidebar_state="auto")
    widgets.global_style()
    connection.notice()  # on every page, the briefing's audience screen included
    # No icons: Streamlit fetches Material icons from a font CDN, and the app must work offline.
    pages = [st.Page(f"views/{p.script}", title=_(p.title), url_path=p.url_path or None, default=not p.url_path) for p in PAGES]
    current = st.navigation(pages, position="hidden")
    shown = page(current.url_path)
    state.follow_history()
    state.seed_session_deck(dataset)
    with st.sidebar:
        st.markdown(f"**{escape(dataset.meta.title)}**")
        sidebar.language_picker()
    state.sync_language(i18n.current())
    if shown.presenter:
        # Presenting: no filters or page links on screen; the URL still carries the filters back.
        filters = state.current_filters(dataset)
        with st.sidebar:
            st.page_link(pages[0], label=_("← Back to the dashboard"), query_params=state.page_params(dataset, filters))
    else:
        filters = sidebar.sidebar_filters(dataset)
        sidebar.add_view_button(dataset, shown, filters)
        with st.sidebar:
            st.divider()
        # Our own navigation, so that the links carry the filters to the next page.
        params = state.page_params(dataset, filters)
        # One row that wraps as it needs to, rather than seven columns: 8 fewer elements for the
        # browser to take in on every rerun (docs/PERFORMANCE.md).
        with st.container(horizontal=True):
            for link in pages:
                st.page_link(link, label=link.title, query_params=params, width="stretch")
    current.run()
    state.sync_session_deck()
    cite.version_footer(dataset)
    if not shown.presenter:
        sidebar.copy_link()  # after the page has written its own parameters
    cite.cite_view(dataset, shown, filters)
    state.remember_url()
    session.run_completed()


main()

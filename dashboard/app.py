"""Entry point: `streamlit run dashboard/app.py`. Loads the data, draws the shared sidebar, routes."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import ui  # noqa: E402
from dashboard.data import DataError  # noqa: E402

# No icons: Streamlit fetches Material icons from a font CDN, and the app must work offline.
PAGES = [
    ("views/overview.py", "Overview", "", True),
    ("views/timeline.py", "Timeline", "timeline", False),
    ("views/missions.py", "Missions", "missions", False),
    ("views/programmes.py", "Programmes", "programmes", False),
    ("views/sources.py", "Sources", "sources", False),
    ("views/briefing.py", "Briefing", "briefing", False),
]
PRESENTER_PAGES = {"briefing"}


def main() -> None:
    ui.freeze_long_lived_objects()
    try:
        data = ui.dataset()
    except DataError as error:
        st.set_page_config(page_title="Data error", layout="wide")
        ui.show_data_error(error)
        st.stop()
    st.set_page_config(page_title=data.meta.title, layout="wide", initial_sidebar_state="expanded")
    pages = [
        st.Page(path, title=title, url_path=url_path or None, default=default)
        for path, title, url_path, default in PAGES
    ]
    current = st.navigation(pages, position="hidden")
    with st.sidebar:
        st.markdown(f"**{ui.escape(data.meta.title)}**")
    if current.url_path in PRESENTER_PAGES:
        # Presenting: no filters or page links on screen; the URL still carries the filters back.
        filters = ui.current_filters(data)
        with st.sidebar:
            st.page_link(pages[0], label="← Back to the dashboard", query_params=ui.page_params(data, filters))
    else:
        filters = ui.sidebar_filters(data)
        ui.add_view_button(data, current.url_path, filters)
        with st.sidebar:
            st.divider()
        # Our own navigation, so that the links carry the filters to the next page.
        params = ui.page_params(data, filters)
        for column, page in zip(st.columns(len(pages)), pages):
            column.page_link(page, label=page.title, query_params=params, width="stretch")
    current.run()
    ui.run_completed()


main()

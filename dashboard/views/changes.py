"""What changed: the data package downloaded before, compared with the data shown now."""

import streamlit as st

from dashboard.i18n import _
from dashboard.ui import changes
from dashboard.ui.pages import open_page

PAGE, dataset, filters = open_page("changes")

st.markdown(
    _(
        "Upload the zip you downloaded with “Download all data” (on the Sources page) for your last briefing: this page lists "
        "what changed in the data since then, milestones added, removed and changed field by field, and programmes, missions, "
        "personnel and sources, as a list and as a CSV. It covers the whole dataset, whatever the filters."
    )
)
changes.upload(dataset)
changes.show(dataset)

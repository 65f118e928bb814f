"""A timeline for a phone: the programme spans and the dated milestones as a list, year by year,
instead of a chart that would be 10 px tall on a narrow screen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.model.dataset import Dataset
from dashboard.render.style import status_label
from dashboard.ui.widgets import escape

MAX_LISTED = 300


def timeline_list(dataset: Dataset, milestones: pd.DataFrame, programmes: pd.DataFrame) -> None:
    if len(programmes):
        with st.expander(_("Programmes in these years ({count})").format(count=len(programmes))):
            st.markdown(
                "\n".join(
                    f"- **{escape(p.code)}** · {escape(p.name)}: {escape(p.dates_label)} ({escape(status_label(p.status))})"
                    for p in programmes.itertuples()
                )
            )
    if not len(milestones):
        st.info(_("No milestones match these filters."))
        return
    shown = milestones.head(MAX_LISTED)
    labels = dataset.category_labels
    disagree = " · " + _("sources disagree")
    for year, group in shown.groupby("year", sort=True):
        lines = [
            f"- **{escape(r.date_label)}** · {escape(r.title)}  \n  {escape(labels.get(r.category, r.category))}"
            + (disagree if r.note else "")
            for r in group.itertuples()
        ]
        st.markdown(f"**{int(year)}**\n\n" + "\n".join(lines))
    if len(milestones) > MAX_LISTED:
        st.caption(
            ngettext(
                "The list shows the first {shown} of {total} milestone: narrow the years or search.",
                "The list shows the first {shown} of {total} milestones: narrow the years or search.",
                len(milestones),
            ).format(shown=MAX_LISTED, total=i18n.format_number(len(milestones)))
        )


def programme_lists(dataset: Dataset, programmes: pd.DataFrame) -> None:
    """The focus-area matrix and the spans, for a phone: one line per programme."""
    if not len(programmes):
        st.info(_("No programmes match these filters."))
        return
    labels = dataset.focus_area_labels
    st.markdown(
        "\n".join(
            f"- **{escape(p.name)}** ({escape(p.code)}) · {escape(p.dates_label)}, {escape(status_label(p.status))}  \n"
            f"  {escape(', '.join(labels.get(c, c) for c in p.focus_areas))}"
            for p in programmes.itertuples()
        )
    )

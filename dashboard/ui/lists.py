"""A timeline for a phone: the programme spans and the dated milestones as a list, year by year,
instead of a chart that would be 10 px tall on a narrow screen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.model.dataset import Dataset
from dashboard.ui.widgets import escape

MAX_LISTED = 300


def timeline_list(dataset: Dataset, milestones: pd.DataFrame, programmes: pd.DataFrame) -> None:
    if len(programmes):
        with st.expander(f"Programmes in these years ({len(programmes)})"):
            st.markdown(
                "\n".join(
                    f"- **{escape(p.code)}** · {escape(p.name)}: {escape(p.dates_label)} ({escape(p.status)})"
                    for p in programmes.itertuples()
                )
            )
    if not len(milestones):
        st.info("No milestones match these filters.")
        return
    shown = milestones.head(MAX_LISTED)
    labels = dataset.category_labels
    for year, group in shown.groupby("year", sort=True):
        lines = [
            f"- **{escape(r.date_label)}** · {escape(r.title)}  \n  {escape(labels.get(r.category, r.category))}"
            + (" · sources disagree" if r.note else "")
            for r in group.itertuples()
        ]
        st.markdown(f"**{int(year)}**\n\n" + "\n".join(lines))
    if len(milestones) > MAX_LISTED:
        st.caption(f"The list shows the first {MAX_LISTED} of {len(milestones):,} milestones: narrow the years or search.")


def programme_lists(dataset: Dataset, programmes: pd.DataFrame) -> None:
    """The focus-area matrix and the spans, for a phone: one line per programme."""
    if not len(programmes):
        st.info("No programmes match these filters.")
        return
    labels = dataset.focus_area_labels
    st.markdown(
        "\n".join(
            f"- **{escape(p.name)}** ({escape(p.code)}) · {escape(p.dates_label)}, {escape(p.status)}  \n"
            f"  {escape(', '.join(labels.get(c, c) for c in p.focus_areas))}"
            for p in programmes.itertuples()
        )
    )

"""Details cards: a milestone, a mission, a programme, and the sources under each, in plain words."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard.i18n import _, pgettext
from dashboard.model import personnel
from dashboard.model.cards import MilestoneCard, milestone_card
from dashboard.model.citations import Citation
from dashboard.model.dataset import Dataset
from dashboard.render.style import status_label
from dashboard.ui.widgets import escape


def citation_lines(citations) -> list[str]:
    """Markdown bullets: 'Publisher, “Title”, date · link' (text escaped; links only for safe URLs)."""
    lines = []
    word = pgettext("citation", "link")
    for c in citations:
        c: Citation
        source = pgettext("citation", "{publisher}, “{title}”").format(publisher=escape(c.publisher), title=escape(c.title))
        date = f", {escape(c.date_label)}" if c.date_label else ""
        link = f" · [{word}]({c.url})" if c.url else ""
        lines.append(f"- {source}{date}{link}")
    return lines


def sources_block(citations, empty: str | None = None) -> None:
    st.markdown("**" + _("Sources") + "**")
    st.markdown("\n".join(citation_lines(citations)) or empty or _("No sources: nothing is shown."))


def note_block(note: str) -> None:
    if note:
        st.warning("**" + _("Sources disagree / note:") + "** " + escape(note))


def show_milestone_card(card: MilestoneCard) -> None:
    with st.container(border=True):
        st.subheader(f"{escape(card.title)}", anchor=False)
        confidence = _("Confidence: {level}").format(level=f"**{escape(card.confidence)}**")
        st.markdown(" · ".join([f"**{escape(card.date_label)}**", escape(card.category), confidence]))
        st.markdown(escape(card.summary))
        if card.details:
            st.markdown("  \n".join(f"{escape(label)}: {escape(text)}" for label, text in card.details))
        note_block(card.note)
        sources_block(card.citations)


def milestone_details(dataset: Dataset, row: pd.Series) -> None:
    show_milestone_card(milestone_card(dataset, row))


def mission_details(dataset: Dataset, row: pd.Series, deployments: pd.DataFrame) -> None:
    lead = dataset.lead_types.get(row["lead_type"])
    top, years = personnel.peak_years(deployments, row.name)
    peak = f"{top} ({', '.join(str(y) for y in years)})" if top is not None else _("no published figure in these years")
    with st.container(border=True):
        st.subheader(f"{escape(row['name'])} ({escape(row['short_name'])})", anchor=False)
        st.markdown(f"**{escape(lead.label if lead else row['lead_type'])}** · {escape(row['lead'])}")
        lines = [
            _("Mission: {dates}").format(dates=escape(row["mission_dates"])),
            _("{partner} participation: {dates}").format(
                partner=escape(dataset.meta.partner.adjective), dates=f"**{escape(row['participation_dates'])}**"
            ),
            _("Where: {place}, {country}").format(place=escape(row["location_name"]), country=escape(row["country_name"])),
            _("Peak personnel: {peak}").format(peak=f"**{escape(peak)}**"),
        ]
        st.markdown("  \n".join(lines))
        st.markdown(escape(row["role"]))
        note_block(row["note"])
        sources_block(dataset.cite(row["source_ids"]))


def programme_card(dataset: Dataset, row: pd.Series, milestone_count: int) -> None:
    with st.container(border=True):
        colour = row["colour"] if str(row["colour"]).startswith("#") else "#777777"
        st.subheader(f"{escape(row['name'])}", anchor=False)
        st.html(f'<div style="height:6px;background:{html.escape(colour)};border-radius:3px"></div>')
        status = _("status: {status}").format(status=f"**{escape(status_label(row['status']))}**")
        counted = _("Milestones in view: {count}").format(count=f"**{milestone_count}**")
        confidence = _("confidence: {level}").format(level=escape(dataset.meta.confidence[row["confidence"]].label))
        st.markdown(
            f"**{escape(row.name)}** · {escape(row['type'])}  \n{escape(row['dates_label'])} · {status}  \n{counted} · {confidence}"
        )
        st.markdown("**" + _("Focus areas:") + "** " + ", ".join(escape(dataset.focus_area_labels.get(c, c)) for c in row["focus_areas"]))
        st.markdown(escape(row["description"]))
        if row["aliases"]:
            st.markdown("**" + _("Also called:") + "** " + "; ".join(escape(a) for a in row["aliases"]))
        if row["note"]:
            st.caption(escape(row["note"]))

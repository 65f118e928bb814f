"""What a milestone's details card says, described once for every renderer (the Streamlit
page, the HTML pack)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import _
from dashboard.model.citations import Citation
from dashboard.model.dataset import Dataset


@dataclass(frozen=True)
class MilestoneCard:
    title: str
    date_label: str
    category: str
    confidence: str
    summary: str
    details: tuple[tuple[str, str], ...]  # (label, text): programmes, mission, people, place; labels worded
    note: str
    citations: tuple[Citation, ...]


def milestone_card(dataset: Dataset, row: pd.Series) -> MilestoneCard:
    details = []
    if row["programmes"]:
        details.append((_("Programmes"), ", ".join(dataset.programme_names.get(c, c) for c in row["programmes"])))
    if isinstance(row["mission"], str) and row["mission"]:
        details.append((_("Mission"), dataset.mission_names.get(row["mission"], row["mission"])))
    if row["people"]:
        details.append((_("People"), ", ".join(row["people"])))
    if row["place"]:
        details.append((_("Place"), row["place"]))
    return MilestoneCard(
        title=row["title"],
        date_label=row["date_label"],
        category=dataset.category_labels.get(row["category"], row["category"]),
        confidence=dataset.meta.confidence[row["confidence"]].label,
        summary=row["summary"],
        details=tuple(details),
        note=row["note"] or "",
        citations=tuple(dataset.cite(row["source_ids"])),
    )

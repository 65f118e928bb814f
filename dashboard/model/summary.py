"""Plain-text sentences about the current view: text alternatives for charts, speaker notes."""

from __future__ import annotations

import pandas as pd

from dashboard.model import personnel
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date, parse_partial_date
from dashboard.model.filters import Filters


def _precision(text: str) -> str:
    return parse_partial_date(text)[1]


def _list(items: list[str], limit: int = 6) -> str:
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def key_figures(
    dataset: Dataset,
    filters: Filters | None = None,
    programmes: pd.DataFrame | None = None,
    missions: pd.DataFrame | None = None,
    deployments: pd.DataFrame | None = None,
    today: pd.Timestamp | None = None,
) -> dict[str, tuple[str, str]]:
    """The overview's headline numbers, for the view: the chosen years and the programmes,
    missions and deployments in view (the whole dataset when none are given)."""
    today = today or pd.Timestamp.now()
    first_day, _ = parse_partial_date(dataset.meta.partnership_start)
    years = today.year - first_day.year - ((today.month, today.day) < (first_day.month, first_day.day))
    since = f"since {format_date(pd.Timestamp(first_day), _precision(dataset.meta.partnership_start))}"
    chosen = filters.chosen_years() if filters is not None else None
    programmes = dataset.programmes if programmes is None else programmes
    missions = dataset.missions if missions is None else missions
    deployments = dataset.deployments if deployments is None else deployments
    if chosen is None:
        span = ("Years of partnership", (f"{years}", since))
    else:
        low, high = filters.years(dataset)
        span = ("Years in view", (f"{high - low + 1}", f"{low}–{high} of {years} years {since}"))
    top = personnel.largest(deployments)
    where = "in these years" if chosen is not None else ""
    if top:
        peak = (f"{top.personnel}", f"{dataset.mission_names.get(top.mission, top.mission)}, {top.year}")
    else:
        peak = ("–", f"no published figure {where}".strip())
    active = int((programmes["status"] == "active").sum())
    names = ", ".join(missions["short_name"]) or "none in these years"
    return {
        span[0]: span[1],
        "Programmes and mechanisms": (f"{len(programmes)}", f"{active} active"),
        "Missions": (f"{len(missions)}", names),
        "Peak personnel": peak,
    }


def milestones_sentence(dataset: Dataset, filters: Filters, milestones: pd.DataFrame) -> str:
    low, high = filters.years(dataset)
    span = f"{low}" if low == high else f"{low} and {high}"
    if milestones.empty:
        return f"No milestones between {span} match these filters."
    first, last = milestones.iloc[0], milestones.iloc[-1]
    by_category = milestones["category"].astype(str).map(dataset.category_labels).value_counts()
    top = _list([f"{count} {label.lower()}" for label, count in by_category.items()], limit=4)
    sentence = f"{plural(len(milestones), 'milestone')} between {span} ({top})"
    if len(milestones) == 1:
        return f"{sentence}: {first['title']} ({first['date_label']})."
    return f"{sentence}, from {first['title']} ({first['date_label']}) to {last['title']} ({last['date_label']})."


def confidence_sentence(dataset: Dataset, milestones: pd.DataFrame) -> str:
    counts = milestones["confidence"].value_counts()
    parts = [
        f"{int(counts.get(level, 0))} {dataset.meta.confidence[level].label.lower()}"
        for level in dataset.meta.confidence
        if counts.get(level, 0)
    ]
    flagged = int((milestones["note"].str.len() > 0).sum())
    text = f"Confidence: {_list(parts)}." if parts else ""
    if flagged:
        text += (
            f" {plural(flagged, 'row')} {'carries' if flagged == 1 else 'carry'} a note where sources disagree or a value is approximate."
        )
    return text.strip()


def missions_sentence(dataset: Dataset, missions: pd.DataFrame, deployments: pd.DataFrame) -> str:
    if missions.empty:
        return "No missions in these years."
    partner = dataset.meta.partner.adjective
    names = [f"{m.short_name} ({m.country_name}, {m.lead_label})" for m in missions.itertuples()]
    sentence = f"{plural(len(missions), 'mission')} with {partner} personnel: {_list(names)}."
    top = personnel.largest(deployments)
    if top:
        sentence += f" The largest contingent in these years was {top.personnel} in {dataset.mission_names.get(top.mission)} ({top.year})."
    gaps = deployments["personnel"].isna().sum()
    if gaps:
        verb = "has no published figure and is shown as a gap" if gaps == 1 else "have no published figure and are shown as gaps"
        sentence += f" {plural(int(gaps), 'mission-year')} {verb}."
    return sentence


def programmes_sentence(dataset: Dataset, programmes: pd.DataFrame) -> str:
    if programmes.empty:
        return "No programmes match these filters."
    active = programmes[programmes["status"] == "active"]
    sentence = f"{plural(len(programmes), 'programme')} shown: {_list(programmes['code'].tolist(), limit=10)}."
    if len(active):
        sentence += f" {len(active)} still active."
    first = programmes.iloc[0]
    return sentence + f" The earliest is {first['name']} ({first['dates_label']})."


def matrix_sentence(dataset: Dataset, programmes: pd.DataFrame) -> str:
    if programmes.empty:
        return "No programmes to compare."
    counts = pd.Series([area for areas in programmes["focus_areas"] for area in areas]).value_counts()
    labels = dataset.focus_area_labels
    top = _list([f"{labels.get(code, code).lower()} ({count})" for code, count in counts.head(3).items()])
    return f"{plural(len(programmes), 'programme')} across {plural(len(counts), 'focus area')}; the most shared are {top}."


def view_summary(dataset: Dataset, filters: Filters, milestones, programmes, missions, deployments) -> str:
    """A paragraph for the overview and for screen readers."""
    parts = [milestones_sentence(dataset, filters, milestones)]
    if not programmes.empty:
        parts.append(programmes_sentence(dataset, programmes))
    parts.append(missions_sentence(dataset, missions, deployments))
    confidence = confidence_sentence(dataset, milestones) if not milestones.empty else ""
    if confidence:
        parts.append(confidence)
    return " ".join(parts)

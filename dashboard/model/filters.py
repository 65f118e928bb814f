"""The filters every page shares, applied to the dataset's tables (pure pandas)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.model.dataset import Dataset
from dashboard.model.text import fold


@dataclass(frozen=True)
class Filters:
    """One view of the data. Empty tuples mean 'all'; years are inclusive."""

    year_from: int | None = None
    year_to: int | None = None
    programmes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    missions: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    query: str = ""

    def chosen_years(self) -> tuple[int | None, int | None] | None:
        """The years the user narrowed to (either end may be open), or None when not narrowed."""
        if self.year_from is None and self.year_to is None:
            return None
        return self.year_from, self.year_to

    def years(self, dataset: Dataset) -> tuple[int, int]:
        low, high = dataset.year_bounds
        return (self.year_from if self.year_from is not None else low, self.year_to if self.year_to is not None else high)


def query_mask(search_text: pd.Series, query: str) -> pd.Series:
    """Every word of the query must start a word in the row (case and accents ignored)."""
    mask = pd.Series(True, index=search_text.index)
    for term in fold(query).split():
        mask &= search_text.str.contains(r"(?<!\w)" + re.escape(term), regex=True)
    return mask


def _any_of(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return column.map(lambda values: not wanted_set.isdisjoint(values)).astype(bool)


def filter_milestones(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    frame = dataset.milestones
    low, high = filters.years(dataset)
    mask = frame["year"].between(low, high)
    if filters.programmes:
        mask &= _any_of(frame["programmes"], filters.programmes)
    if filters.categories:
        mask &= frame["category"].isin(filters.categories)
    if filters.missions:
        mask &= frame["mission"].isin(filters.missions)
    if filters.confidence:
        mask &= frame["confidence"].isin(filters.confidence)
    if filters.query:
        mask &= query_mask(frame["search_text"], filters.query)
    # The dataset keeps milestones by date, then id, so the rows stay in order. The search text
    # (the largest column) is left behind: nothing downstream reads it, and copying it on every
    # rerun cost more than all the other columns together at 100,000 rows.
    return frame.loc[mask, frame.columns.drop("search_text")].reset_index(drop=True)


def pick_choices(milestones: pd.DataFrame, current: str | None, limit: int) -> pd.DataFrame:
    """The first `limit` milestones, in order, plus the current pick if it lies beyond them."""
    choices = milestones.head(limit)
    if current is not None and len(milestones) > limit and current not in set(choices["id"]):
        choices = pd.concat([choices, milestones[milestones["id"] == current]])
    return choices


def milestones_per_programme(milestones: pd.DataFrame, codes) -> dict[str, int]:
    """How many of the milestones name each programme code (a milestone may name several)."""
    pairs = milestones["programmes"].explode().dropna().reset_index().drop_duplicates()  # a code listed twice counts once
    counts = pairs["programmes"].value_counts()
    return {code: int(counts.get(code, 0)) for code in codes}


def _overlaps(start: pd.Series, end: pd.Series, low: int, high: int) -> pd.Series:
    """Spans with any day in [low, high]; an empty end means ongoing."""
    return (start.dt.year <= high) & (end.isna() | (end.dt.year >= low))


def _filter_spans(dataset: Dataset, filters: Filters, table: str, start: str, end: str, key: str, chosen) -> pd.DataFrame:
    """Rows whose span [start, end] meets the chosen years, narrowed to the `chosen` keys (all
    when empty), the confidence levels and the search; in order of start, then key."""
    low, high = filters.years(dataset)
    # Put in order once per dataset, not on every rerun (the key is unique: no ties to break).
    frame = dataset.remembered(
        ("in order", table, start, key), lambda: getattr(dataset, table).sort_values([start, key], ignore_index=True)
    )
    mask = _overlaps(frame[start], frame[end], low, high)
    if chosen:
        mask &= frame[key].isin(chosen)
    if filters.confidence:
        mask &= frame["confidence"].isin(filters.confidence)
    if filters.query:
        mask &= query_mask(frame["search_text"], filters.query)
    return frame[mask].reset_index(drop=True)


def filter_programmes(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    return _filter_spans(dataset, filters, "programmes", "start", "span_end", "code", filters.programmes)


def filter_cycles(dataset: Dataset, filters: Filters, programmes: pd.DataFrame) -> pd.DataFrame:
    frame = dataset.cycles
    low, high = filters.years(dataset)
    mask = frame["programme"].isin(programmes["code"]) & _overlaps(frame["start"], frame["span_end"], low, high)
    return frame[mask].reset_index(drop=True)


def filter_missions(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    return _filter_spans(dataset, filters, "missions", "participation_start", "participation_span_end", "id", filters.missions)


def filter_deployments(dataset: Dataset, filters: Filters, missions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Deployments of the missions in view, within the year range."""
    missions = filter_missions(dataset, filters) if missions is None else missions
    frame = dataset.deployments
    low, high = filters.years(dataset)
    mask = frame["year"].between(low, high) & frame["mission"].isin(missions["id"])
    if filters.confidence:
        mask &= frame["confidence"].isin(filters.confidence)
    return frame[mask].reset_index(drop=True)


def cited_source_ids(*frames: pd.DataFrame) -> set[str]:
    ids: set[str] = set()
    for frame in frames:
        ids = ids.union(*frame["source_ids"].tolist())
    return ids

"""Peak personnel, worked out in one place for every page, chart, table and sentence."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class Largest(NamedTuple):
    personnel: int
    mission: str
    year: int


def staffed(deployments: pd.DataFrame) -> pd.DataFrame:
    """The deployment rows that have a published figure."""
    return deployments.dropna(subset=["personnel"])


def peaks(deployments: pd.DataFrame) -> pd.Series:
    """Mission id -> the largest figure among the given deployments (missions with no figure
    are absent)."""
    rows = staffed(deployments)
    return rows.groupby("mission")["personnel"].max().astype("int64") if len(rows) else pd.Series(dtype="int64")


def peak_years(deployments: pd.DataFrame, mission: str) -> tuple[int | None, list[int]]:
    """(peak, the years it was reached) for one mission, or (None, [])."""
    rows = staffed(deployments[deployments["mission"] == mission])
    if not len(rows):
        return None, []
    top = int(rows["personnel"].max())
    return top, [int(y) for y in rows.loc[rows["personnel"] == top, "year"]]


def largest(deployments: pd.DataFrame) -> Largest | None:
    """The largest contingent among the given deployments (the first such row), or None."""
    rows = staffed(deployments)
    if not len(rows):
        return None
    top = rows.loc[rows["personnel"].idxmax()]
    return Largest(int(top["personnel"]), str(top["mission"]), int(top["year"]))

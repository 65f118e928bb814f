"""The Dataset: validated, typed tables of one data directory, and the values derived from them
once (labels, peaks, citations, what cites each source)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd

from dashboard import i18n
from dashboard.model import schema
from dashboard.model.citations import Citation, safe_url
from dashboard.model.version import DataVersion

T = TypeVar("T")


@dataclass(frozen=True)
class Dataset:
    """Validated, typed tables of one data directory."""

    meta: schema.DatasetMeta
    milestones: pd.DataFrame
    programmes: pd.DataFrame
    cycles: pd.DataFrame
    missions: pd.DataFrame
    deployments: pd.DataFrame
    sources: pd.DataFrame
    data_dir: Path = field(compare=False)
    decks: tuple = field(default=(), compare=False)
    version: DataVersion = field(default=DataVersion("unknown"), compare=False)
    # lang -> context -> text: the data's own translations (model/translations.py), and the
    # language this copy is worded in.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, repr=False)
    language: str = field(default=i18n.DEFAULT, compare=False)
    base: Dataset | None = field(default=None, compare=False, repr=False)  # the English dataset a translation came from

    @cached_property
    def _languages(self) -> dict[str, Dataset]:
        return {}

    def in_language(self, language: str) -> Dataset:
        """This dataset worded in `language`: made once per language and kept (the English one
        is this one)."""
        language = i18n.known(language) or i18n.DEFAULT
        base = self.base or self
        if language == base.language:
            return base
        found = base._languages.get(language)
        if found is None:
            from dashboard.model.translations import localise

            found = base._languages[language] = localise(base, language, base.translations)
        return found

    @cached_property
    def category_labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.meta.categories}

    @cached_property
    def focus_area_labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.meta.focus_areas}

    @cached_property
    def lead_types(self) -> dict[str, schema.Coded]:
        return {c.code: c for c in self.meta.lead_types}

    @cached_property
    def programme_colours(self) -> dict[str, str]:
        return dict(zip(self.programmes["code"], self.programmes["colour"], strict=False))

    @cached_property
    def programme_names(self) -> dict[str, str]:
        return dict(zip(self.programmes["code"], self.programmes["name"], strict=False))

    @cached_property
    def mission_names(self) -> dict[str, str]:
        return dict(zip(self.missions["id"], self.missions["short_name"], strict=False))

    @cached_property
    def milestone_ids(self) -> frozenset[str]:
        return frozenset(self.milestones["id"].tolist())

    @cached_property
    def year_bounds(self) -> tuple[int, int]:
        years = pd.concat([self.milestones["year"], self.deployments["year"]])
        return int(years.min()), int(years.max())

    # ----------------------------------------------------------------------------------------
    # Derived once per dataset (a cached property is computed on first use and kept)
    # ----------------------------------------------------------------------------------------

    @cached_property
    def _remembered(self) -> dict:
        return {}

    def remembered(self, key: tuple, make: Callable[[], T], keep: int = 64) -> T:
        """`make()`, made once per `key` for this dataset and kept (the last `keep` keys). For
        values that depend only on the dataset and `key`: a dataset never changes once loaded,
        and each language is its own dataset. Two sessions may make the same value at once;
        both get an equal one."""
        memo = self._remembered
        try:
            return memo[key]
        except KeyError:
            pass
        value = memo[key] = make()
        while len(memo) > keep:
            try:
                del memo[next(iter(memo))]
            except (KeyError, RuntimeError, StopIteration):  # another session evicted it first
                break
        return value

    @cached_property
    def citations(self) -> dict[str, Citation]:
        """Source id -> its citation, built once: looking each source up row by row made large
        extracts quadratic."""
        return {s.id: Citation(s.id, s.publisher, s.title, s.date_label, safe_url(s.url)) for s in self.sources.itertuples(index=False)}

    def cite(self, source_ids) -> list[Citation]:
        """The citations of the given source ids, in order, unknown ids skipped."""
        citations = self.citations
        return [citations[s] for s in source_ids if s in citations]

    @cached_property
    def _citation_texts(self) -> dict[tuple[str, ...], str]:
        return {}

    def citation_text(self, source_ids) -> str:
        """'Publisher, “Title”, date. URL; …' for a row's sources; each combination of sources is
        worded once (extracts of 100,000 rows repeat a few hundred combinations)."""
        key = tuple(source_ids)
        text = self._citation_texts.get(key)
        if text is None:
            text = self._citation_texts[key] = "; ".join(c.text() for c in self.cite(key))
        return text

    @cached_property
    def cited_by(self) -> dict[str, list[str]]:
        """Source id -> the records that cite it, in words ('milestone: NATO launches Partnership
        for Peace', 'personnel: KFOR 2002', …)."""
        index: dict[str, list[str]] = {}

        def add(ids, label):
            for source_id in ids:
                index.setdefault(source_id, []).append(label)

        for title, date, ids in zip(self.milestones["title"], self.milestones["date_label"], self.milestones["source_ids"], strict=True):
            add(ids, f"milestone: {title} ({date})")
        for name, ids in zip(self.programmes["name"], self.programmes["source_ids"], strict=True):
            add(ids, f"programme: {name}")
        for name, ids in zip(self.missions["name"], self.missions["source_ids"], strict=True):
            add(ids, f"mission: {name}")
        for mission, year, ids in zip(self.deployments["mission"], self.deployments["year"], self.deployments["source_ids"], strict=True):
            add(ids, f"personnel: {self.mission_names.get(mission, mission)} {year}")
        for programme, label, ids in zip(self.cycles["programme"], self.cycles["label"], self.cycles["source_ids"], strict=True):
            add(ids, f"cycle: {self.programme_names.get(programme, programme)} {label}")
        return index

    @cached_property
    def latest_evidence(self) -> pd.Series:
        """Per programme code, the last day a milestone or a cycle attests it (dear at 100,000
        milestones, so worked out once)."""
        milestones = self.milestones
        per_code = pd.DataFrame({"code": milestones["programmes"], "day": milestones["end_date"].fillna(milestones["date"])}).explode(
            "code"
        )
        cycles = pd.DataFrame({"code": self.cycles["programme"], "day": self.cycles["span_end"].fillna(self.cycles["start"])})
        evidence = pd.concat([per_code.dropna(subset=["code"]), cycles], ignore_index=True)
        return evidence.groupby("code")["day"].max() if len(evidence) else pd.Series(dtype="datetime64[us]")

    @cached_property
    def noted_records(self) -> pd.DataFrame:
        """The records other than milestones that carry a note (they do not follow the filters):
        kind, about, date, confidence, note, source_ids."""
        rows = []
        for r in self.programmes[self.programmes["note"] != ""].itertuples():
            rows.append(("Programme", r.name, r.dates_label, str(r.confidence), r.note, r.source_ids))
        for r in self.cycles[self.cycles["note"] != ""].itertuples():
            rows.append(
                (
                    "Programme cycle",
                    f"{self.programme_names.get(r.programme, r.programme)}: {r.label}",
                    "",
                    str(r.confidence),
                    r.note,
                    r.source_ids,
                )
            )
        for r in self.missions[self.missions["note"] != ""].itertuples():
            rows.append(("Mission", r.name, r.participation_dates, str(r.confidence), r.note, r.source_ids))
        for r in self.deployments[self.deployments["note"] != ""].itertuples():
            rows.append(
                (
                    "Personnel",
                    f"{self.mission_names.get(r.mission, r.mission)} {r.year}",
                    str(r.year),
                    str(r.confidence),
                    r.note,
                    r.source_ids,
                )
            )
        return pd.DataFrame(rows, columns=["kind", "about", "date", "confidence", "note", "source_ids"])

"""One description of a slide, for every output: `describe` says what a slide shows (title, the
figure, a one-sentence summary, its sources, confidence and conflict notes, speaker notes);
the Streamlit briefing page (ui/slides.py) and the HTML pack (render/pack.py) each render it.

Each slide kind of model/registry.py has one figure builder in FIGURES.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import plotly.graph_objects as go

from dashboard.i18n import _, pgettext
from dashboard.model import schema, summary
from dashboard.model.cards import MilestoneCard, milestone_card
from dashboard.model.citations import Citation
from dashboard.model.dataset import Dataset
from dashboard.model.filters import (
    Filters,
    cited_source_ids,
    filter_cycles,
    filter_deployments,
    filter_milestones,
    filter_missions,
    filter_programmes,
)
from dashboard.model.registry import SLIDE_KINDS
from dashboard.model.slides import slide_filters
from dashboard.model.urlstate import describe_filters
from dashboard.render import charts, geo, timeline

PRESENTER_FONT = 20


@dataclass(frozen=True)
class SlideSpec:
    """Everything one slide shows, renderer-neutral."""

    title: str
    kind: str
    kind_label: str
    filters_text: str
    figure: go.Figure | None
    card: MilestoneCard | None
    summary: str
    confidence: str  # a sentence on the confidence of what the slide shows
    conflicts: tuple[str, ...]  # notes where sources disagree (milestone slides)
    citations: tuple[Citation, ...]
    notes: str  # speaker notes: for the presenter, never the audience


def file_stem(deck: schema.Deck) -> str:
    """'briefing_tour': what every export of a deck is named, the word in the reader's language (kept
    to letters, digits and hyphens, so that a translation cannot make a path)."""
    word = re.sub(r"[^\w-]+", "-", pgettext("in an export's file name: one short word, no spaces", "briefing")).strip("-_")
    return f"{word or 'briefing'}_{deck.id}"


@dataclass(frozen=True)
class _Figure:
    build: Callable  # (dataset, frames, filters, world, narrow) -> Figure
    summary: Callable  # (dataset, frames, filters) -> str
    cited: Callable  # frames -> the frames whose sources the slide cites


def _frames(dataset: Dataset, filters: Filters) -> SimpleNamespace:
    milestones = filter_milestones(dataset, filters)
    programmes = filter_programmes(dataset, filters)
    missions = filter_missions(dataset, filters)
    return SimpleNamespace(
        milestones=milestones,
        programmes=programmes,
        missions=missions,
        cycles=filter_cycles(dataset, filters, programmes),
        deployments=filter_deployments(dataset, filters, missions),
    )


FIGURES: dict[str, _Figure | None] = {
    "timeline": _Figure(
        lambda d, f, flt, world, narrow: timeline.timeline_figure(
            d, f.milestones, f.programmes, f.cycles, f.missions, year_range=flt.chosen_years()
        ),
        lambda d, f, flt: summary.milestones_sentence(d, flt, f.milestones),
        lambda f: (f.milestones,),
    ),
    "year_strip": _Figure(
        lambda d, f, flt, world, narrow: charts.year_strip_figure(d, f.milestones, narrow=narrow),
        lambda d, f, flt: summary.milestones_sentence(d, flt, f.milestones),
        lambda f: (f.milestones,),
    ),
    "map": _Figure(
        lambda d, f, flt, world, narrow: geo.mission_map_figure(d, f.missions, f.deployments, world),
        lambda d, f, flt: summary.missions_sentence(d, f.missions, f.deployments),
        lambda f: (f.missions,),
    ),
    "personnel": _Figure(
        lambda d, f, flt, world, narrow: charts.personnel_figure(d, f.deployments, f.missions, narrow=narrow),
        lambda d, f, flt: summary.missions_sentence(d, f.missions, f.deployments),
        lambda f: (f.deployments,),
    ),
    "programme_matrix": _Figure(
        lambda d, f, flt, world, narrow: charts.programme_matrix_figure(d, f.programmes),
        lambda d, f, flt: summary.matrix_sentence(d, f.programmes),
        lambda f: (f.programmes,),
    ),
    "programme_spans": _Figure(
        lambda d, f, flt, world, narrow: charts.programme_spans_figure(d, f.programmes, f.cycles),
        lambda d, f, flt: summary.programmes_sentence(d, f.programmes),
        lambda f: (f.programmes,),
    ),
    "milestone": None,  # a card, not a figure
}
if set(FIGURES) != set(SLIDE_KINDS):  # pragma: no cover - a registry edit without its builder
    raise RuntimeError(f"slide kinds without a figure builder: {set(SLIDE_KINDS) ^ set(FIGURES)}")


def describe(dataset: Dataset, slide: schema.Slide, world: dict | None = None, narrow: bool = False) -> SlideSpec:
    """What `slide` shows, for any renderer. `world` is the map outlines (loaded if not given);
    `narrow` (a phone's width) lays its chart out as the page of the same view does there."""
    filters = slide_filters(slide)
    kind = SLIDE_KINDS[slide.view]
    figure, card, text, confidence, conflicts, source_ids = None, None, "", "", (), set()
    builder = FIGURES[slide.view]
    if builder is None:
        rows = dataset.milestones[dataset.milestones["id"] == slide.milestone]
        if len(rows):
            card = milestone_card(dataset, rows.iloc[0])
            text = _("{date}: {title}.").format(date=card.date_label, title=card.title)
            confidence = _("Confidence: {level}.").format(level=card.confidence)
            conflicts = (card.note,) if card.note else ()
            source_ids = set(rows.iloc[0]["source_ids"])
    else:
        frames = _frames(dataset, filters)
        figure = builder.build(dataset, frames, filters, world if world is not None or slide.view != "map" else geo.load_world(), narrow)
        figure.update_layout(font=dict(size=PRESENTER_FONT))
        text = builder.summary(dataset, frames, filters)
        confidence = summary.confidence_sentence(dataset, frames.milestones) if builder.cited(frames)[0] is frames.milestones else ""
        source_ids = cited_source_ids(*builder.cited(frames))
    known = dataset.sources["id"].tolist()
    return SlideSpec(
        title=slide.title,
        kind=slide.view,
        kind_label=_(kind.label),  # declared with N_ in the registry
        filters_text=describe_filters(filters, dataset),
        figure=figure,
        card=card,
        summary=text,
        confidence=confidence,
        conflicts=conflicts,
        citations=tuple(dataset.cite([s for s in known if s in source_ids])),
        notes=slide.notes.strip(),
    )

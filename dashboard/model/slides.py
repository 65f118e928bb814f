"""Slides and the filters they carry: a deck's slide <-> the Filters of the view it shows."""

from __future__ import annotations

from dashboard.model import schema
from dashboard.model.filters import Filters


def slide_filters(slide: schema.Slide) -> Filters:
    f = slide.filters
    years = f.years or [None, None]
    return Filters(
        year_from=years[0],
        year_to=years[1],
        programmes=tuple(f.programmes),
        categories=tuple(f.categories),
        missions=tuple(f.missions),
        confidence=tuple(f.confidence),
        query=f.q,
    )


def view_slide(title: str, view: str, filters: Filters, milestone: str | None = None, notes: str = "") -> schema.Slide:
    """A slide for the session's deck, from the view a user is looking at."""
    return schema.Slide(
        title=title,
        view=view,
        milestone=milestone,
        notes=notes,
        filters=schema.SlideFilters(
            years=[filters.year_from, filters.year_to] if filters.year_from is not None and filters.year_to is not None else None,
            programmes=list(filters.programmes),
            categories=list(filters.categories),
            missions=list(filters.missions),
            confidence=list(filters.confidence),
            q=filters.query,
        ),
    )

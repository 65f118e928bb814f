import re

import pytest

from dashboard import briefing, schema
from dashboard.filters import Filters


@pytest.fixture(scope="module")
def pack(freedonia):
    return briefing.deck_html(freedonia, freedonia.decks[0])


def test_slide_content_per_view(freedonia):
    timeline, where, visit = (briefing.slide_content(freedonia, s) for s in freedonia.decks[0].slides)
    assert timeline.figure is not None and timeline.milestone is None
    assert timeline.summary.startswith("6 milestones between 1995 and 2006")
    assert set(where.source_ids) == {"F2", "F3"}
    assert where.filters_text == "2000–2004"
    assert visit.figure is None and visit.milestone["id"] == "chief-visits"
    assert visit.source_ids == ("F1",)


def test_view_slide_keeps_the_filters(freedonia):
    slide = briefing.view_slide("T", "timeline", Filters(year_from=2000, year_to=2003, programmes=("PLAN",), query="x"))
    assert slide.filters == schema.SlideFilters(years=[2000, 2003], programmes=["PLAN"], q="x")
    from dashboard.decks import slide_filters

    assert slide_filters(slide) == Filters(year_from=2000, year_to=2003, programmes=("PLAN",), query="x")


def test_pack_is_one_file_that_loads_nothing(pack):
    assert pack.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img|<iframe", pack)
    assert "window.PlotlyGeoAssets" in pack
    # the base layer is defined before plotly.js runs, or plotly fetches it from a CDN
    assert pack.index("window.PlotlyGeoAssets") < pack.index("plotly.js v")


def test_pack_holds_every_slide_with_notes_and_sources(pack, freedonia):
    for slide in freedonia.decks[0].slides:
        assert f"<h2>{slide.title}</h2>" in pack
    assert "Two days in Marxville." in pack
    assert "[F1]</b> League Press Office, “Freedonia joins the Forum” (2 June 1995)" in pack
    assert pack.count("<section class=slide") == 3
    assert "Freedonia test dataset, version 1." in pack


def test_hostile_text_cannot_break_out_of_the_pack(freedonia):
    deck = schema.Deck(id="x", title="</script><script>alert(1)</script>", slides=[
        schema.Slide(title="<img src=x onerror=alert(1)>", view="timeline", notes="</script><b>hi</b>"),
    ])
    text = briefing.deck_html(freedonia, deck)
    assert "<img src=x" not in text and "</script><script>alert(1)" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # figure JSON inside <script> has no raw '<'
    figures = text[text.index("const FIGURES="):]
    assert "</script>" not in figures[: figures.index(";")]


def test_pack_file_name(freedonia):
    assert briefing.pack_file_name(freedonia.decks[0]) == "briefing_tour.html"

import re

import pytest

from dashboard.model import schema
from dashboard.model.filters import Filters
from dashboard.model.slides import view_slide
from dashboard.render import pack, slides


@pytest.fixture(scope="module")
def pack_html(freedonia):
    return pack.deck_html(freedonia, freedonia.decks[0])


def test_one_description_per_slide_kind(freedonia):
    timeline, where, visit = (slides.describe(freedonia, s) for s in freedonia.decks[0].slides)
    assert timeline.figure is not None and timeline.card is None
    assert timeline.summary.startswith("6 milestones between 1995 and 2006")
    assert timeline.confidence.startswith("Confidence: ")
    assert {c.id for c in where.citations} == {"F2", "F3"}
    assert where.filters_text == "2000–2004"
    assert visit.figure is None and visit.card.title == "League chief visits Marxville"
    assert [c.id for c in visit.citations] == ["F1"]
    assert visit.notes == "Two days in Marxville."


def test_view_slide_keeps_the_filters(freedonia):
    slide = view_slide("T", "timeline", Filters(year_from=2000, year_to=2003, programmes=("PLAN",), query="x"))
    assert slide.filters == schema.SlideFilters(years=[2000, 2003], programmes=["PLAN"], q="x")
    from dashboard.model.slides import slide_filters

    assert slide_filters(slide) == Filters(year_from=2000, year_to=2003, programmes=("PLAN",), query="x")


def test_pack_is_one_file_that_loads_nothing(pack_html):
    assert pack_html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img|<iframe", pack_html)
    assert "window.PlotlyGeoAssets" in pack_html
    # the base layer is defined before plotly.js runs, or plotly fetches it from a CDN
    assert pack_html.index("window.PlotlyGeoAssets") < pack_html.index("plotly.js v")


def test_pack_holds_every_slide_with_notes_and_sources(pack_html, freedonia):
    for slide in freedonia.decks[0].slides:
        assert f"<h2>{slide.title}</h2>" in pack_html
    assert "Two days in Marxville." in pack_html
    assert "<li>League Press Office, “Freedonia joins the Forum”, 2 June 1995" in pack_html
    assert "[F1]" not in pack_html  # readers never see internal source ids
    assert pack_html.count("<section class=slide") == 3
    assert "Freedonia test dataset, version 1." in pack_html


def test_hostile_text_cannot_break_out_of_the_pack(freedonia):
    deck = schema.Deck(
        id="x",
        title="</script><script>alert(1)</script>",
        slides=[
            schema.Slide(title="<img src=x onerror=alert(1)>", view="timeline", notes="</script><b>hi</b>"),
        ],
    )
    text = pack.deck_html(freedonia, deck)
    assert "<img src=x" not in text and "</script><script>alert(1)" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # figure JSON inside <script> has no raw '<'
    figures = text[text.index("const FIGURES=") :]
    assert "</script>" not in figures[: figures.index(";")]


def test_pack_file_name(freedonia):
    assert pack.pack_file_name(freedonia.decks[0]) == "briefing_tour.html"

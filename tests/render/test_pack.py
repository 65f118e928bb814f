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


@pytest.mark.parametrize("view", ["year_strip", "personnel"])
def test_a_narrow_slide_lays_its_legend_out_as_its_page_does_on_a_phone(freedonia, view):
    slide = view_slide("T", view, Filters())
    wide, narrow = slides.describe(freedonia, slide), slides.describe(freedonia, slide, narrow=True)
    assert wide.figure.layout.legend.orientation != "v"  # across the top, as on a projector
    assert narrow.figure.layout.legend.orientation == "v" and narrow.figure.layout.legend.yref == "container"  # one entry a line, below
    assert narrow.figure.layout.height > wide.figure.layout.height


def test_view_slide_keeps_the_filters(freedonia):
    slide = view_slide("T", "timeline", Filters(year_from=2000, year_to=2003, programmes=("PLAN",), query="x"))
    assert slide.filters == schema.SlideFilters(years=[2000, 2003], programmes=["PLAN"], q="x")
    from dashboard.model.slides import slide_filters

    assert slide_filters(slide) == Filters(year_from=2000, year_to=2003, programmes=("PLAN",), query="x")


def markup(text: str) -> str:
    """The pack without the text of its <script> and <style> elements (the vendored code)."""
    return re.sub(r"(<(script|style)[^>]*>).*?(</\2>)", r"\1\3", text, flags=re.S)


def test_pack_is_one_file_that_loads_nothing(pack_html):
    assert pack_html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link|<img|<iframe|\bsrc=|\bhref=|@import", markup(pack_html))
    assert not re.search(r"url\((?!data:)", pack_html[pack_html.index("<style>") : pack_html.index("</style>")])
    assert "window.PlotlyGeoAssets" in pack_html
    # the base layer is defined before plotly.js runs, or plotly fetches it from a CDN
    assert pack_html.index("window.PlotlyGeoAssets") < pack_html.index("plotly.js v")


def test_pack_inlines_the_vendored_reveal_js(pack_html):
    assert (pack.REVEAL_DIR / "VERSION").read_text().strip() == "6.0.2"
    for name in ("reveal.js", "notes.js", "reveal.css", "white.css"):
        assert (pack.REVEAL_DIR / name).read_text(encoding="utf-8") in pack_html, name
    assert (pack.REVEAL_DIR / "LICENSE").exists() and (pack.REVEAL_DIR / "LICENSE-source-sans-pro").exists()
    assert "Reveal.initialize(" in pack_html and "plugins: [RevealNotes]" in pack_html
    # geo outlines, plotly.js, reveal.js, the notes plugin, the deck
    assert markup(pack_html).count("<script></script>") == pack_html.count("</script>") == 5


def test_a_script_that_would_end_its_element_is_refused():
    with pytest.raises(ValueError):
        pack._inline_script("const x = '</SCRIPT>';")


def test_title_slide_comes_first(pack_html, freedonia):
    slides_html = markup(pack_html)
    title = slides_html[slides_html.index('<section class="slide title-slide"') :]
    assert slides_html.index("title-slide") < slides_html.index("kind-timeline")
    assert "<h1>A short tour</h1>" in title
    assert f"<p class=dataset>{freedonia.meta.title}</p>" in title
    assert "Briefing pack made " in title and "· 3 slides" in title
    assert "Freedonia test dataset, version 1." in title
    assert f"<p class=made>Data version 1, released January 2026, content {freedonia.version.digest}</p>" in title


def test_pack_holds_every_slide_with_notes_and_sources(pack_html, freedonia):
    for slide in freedonia.decks[0].slides:
        assert f"<h2>{slide.title}</h2>" in pack_html
    # speaker notes are for reveal's speaker view only
    assert "<aside class=notes>Two days in Marxville.</aside>" in pack_html
    assert "<aside class=notes>The whole story.</aside>" in pack_html
    assert pack_html.count("<aside class=notes>") == 2  # the map slide has none
    assert "<li>League Press Office, “Freedonia joins the Forum”, 2 June 1995" in pack_html
    assert "<h3>Sources (2)</h3><ol>" in pack_html  # the map slide: a numbered list
    assert "[F1]" not in pack_html  # readers never see internal source ids
    assert pack_html.count('<section class="slide') == 4  # the title slide and three
    assert "<p class=kind>Mission map · 2000–2004</p>" in pack_html


def test_a_milestone_slide_shows_its_card(pack_html):
    visit = pack_html[pack_html.index('<section class="slide kind-milestone"') :]
    assert "<h3>League chief visits Marxville</h3>" in visit[: visit.index("</section>")]
    assert "class=chart" not in visit[: visit.index("</section>")]


def test_charts_fill_their_box_with_the_legend_above(freedonia):
    spec = slides.describe(freedonia, freedonia.decks[0].slides[0])
    figure = pack._slide_figure(spec)
    assert "height" not in figure["layout"] and figure["layout"]["autosize"] is True
    assert figure["layout"]["legend"]["orientation"] == "h" and figure["layout"]["legend"]["y"] == 1.0
    spans, lanes = figure["layout"]["yaxis"]["domain"], figure["layout"]["yaxis2"]["domain"]
    assert lanes[0] == 0.0 and lanes[1] < spans[0] and spans[1] == 1.0  # panels apart, lanes below


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

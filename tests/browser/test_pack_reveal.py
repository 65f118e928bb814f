"""The offline briefing pack (a reveal.js deck in one file), opened from disk with the network
blocked: every slide of the real `30-years` deck fits the screen with no chart over its text, the
notes stay off the audience screen, `?print-pdf` prints one page a slide, and `S` opens the
speaker view with the current slide's notes. Screenshots go to test-artifacts/pack-*.png.
"""

from __future__ import annotations

import html
import re

import pytest

from dashboard.data import load_dataset
from dashboard.render import pack
from tests.browser.conftest import ARTIFACTS, Guard

SIZES = ((1920, 1080), (1280, 720), (1024, 768))  # a 16:9 projector, a laptop, a 4:3 projector
SLIDE_READY_JS = """() => {
    const slide = Reveal.getCurrentSlide();
    const chart = slide.querySelector('.chart'), panel = slide.querySelector('.panel');
    return (!chart || chart.dataset.drawn === 'yes') && (!panel || panel.dataset.fitted === 'yes');
}"""
# What is on screen for the present slide, as rectangles in viewport pixels.
LAYOUT_JS = """() => {
    const slide = Reveal.getCurrentSlide();
    const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
    const shown = el => {
        const s = getComputedStyle(el);
        return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    const texts = [...slide.querySelectorAll('h2, .kind, .summary, .confidence, .conflict, .sources, .card')]
        .filter(shown).map(el => ({what: el.className || el.tagName, ...box(el)}));
    const chart = slide.querySelector('.chart');
    const charts = chart ? [box(chart), ...[...chart.querySelectorAll('svg.main-svg')].map(box)] : [];
    const plots = chart ? [...chart.querySelectorAll('.nsewdrag')].map(box) : [];
    const legend = chart && chart.querySelector('g.legend') ? box(chart.querySelector('g.legend')) : null;
    // the row labels of each axis (programmes, lanes, focus areas), top to bottom
    const rows = chart ? [...chart.querySelectorAll('g.yaxislayer-above')].map(layer =>
        [...layer.querySelectorAll('g.ytick text')].filter(shown).map(box).sort((a, b) => a.top - b.top)) : [];
    const outside = [...slide.querySelectorAll('.frame *')].filter(el => shown(el) && !el.closest('svg'))
        .map(el => ({what: el.tagName + '.' + el.className, ...box(el)}))
        .filter(r => r.right > r.left && (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1));
    const notes = [...slide.querySelectorAll('aside.notes')].filter(shown).length;
    return {index: Reveal.getIndices().h, texts, charts, plots, legend, rows, outside, notes,
            hasNotes: slide.querySelectorAll('aside.notes').length};
}"""


def overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


@pytest.fixture(scope="module")
def real_deck():
    dataset = load_dataset()
    (deck,) = [d for d in dataset.decks if d.id == "30-years"]
    return dataset, deck


@pytest.fixture(scope="module")
def pack_path(real_deck, tmp_path_factory):
    dataset, deck = real_deck
    path = tmp_path_factory.mktemp("pack") / pack.pack_file_name(deck)
    path.write_text(pack.deck_html(dataset, deck), encoding="utf-8")
    return path


@pytest.fixture
def offline(browser):
    """(context, guard): no request may leave the page, not even to the loopback."""
    guard = Guard(allowed_hosts=())
    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    context.route("**/*", guard.route)
    context.on("page", guard.attach)
    yield context, guard
    context.close()


def open_pack(context, guard, url: str):
    page = context.new_page()  # the context's "page" event attaches the guard
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    return page


def assert_offline(guard: Guard) -> None:
    assert [u for u in guard.blocked if not u.startswith("file://")] == []
    assert guard.page_errors == []


def check_every_slide(page, deck, frame, name: str) -> None:
    """Walks the deck at each size in SIZES (in one page, so that the later walks also show the
    drawn charts follow a resize) and checks every slide: nothing off the screen, no notes, no
    chart over text, a legend off the plot and at most a fifth of the chart, row labels apart.
    `frame` runs the checks (the page itself, or the iframe the app shows the deck in); key
    presses go to whatever has the focus."""
    count = frame.evaluate("Reveal.getTotalSlides()")
    assert count == len(deck.slides) + 1  # the title slide first
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.keyboard.press("Home")
        for index in range(count):
            frame.wait_for_function(SLIDE_READY_JS, timeout=20_000)
            where = f"{name} {width}x{height}, slide {index + 1}"
            found = frame.evaluate(LAYOUT_JS)
            assert found["index"] == index, where
            assert found["outside"] == [], f"{where}: off the screen: {found['outside']}"
            assert found["notes"] == 0 and found["hasNotes"] == (1 if index and deck.slides[index - 1].notes else 0), where
            for chart in found["charts"]:
                for text in found["texts"]:
                    assert not overlap(chart, text), f"{where}: the chart covers {text['what']}"
            if found["legend"]:
                for plot in found["plots"]:
                    assert not overlap(found["legend"], plot, slack=1), f"{where}: the legend covers the plot"
                legend_height, chart_height = (box["bottom"] - box["top"] for box in (found["legend"], found["charts"][0]))
                assert legend_height <= chart_height / 5, f"{where}: the legend takes {legend_height:.0f} of {chart_height:.0f} px"
            for labels in found["rows"]:
                for upper, lower in zip(labels, labels[1:], strict=False):
                    assert upper["bottom"] <= lower["top"] + 1, f"{where}: row labels overlap"
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}-{index + 1:02d}.png"))
            page.keyboard.press("ArrowRight")
    assert frame.locator(".chart .main-svg").count() >= len([s for s in deck.slides if s.view != "milestone"])


def test_every_slide_fits_the_screen_and_keeps_its_chart_off_its_text(offline, pack_path, real_deck):
    context, guard = offline
    _, deck = real_deck
    page = open_pack(context, guard, pack_path.as_uri())
    check_every_slide(page, deck, page, "pack")
    assert_offline(guard)


def test_print_pdf_gives_one_page_per_slide(offline, pack_path, real_deck):
    context, guard = offline
    _, deck = real_deck
    page = open_pack(context, guard, pack_path.as_uri() + "?print-pdf")
    page.wait_for_function(
        """() => document.querySelectorAll('.pdf-page').length > 0
            && [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn === 'yes')""",
        timeout=60_000,
    )
    assert page.locator("section.slide .chart .main-svg").count() >= 1
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "pack-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == len(deck.slides) + 1
    assert_offline(guard)


def test_speaker_view_opens_on_s_with_the_slides_notes(offline, pack_path, real_deck):
    context, guard = offline
    _, deck = real_deck
    page = open_pack(context, guard, pack_path.as_uri() + "#/2")  # the deck's second slide
    assert page.locator(".slides > section.present h2").inner_text() == deck.slides[1].title
    with page.expect_popup() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    notes = speaker.locator(".speaker-controls-notes:not(.hidden) .value")
    notes.wait_for(timeout=30_000)

    def words(text: str) -> str:
        return " ".join(text.split())

    assert words(notes.inner_text()) == words(deck.slides[1].notes)
    assert speaker.locator("#current-slide iframe").count() == 1 and speaker.locator("#upcoming-slide iframe").count() == 1
    assert re.fullmatch(r"\d\d:\d\d:\d\d", speaker.locator(".speaker-controls-time .timer").inner_text().strip())
    speaker.screenshot(path=str(ARTIFACTS / "pack-speaker-view.png"))
    page.keyboard.press("ArrowRight")  # the speaker view follows the audience screen
    speaker.wait_for_function(
        "(expected) => document.querySelector('.speaker-controls-notes .value').innerText.replace(/\\s+/g, ' ').trim() === expected",
        arg=words(deck.slides[2].notes),
        timeout=10_000,
    )
    assert page.locator(".slides > section.present aside.notes").is_hidden()
    assert_offline(guard)


def test_pack_steps_inside_an_iframe_srcdoc(offline, pack_path):
    """The Briefing page's audience screen shows the pack in an iframe: there the address has no
    room for the slide (#/4), and stepping must still work."""
    context, guard = offline
    page = context.new_page()
    page.set_content(
        f"<iframe id=deck style='width:1200px;height:680px;border:0' srcdoc=\"{html.escape(pack_path.read_text(), quote=True)}\">"
    )
    deck = page.frame_locator("#deck")
    frame = page.frames[1]
    frame.wait_for_function("() => window.Reveal && Reveal.isReady()")
    frame.evaluate("Reveal.slide(4)")  # the map
    frame.wait_for_function(SLIDE_READY_JS, timeout=20_000)
    assert deck.locator(".slides > section.present path.choroplethlocation").count() > 10
    assert_offline(guard)

"""Hostile data in a real browser: every page of the app on tests/fixtures/hostile, and the
one-file briefing pack opened from disk. No script may run (no dialog ever opens), no element
may be made from data (`img[src="x"]`, `javascript:` links, handlers), and nothing may be fetched
from outside the machine.
"""

from __future__ import annotations

import pytest

from dashboard.data import load_dataset
from dashboard.render import pack
from tests.browser.conftest import Guard, Server, wait_for_app
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
IMG_TEXT = "<img src=x onerror=alert(1)>"

# (path, charts drawn, shows the <img> payload as text)
PAGES = {
    "overview": ("/", 1),
    "timeline-details": ("/timeline?milestone=forum-joined", 1),
    "timeline-by-programme": ("/timeline?lanes=programme&milestone=chief-visits", 1),
    "missions": ("/missions", 2),
    "programmes-compare": ("/programmes?compare=FORUM&compare=TRAIN&compare=PLAN", 2),
    "sources": ("/sources", 0),
    "briefing-timeline": ("/briefing?deck=hostile&slide=1", 1),
    "briefing-map": ("/briefing?deck=hostile&slide=2", 1),
    "briefing-milestone": ("/briefing?deck=hostile&slide=7", 0),
}
ACTIVE_ELEMENTS_JS = """() => ({
    imgX: document.querySelectorAll('img[src="x"]').length,
    handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
      .filter(a => /^on/i.test(a.name) && /alert/.test(a.value)).map(a => el.tagName + ' ' + a.name)),
    jsLinks: [...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]
      .map(el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action'))
      .filter(h => /^\\s*(javascript|data|vbscript):/i.test(h)),
    frames: document.querySelectorAll('iframe[src*="evil"], embed, object').length,
    dataScripts: [...document.querySelectorAll('script')].filter(s => s.textContent.trim().startsWith('alert(1)')).length,
    scripts: document.querySelectorAll('script').length,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    text: document.body.innerText,
})"""


@pytest.fixture(scope="module")
def hostile_server():
    srv = Server(data_dir=HOSTILE, log_name="server-hostile")
    yield srv
    srv.stop()


@pytest.fixture
def watched(browser):
    """(page, guard, dialogs): external requests blocked and recorded, every dialog recorded."""
    guard, dialogs = Guard(), []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, guard, dialogs
    context.close()


def assert_inert(page, dialogs, name):
    found = page.evaluate(ACTIVE_ELEMENTS_JS)
    assert dialogs == [], f"{name}: a dialog opened: {dialogs}"
    assert found["imgX"] == 0 and found["handlers"] == [] and found["jsLinks"] == [] and found["frames"] == 0, (name, found)
    assert found["dataScripts"] == 0 and found["exceptions"] == 0, (name, found)
    return found["text"]


@pytest.mark.parametrize("name", PAGES)
def test_hostile_data_shows_as_text_and_never_runs(hostile_server, watched, name):
    page, guard, dialogs = watched
    path, charts = PAGES[name]
    page.goto(hostile_server.url + path)
    wait_for_app(page, charts=charts)
    text = assert_inert(page, dialogs, name)
    assert IMG_TEXT in text or "[x](javascript:alert(1))" in text, f"{name}: the hostile text is not shown at all"
    assert guard.page_errors == []


@pytest.mark.parametrize("name", PAGES)
def test_hostile_data_fetches_nothing_from_outside(hostile_server, watched, name):
    page, guard, _ = watched
    path, charts = PAGES[name]
    page.goto(hostile_server.url + path)
    wait_for_app(page, charts=charts)
    page.wait_for_timeout(500)
    assert guard.blocked == [], f"{name}: requests left the machine: {guard.blocked}"


def test_timeline_hover_labels_show_markup_as_text(hostile_server, watched):
    page, _, dialogs = watched
    page.goto(hostile_server.url + "/timeline")
    wait_for_app(page)
    seen = []
    points = page.locator('[data-testid="stPlotlyChart"] .scatterlayer path.point')
    for index in range(points.count()):
        points.nth(index).hover(force=True)
        page.wait_for_timeout(150)
        label = page.locator(".hoverlayer .hovertext")
        if label.count():
            seen.append(label.first.text_content())
    assert any(IMG_TEXT in text for text in seen), seen
    assert page.locator(".hoverlayer img, .hoverlayer a").count() == 0
    assert_inert(page, dialogs, "timeline hover")


def test_crafted_link_fetches_nothing(hostile_server, watched):
    page, guard, dialogs = watched
    page.goto(hostile_server.url + "/sources?programme=!%5Bt%5D(http://evil.example/link.png)&q=!%5Bq%5D(http://evil.example/q.png)")
    wait_for_app(page, charts=0)
    assert_inert(page, dialogs, "crafted link")
    assert [u for u in guard.blocked if "link.png" in u or "q.png" in u] == []


def test_dollar_signs_in_data_stay_text(hostile_server, watched):
    page, _, _ = watched
    page.goto(hostile_server.url + "/")
    wait_for_app(page)
    assert page.locator(".katex").count() == 0


def test_briefing_pack_from_disk_runs_nothing_and_fetches_nothing(browser, tmp_path):
    data = load_dataset(HOSTILE)
    (deck,) = [d for d in data.decks if d.id == "hostile"]
    pack_path = tmp_path / pack.pack_file_name(deck)
    pack_path.write_text(pack.deck_html(data, deck), encoding="utf-8")

    guard, dialogs = Guard(allowed_hosts=()), []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(pack_path.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.locator(".slides > section.present h1").inner_text() == deck.title  # the title slide
        titles = []
        for _ in deck.slides:
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            titles.append(page.locator(".slides > section.present h2").inner_text())
            assert_inert(page, dialogs, f"pack slide {len(titles)}")
            # map outlines, plotly.js, reveal.js, its notes plugin, the deck: none from data
            assert page.evaluate(ACTIVE_ELEMENTS_JS)["scripts"] == 5
        assert titles[0] == "<script>alert(1)</script>" and titles[-1] == "<iframe src=http://evil.example></iframe>"
        assert page.locator("section.slide .js-plotly-plot .main-svg").count() >= 1
        # the speaker view writes the notes into its own window: still text, nothing fetched
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")
        with page.expect_popup() as popup:
            page.keyboard.press("s")
        speaker = popup.value
        guard.attach(speaker)
        speaker.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        speaker.locator(".speaker-controls-notes:not(.hidden) .value").wait_for(timeout=30_000)
        assert IMG_TEXT in assert_inert(speaker, dialogs, "speaker view")
        guard.assert_clean()
    finally:
        context.close()

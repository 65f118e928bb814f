"""Every reader: a phone at 390×844 and a keyboard or screen-reader user at a desktop.

axe-core (bundled by axe-playwright-python, offline) checks every page at both widths: zero
serious or critical violations. On a phone the sidebar starts closed, nothing scrolls sideways,
and the timeline is a list, not a chart too narrow to read.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Guard, screenshot, wait_for_app

PAGES = ["", "timeline", "missions", "programmes", "sources", "changes", "briefing"]
PHONE_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
WIDTHS = {
    "desktop": dict(viewport={"width": 1440, "height": 900}),
    "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT, device_scale_factor=2),
}
# On a phone the timeline is a list (no chart); the other pages keep theirs.
PHONE_CHARTS = {"timeline": 0, "programmes": 0, "briefing": 0}  # slide 1 of the deck is a timeline


@pytest.fixture(params=list(WIDTHS), scope="module")
def reader(request, browser):
    guard = Guard()
    context = browser.new_context(**WIDTHS[request.param])
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    yield request.param, page, guard
    context.close()


def open_page(server, page, path, width):
    page.goto(f"{server.url}/{path}")
    wait_for_app(page, charts=PHONE_CHARTS.get(path) if width == "phone" else None)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(server, reader, path):
    from axe_playwright_python.sync_playwright import Axe

    width, page, guard = reader
    open_page(server, page, path, width)
    page.wait_for_timeout(500)  # the page's style settles after its last element
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{width} /{path}: {bad}"
    guard.assert_clean()


@pytest.mark.parametrize("path", PAGES)
def test_a_phone_gets_a_page_that_fits(server, browser, path):
    guard = Guard()
    context = browser.new_context(**WIDTHS["phone"])
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    open_page(server, page, path, "phone")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true", "the sidebar covers the page on first load"
    if path == "timeline":
        body = page.inner_text("body")
        assert "4 May 1994" in body and "Heydar Aliyev signs the PfP Framework Document" in body  # the list of dated milestones
    screenshot(page, f"phone-{path or 'overview'}", full=True)
    guard.assert_clean()
    context.close()


def test_a_phone_shows_no_lanes_for_its_list_and_keeps_those_of_the_link(server, browser):
    guard = Guard()
    context = browser.new_context(**WIDTHS["phone"])
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    page.goto(f"{server.url}/timeline?lanes=programme")
    expect(page.get_by_role("radio", name="Table")).to_have_count(1)  # the view's switch, once the page is drawn
    wait_for_app(page, charts=0)
    assert page.get_by_role("radio", name="By programme").count() == 0  # the list has no lanes
    assert parse_qs(urlparse(page.url).query).get("lanes") == ["programme"]  # a link shared from the phone keeps them
    guard.assert_clean()
    context.close()


def test_page_links_and_controls_show_a_focus_ring(server, guarded):
    page, _ = guarded
    page.goto(server.url + "/sources")
    wait_for_app(page)
    # Streamlit draws page links about half a second after the rest of the page (seen 0.3-0.7 s).
    page.wait_for_selector('[data-testid="stPageLink-NavLink"]', timeout=10_000)
    reached = []
    for _ in range(40):  # tab until a page link has the focus
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.getAttribute('data-testid') || document.activeElement.tagName"))
        if reached[-1] == "stPageLink-NavLink":
            break
    else:
        pytest.fail(f"no page link was reached with the Tab key: {reached}")
    # The page's style arrives in an st.html block whose bundle loads lazily; on a loaded machine
    # (CI) it can land after the page links, so give it a few seconds to apply.
    ring = "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'solid' && s.outlineWidth !== '0px'; }"
    try:
        page.wait_for_function(ring, timeout=10_000)
    except Exception:
        outline = page.evaluate(
            "() => getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth"
        )
        pytest.fail(f"the focused page link shows no focus ring: outline {outline}")
    anchors = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stHeaderActionElements\"] a')].length")
    assert anchors == 0, "headings carry 'Link to heading' anchors, stray tab stops"


def test_the_offline_pack_has_no_serious_accessibility_violations(browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    from dashboard.data import load_dataset
    from dashboard.render import pack
    from tests.conftest import REAL_DATA

    dataset = load_dataset(REAL_DATA)
    deck = next(d for d in dataset.decks if d.id == "30-years")
    path = tmp_path / pack.pack_file_name(deck)
    path.write_text(pack.deck_html(dataset, deck), encoding="utf-8")
    guard = Guard(allowed_hosts=set())
    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    found = []
    for index in (0, 1, 3, 4):  # the title, the timeline, a milestone card, the map
        page.evaluate(f"Reveal.slide({index})")
        page.wait_for_timeout(800)
        results = Axe().run(page)
        found += [(index, v["id"], v["impact"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert found == []
    assert [u for u in guard.blocked if not u.startswith("file://")] == []
    context.close()

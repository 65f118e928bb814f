"""The audience screen (?present=1): the slide and nothing else, filling 16:9 and 4:3 screens."""

import pytest

from tests.browser.conftest import Guard, screenshot


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1024, 768)])
def test_the_audience_screen_shows_only_the_slide(server, browser, width, height):
    guard = Guard()
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    page.goto(server.url + "/briefing?deck=30-years&slide=4&present=1")
    frame = page.frame_locator("iframe").first
    frame.locator("section.present h2, section.present h1").first.wait_for(timeout=60_000)
    assert "Peacekeeping contributions" in frame.locator("section.present").first.inner_text()
    box = page.locator("iframe").first.bounding_box()
    assert box["x"] <= 0 and box["y"] <= 0 and box["width"] >= width - 1 and box["height"] >= height - 1  # fills the screen
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    notes = frame.locator("section.present aside.notes")
    assert notes.count() == 0 or not notes.first.is_visible()  # speaker notes never reach the room
    page.mouse.click(width / 2, height / 2)
    page.keyboard.press("ArrowRight")
    frame.locator("section.present", has_text="Personnel by mission and year").first.wait_for(timeout=20_000)
    screenshot(page, f"present-{width}x{height}", full=False)
    guard.assert_clean()
    context.close()

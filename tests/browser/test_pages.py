"""Every page in real Chromium, with every external request blocked."""

import pytest

from tests.browser.conftest import screenshot, wait_for_app

PAGES = {
    "overview": "/",
    "timeline": "/timeline",
    "missions": "/missions",
    "programmes": "/programmes",
    "sources": "/sources",
    "changes": "/changes",
    "briefing": "/briefing",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(server, guarded, name):
    page, guard = guarded
    page.goto(server.url + PAGES[name])
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= (0 if name in ("sources", "changes") else 1)
    assert page.locator("h1").first.inner_text().strip()
    screenshot(page, f"page-{name}")
    guard.assert_clean()

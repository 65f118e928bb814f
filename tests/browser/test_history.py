"""Back and Forward step through views, as in any web app: each deliberate change is one entry."""

from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import wait_for_app


def query(page):
    return parse_qs(urlparse(page.url).query)


def search_box(page):
    return page.get_by_role("textbox", name="Search")


def test_back_and_forward_step_through_filter_changes(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/timeline")
    wait_for_app(page)
    box = search_box(page)
    box.fill("Iraq")
    box.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Iraq'")
    wait_for_app(page)
    box = search_box(page)
    box.fill("Iraq Haditha")
    box.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Iraq Haditha'")
    wait_for_app(page)

    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Iraq'")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('input[aria-label=\"Search\"]').value === 'Iraq'")
    assert search_box(page).input_value() == "Iraq"
    assert "“Iraq”" in page.inner_text("body") and "Haditha" not in search_box(page).input_value()

    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('q')")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('input[aria-label=\"Search\"]').value === ''")
    assert urlparse(page.url).path.endswith("/timeline") and "q" not in query(page)

    page.go_forward()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Iraq'")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('input[aria-label=\"Search\"]').value === 'Iraq'")
    assert query(page)["q"] == ["Iraq"]
    guard.assert_clean()

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


def test_a_whole_view_link_opened_cold_reproduces_lanes_milestone_and_compare(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/timeline?years=1994&years=2006&lanes=programme&milestone=pfp-framework-signed")
    wait_for_app(page)
    assert page.get_by_role("radio", name="By programme").is_checked() or "By programme" in page.inner_text("body")
    lanes = page.evaluate(
        "() => document.querySelector('[data-testid=\"stPlotlyChart\"] .js-plotly-plot')._fullLayout.yaxis2.ticktext || []"
    )
    assert any("Partnership for Peace" in label for label in lanes), lanes  # lanes are programmes, not categories
    assert "Heydar Aliyev signs the PfP Framework Document" in page.inner_text("body")  # the chosen milestone's card
    assert query(page) == {"years": ["1994", "2006"], "lanes": ["programme"], "milestone": ["pfp-framework-signed"]}
    page.get_by_role("button", name="Copy link to this view").click()
    shown = page.locator('[data-testid="stCode"]').last.inner_text()
    assert "/timeline?" in shown and "lanes=programme" in shown and "milestone=pfp-framework-signed" in shown

    page.goto(server.url + "/programmes?compare=PfP&compare=DEEP")
    wait_for_app(page)
    assert query(page)["compare"] == ["PfP", "DEEP"]
    body = page.inner_text("body")
    assert "Defence Education Enhancement Programme" in body and "Partnership for Peace" in body
    page.goto(server.url + "/timeline?view=Table")
    wait_for_app(page, charts=0)
    assert page.get_by_role("radio", name="Table").get_attribute("aria-checked") == "true"
    guard.assert_clean()

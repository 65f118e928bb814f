"""What a person does in the browser: open a shared link, change a filter, download a CSV, read the map."""

from urllib.parse import parse_qs, urlparse

from dashboard.data import load_dataset
from dashboard.model.filters import Filters, filter_milestones
from dashboard.render.export import csv_bytes, extract_file_name, milestones_table
from tests.browser.conftest import screenshot, wait_for_app
from tests.conftest import REAL_DATA

SHARED = "/timeline?years=2000&years=2010&programme=PfP&programme=DEEP&q=Kabul"
MILESTONE_IDS_JS = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    return gd.data.filter(t => t.customdata && t.y && t.xaxis === 'x2' || (t.customdata && t.mode === 'markers'))
                  .flatMap(t => t.customdata.map(c => Array.isArray(c) ? c[0] : c))
                  .filter(v => typeof v === 'string');
}"""


def expected_ids(filters):
    return sorted(set(filter_milestones(load_dataset(REAL_DATA), filters)["id"]))


def drawn_ids(page):
    return sorted(set(page.evaluate(MILESTONE_IDS_JS)))


def test_a_shared_link_opened_cold_reproduces_the_view(server, guarded):
    page, guard = guarded
    page.goto(server.url + SHARED)
    wait_for_app(page)
    filters = Filters(year_from=2000, year_to=2010, programmes=("PfP", "DEEP"), query="Kabul")
    assert page.get_by_role("textbox", name="Search").input_value() == "Kabul"
    assert "Showing 2000–2010 · Partnership for Peace, Defence Education Enhancement Programme · “Kabul”" in page.inner_text("body")
    assert drawn_ids(page) == expected_ids(filters)
    query = parse_qs(urlparse(page.url).query)
    assert query == {"years": ["2000", "2010"], "programme": ["PfP", "DEEP"], "q": ["Kabul"]}
    screenshot(page, "shared-link-timeline")
    guard.assert_clean()


def test_changing_a_filter_updates_the_chart_and_the_url(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/timeline")
    wait_for_app(page)
    everything = drawn_ids(page)
    assert everything == expected_ids(Filters())
    box = page.get_by_role("textbox", name="Search")
    box.fill("Kabul")
    box.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Kabul'")
    wait_for_app(page)
    narrowed = drawn_ids(page)
    assert narrowed == expected_ids(Filters(query="Kabul"))
    assert 0 < len(narrowed) < len(everything)
    guard.assert_clean()


def test_filters_survive_navigation_between_pages(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/timeline?years=2003&years=2008&mission=IRQ")
    wait_for_app(page)
    page.get_by_role("link", name="Missions").click()
    page.wait_for_url("**/missions**")
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query) == {"years": ["2003", "2008"], "mission": ["IRQ"]}
    assert "Showing 2003–2008 · Iraq" in page.inner_text("body")
    guard.assert_clean()


def test_downloaded_csv_holds_exactly_the_filtered_rows(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/timeline?years=2000&years=2010&programme=PfP")
    wait_for_app(page)
    state_before = page.evaluate("() => document.querySelector('[data-testid=stApp]').dataset.testScriptState")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download milestones CSV").click()
    download = info.value
    data = load_dataset(REAL_DATA)
    filters = Filters(year_from=2000, year_to=2010, programmes=("PfP",))
    assert (
        download.suggested_filename == extract_file_name("milestones", filters, data) == f"milestones_2000-2010_PfP_{data.version.slug}.csv"
    )
    with open(download.path(), "rb") as handle:
        assert handle.read() == csv_bytes(milestones_table(data, filter_milestones(data, filters)))
    # the download did not rerun the app (on_click="ignore")
    assert state_before == "notRunning"
    assert page.evaluate("() => document.querySelector('[data-testid=stApp]').dataset.testScriptState") == "notRunning"
    guard.assert_clean()


def test_the_map_draws_afghanistan_iraq_kosovo_and_home_offline(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/missions")
    wait_for_app(page)
    # outlines load after the chart's frame: wait for the country shapes themselves
    page.wait_for_function("() => document.querySelectorAll('path.choroplethlocation').length > 10", timeout=30_000)
    shapes = page.evaluate(
        """() => [...document.querySelectorAll('path.choroplethlocation')].map(el => {
              const box = el.getBBox();
              return {loc: (el.__data__ || {}).loc, w: box.width, h: box.height, fill: getComputedStyle(el).fill};
           })"""
    )
    drawn = {s["loc"]: s for s in shapes if s["w"] > 3 and s["h"] > 3}
    for iso in ("AFG", "IRQ", "XKX", "AZE"):
        assert iso in drawn, f"{iso} was not drawn"
    # the mission countries are shaded (not the grey background)
    fills = {s["fill"] for s in shapes if s["loc"] in ("AFG", "IRQ", "XKX")}
    assert any(fill != "rgb(227, 229, 232)" for fill in fills)
    markers = page.locator(".scattergeo .point").count()
    assert markers >= 5  # four missions and the capital
    screenshot(page, "missions-map", full=False)
    guard.assert_clean()


def _key_figures(page) -> dict[str, str]:
    """The Overview's key figures as the reader sees them: label -> value."""
    metrics = page.locator('[data-testid="stMetric"]').all()
    label, value = '[data-testid="stMetricLabel"]', '[data-testid="stMetricValue"]'
    return {m.locator(label).inner_text().strip(): m.locator(value).inner_text().strip() for m in metrics}


def test_key_figures_follow_a_year_filter(server, guarded):
    """The same figures as the model works out for the real data, unfiltered and for 2002–2014."""
    page, guard = guarded
    page.goto(server.url + "/")
    wait_for_app(page)
    everything = _key_figures(page)
    page.goto(server.url + "/?years=2002&years=2014")
    wait_for_app(page)
    page.wait_for_function("() => document.body.innerText.includes('Years in view')", timeout=20_000)
    narrowed = _key_figures(page)
    assert everything["Years of partnership"] == "34" and "Years in view" not in everything
    assert narrowed["Years in view"] == "13" and "2002–2014 of 34 years since March 1992" in page.inner_text("body")
    assert (everything["Programmes and mechanisms"], narrowed["Programmes and mechanisms"]) == ("18", "15")
    assert (everything["Missions"], narrowed["Missions"]) == ("4", "3")
    guard.assert_clean()


# The ground of every hatching pattern in the overview's year strip, and which legend keys use one.
HATCHING_JS = """() => {
  const chart = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  const grounds = [...chart.querySelectorAll('pattern')].map(p => {
    const rect = p.querySelector('rect');
    return rect ? [rect.getAttribute('fill'), rect.getAttribute('fill-opacity')] : null;
  });
  const hatchedKeys = [...chart.querySelectorAll('.legend .traces')]
    .filter(t => (t.querySelector('.legendpoints path')?.style.fill || '').startsWith('url('))
    .map(t => t.textContent);
  return {grounds, hatchedKeys};
}"""


def test_every_category_of_the_year_strip_is_drawn_in_colour(server, guarded):
    """The real data has nine categories and the palette eight colours, so the ninth is hatched.
    Streamlit's plotly.js draws a pattern in its default mode as white lines on nothing: that
    category's bars and legend key were invisible on the page (kaleido's copy drew them)."""
    page, guard = guarded
    page.goto(server.url + "/")
    wait_for_app(page)
    hatching = page.evaluate(HATCHING_JS)
    assert hatching["hatchedKeys"] == ["Conferences and anniversaries"]
    grounds = hatching["grounds"]
    assert grounds and all(g is not None and g[0] not in ("transparent", "rgba(0, 0, 0, 0)") and g[1] != "0" for g in grounds), grounds
    guard.assert_clean()

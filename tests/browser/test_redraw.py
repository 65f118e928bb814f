"""plotly.js in Chromium redraws a copy of a settled figure without touching the page.

Streamlit's chart draws every new figure, then at once draws a deep copy of it again (see
`style.settled`). These tests do the same with plotly.js on a blank offline page: the copy of a
settled figure changes no node of the chart, while a figure that is not settled is drawn again in
full, and a settled figure with other data is still redrawn.
"""

import json

import plotly.io as pio
import pytest
from plotly.offline import get_plotlyjs

from dashboard.model.filters import Filters, filter_cycles, filter_milestones, filter_missions, filter_programmes
from dashboard.render import geo, style, timeline
from tests.render.test_charts import TODAY, every_figure

# Draw `first`, then `second` into the same chart as Streamlit's component does: a deep copy,
# given the click modes of a selectable chart. Counts the changes to the chart's nodes.
DRAW_TWICE_JS = """async ([first, second, selectable]) => {
  const el = document.getElementById('chart');
  Plotly.purge(el);
  await Plotly.newPlot(el, first.data, first.layout);
  const copy = JSON.parse(JSON.stringify(second));
  if (selectable) {
    copy.layout.clickmode ||= 'event+select'; copy.layout.hovermode ||= 'closest'; copy.layout.dragmode ||= 'pan';
  }
  const calcdata = el.calcdata;
  let changes = 0;
  const watch = new MutationObserver(records => { changes += records.length; });
  watch.observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
  await Plotly.react(el, copy.data, copy.layout);
  await new Promise(resolve => setTimeout(resolve, 0));
  watch.disconnect();
  return {changes, recomputed: el.calcdata !== calcdata};
}"""


# Where every marker is drawn, in order.
POINTS_JS = "() => [...document.querySelectorAll('#chart .cartesianlayer .point')].map(p => p.getAttribute('transform'))"
FRESH_JS = """async figure => {
  const el = document.getElementById('chart');
  Plotly.purge(el);
  await Plotly.newPlot(el, figure.data, figure.layout);
  return [...el.querySelectorAll('.cartesianlayer .point')].map(p => p.getAttribute('transform'));
}"""


@pytest.fixture
def plotly_page(guarded):
    page, guard = guarded
    page.set_content(
        f"<html><body><div id='chart' style='width:1100px'></div>{geo.geo_assets_script()}<script>{get_plotlyjs()}</script></body></html>"
    )
    yield page
    guard.assert_clean()


def sent(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def test_the_copy_of_a_settled_figure_changes_nothing_on_the_page(plotly_page, freedonia, frames):
    for name, fig in every_figure(freedonia, frames).items():
        selectable = name.startswith("timeline")
        figure = sent(style.settled(fig, selectable=selectable))
        result = plotly_page.evaluate(DRAW_TWICE_JS, [figure, figure, selectable])
        assert result == {"changes": 0, "recomputed": False}, name


def test_the_map_is_drawn_again_all_the_same(plotly_page, freedonia, frames):
    """The exception, pinned so that the docs stay true: the map's outlines are a GeoJSON object
    inside its trace, which plotly.js compares by identity, and a copy is a new object."""
    fig = geo.mission_map_figure(freedonia, filter_missions(freedonia, Filters()), frames.deployments, geo.load_world())
    figure = sent(style.settled(fig))
    assert plotly_page.evaluate(DRAW_TWICE_JS, [figure, figure, False])["recomputed"]


def test_a_figure_that_is_not_settled_is_drawn_again_in_full(plotly_page, freedonia, frames):
    figure = sent(timeline.timeline_figure(freedonia, frames.milestones, frames.programmes, frames.cycles, frames.missions, today=TODAY))
    result = plotly_page.evaluate(DRAW_TWICE_JS, [figure, figure, True])
    assert result["recomputed"] and result["changes"] > 100


def test_a_settled_figure_with_other_data_is_still_redrawn(plotly_page, freedonia, frames):
    some = Filters(year_to=2005)
    programmes = filter_programmes(freedonia, some)
    fewer = timeline.timeline_figure(
        freedonia,
        filter_milestones(freedonia, some),
        programmes,
        filter_cycles(freedonia, some, programmes),
        filter_missions(freedonia, some),
        today=TODAY,
    )
    everything = timeline.timeline_figure(freedonia, frames.milestones, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    first, second = sent(style.settled(everything, selectable=True)), sent(style.settled(fewer, selectable=True))
    result = plotly_page.evaluate(DRAW_TWICE_JS, [first, second, True])
    assert result["recomputed"] and result["changes"] > 0
    redrawn = plotly_page.evaluate(POINTS_JS)
    assert redrawn == plotly_page.evaluate(FRESH_JS, second), "not what a fresh chart of the new figure shows"
    assert redrawn != plotly_page.evaluate(FRESH_JS, first)

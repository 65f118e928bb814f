import io

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image

from dashboard.render import geo, images


def test_maps_read_their_base_layer_from_the_project(freedonia):
    assert pio.defaults.topojson == images.TOPOJSON_URL
    assert images.TOPOJSON_URL.startswith("file://") and images.TOPOJSON_URL.endswith("/geo/topojson/")
    assert (geo.BASE_LAYER_FILE.parent / "world_110m.json").exists()


def test_a_short_figure_fills_the_box_at_the_presenter_font():
    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout=dict(height=300))
    spec, width, height, scale = images.fitted_figure(images.Chart(figure, 1000, 500, 2.0, 20))
    assert (width, height, scale) == (1000, 500, 2.0)
    assert spec["layout"]["font"]["size"] == 20 and spec["layout"]["template"] is None


def test_a_tall_figure_keeps_its_height_and_is_scaled_into_the_box():
    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout=dict(height=1200))
    spec, width, height, scale = images.fitted_figure(images.Chart(figure, 1000, 500, 2.0, 20))
    assert height == 1200 and width == 2400 and scale == pytest.approx(2000 / 2400)
    assert spec["layout"]["font"]["size"] == 15  # the size its rows were laid out for


def test_a_legend_above_the_plot_moves_to_its_right():
    figure = go.Figure(go.Scatter(x=[1], y=[1]), layout=dict(height=500, margin=dict(t=200), legend=dict(orientation="v", y=1.01)))
    spec, *_ = images.fitted_figure(images.Chart(figure, 1000, 500))
    assert spec["layout"]["legend"]["x"] > 1 and spec["layout"]["margin"]["t"] == 16


def test_the_figure_is_not_changed(freedonia):
    figure = go.Figure(go.Bar(x=[1], y=[1]), layout=dict(height=300))
    before = figure.to_json()
    images.fitted_figure(images.Chart(figure, 800, 400))
    assert figure.to_json() == before


@pytest.mark.browser
def test_charts_render_one_after_another_in_one_page(freedonia):
    """kaleido's page is reused between figures (images.Browser): a second figure draws cleanly."""
    red = go.Figure(go.Bar(x=[1], y=[1], marker_color="red"), layout=dict(height=200, showlegend=False))
    blue = go.Figure(go.Bar(x=[1], y=[1], marker_color="blue"), layout=dict(height=200, showlegend=False))
    with images.Browser() as browser:
        first, second, third = browser.charts(
            [images.Chart(red, 300, 200, 1.0), images.Chart(blue, 300, 200, 1.0), images.Chart(red, 300, 200, 1.0)]
        )
        pdf = browser.pdf("<html><body><p>Hello</p></body></html>")
        shots = browser.screenshots(
            "<html><body style='margin:0'><div style='height:90px'>a</div><div style='height:90px'>b</div></body></html>", 160, 90, 2
        )
    colours = [set(Image.open(io.BytesIO(p)).convert("RGB").get_flattened_data()) for p in (first, second, third)]
    assert any(r > 200 and g < 80 and b < 80 for r, g, b in colours[0]) and not any(b > 200 and r < 80 for r, g, b in colours[0])
    assert any(b > 200 and r < 80 and g < 80 for r, g, b in colours[1]) and not any(r > 200 and g < 80 and b < 80 for r, g, b in colours[1])
    assert first == third
    assert pdf.startswith(b"%PDF") and [Image.open(io.BytesIO(s)).size for s in shots] == [(160, 90), (160, 90)]


@pytest.mark.browser
def test_the_map_draws_its_countries_offline(freedonia):
    from dashboard.render.slides import describe

    spec = describe(freedonia, freedonia.decks[0].slides[1])
    with images.Browser() as browser:
        (picture,) = browser.charts([images.Chart(spec.figure, 800, 450, 1.0)])
    pixels = Image.open(io.BytesIO(picture)).convert("RGB").get_flattened_data()
    background = sum(1 for p in pixels if p == (0xE3, 0xE5, 0xE8))  # geo.BACKGROUND: the countries around
    assert background > 1000

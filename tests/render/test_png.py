import io
import zipfile
from datetime import date

import pytest
from PIL import Image

from dashboard.render import briefing, png

MADE = date(2026, 12, 3)


def test_source_line_names_publishers_never_ids(freedonia):
    described = briefing.describe_deck(freedonia, freedonia.decks[0], made=MADE)
    line = png.source_line(described.specs[1])
    assert line.startswith("Source: ") and line.endswith("(2 sources)")
    assert "F2" not in line and "F3" not in line


def test_the_image_page_loads_nothing_and_carries_title_and_sources(freedonia):
    described = briefing.describe_deck(freedonia, freedonia.decks[0], made=MADE)
    page = png.images_html(described, dict.fromkeys(png.chart_jobs(described), b"fake"))
    assert "<script" not in page and "<link" not in page
    assert page.count("<div class=image>") == 3
    assert "Freedonia test dataset, version 1." in page and "made 3 December 2026" in page
    assert f"data 1 · {freedonia.version.digest}" in page  # the credit line of every image


@pytest.mark.browser
def test_png_zip_has_one_image_per_slide_at_the_set_size(freedonia):
    data = png.deck_png_zip(freedonia, freedonia.decks[0], made=MADE)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["tour_01.png", "tour_02.png", "tour_03.png"]
    for name in archive.namelist():
        image = Image.open(io.BytesIO(archive.read(name)))
        assert image.size == (png.WIDTH, png.HEIGHT)
        assert len(image.convert("L").getcolors(maxcolors=1 << 16) or ()) > 20  # text and a chart, not a blank page

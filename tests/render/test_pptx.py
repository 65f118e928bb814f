"""The PPTX read back with python-pptx. The layout tests hand the renderer plain images in place
of charts (no browser); the browser tests export real decks end to end."""

import io
import re
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from dashboard.render import briefing, pptx
from tests.conftest import REAL_DATA


def _blank_png(width=2202, height=1165) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _read(data: bytes):
    return Presentation(io.BytesIO(data))


def _offline_pptx(dataset, deck):
    described = briefing.describe_deck(dataset, deck, made=date(2026, 12, 3))
    pngs = dict.fromkeys(pptx.chart_jobs(described), _blank_png())
    return described, _read(pptx.briefing_pptx(described, pngs))


@pytest.fixture(scope="module")
def tour(freedonia):
    return _offline_pptx(freedonia, freedonia.decks[0])


@pytest.fixture(scope="module")
def thirty_years():
    from dashboard.data import load_dataset

    dataset = load_dataset(REAL_DATA)
    deck = next(d for d in dataset.decks if d.id == "30-years")
    return _offline_pptx(dataset, deck)


def check_deck(described, presentation):
    """What every exported deck must hold; shared with the browser tests."""
    slides = list(presentation.slides)
    specs = described.specs
    assert presentation.slide_width * 9 == presentation.slide_height * 16  # 16:9
    assert len(slides) >= 1 + len(specs) + 1
    title_text = " ".join(_texts(slides[0]))
    assert described.deck_title in title_text and described.dataset_title in title_text
    assert described.made_label in title_text and described.citation in title_text
    assert described.data_version in title_text
    for slide, spec in zip(slides[1 : 1 + len(specs)], specs, strict=True):
        text = "\n".join(_texts(slide))
        assert spec.title in text
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (1 if spec.figure is not None else 0)
        if spec.card is not None:
            assert spec.card.date_label in text
        elif spec.figure is not None:  # the one-sentence summary and the confidence beside the chart
            flat = " ".join(text.split())
            assert " ".join(spec.summary.split()) in flat
            if spec.confidence:
                assert " ".join(spec.confidence.split()) in flat
        for citation in spec.citations[:3]:
            numbered = f"{described.number(citation)}  {citation.publisher}, “{citation.title[:20]}"
            assert numbered in text or "more sources" in text
        if spec.notes:
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text == spec.notes
        for note in spec.conflicts:
            assert f"Sources disagree: {note[:30]}" in text
    sources = slides[1 + len(specs) :]
    listed = "\n".join(t for slide in sources for t in _texts(slide))
    assert all(" ".join(_texts(s)).startswith("Sources") for s in sources)
    for number, citation in enumerate(described.sources, start=1):
        assert f"{number}  {citation.publisher}, “{citation.title}”" in listed
    everything = "\n".join(t for slide in slides for t in _texts(slide))
    assert "[S" not in everything and "seed-" not in everything
    footers = [t for slide in slides[1:] for t in _texts(slide) if t.startswith(described.deck_title + " · ")]
    assert len(footers) == len(slides) - 1 and all(f"· data {described.data_version_short} ·" in t for t in footers)
    assert not re.search(r"\b(" + "|".join(re.escape(c.id) for c in described.sources) + r")\b", everything)
    for slide in slides:  # every shape on the slide
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= presentation.slide_width and shape.top + shape.height <= presentation.slide_height
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.name == "Arial" and run.font.size >= Emu(8 * 12700)


def test_tour_deck_holds_a_title_slide_every_slide_and_the_sources(tour):
    described, presentation = tour
    check_deck(described, presentation)
    assert len(presentation.slides) == 1 + 3 + 1


def test_real_deck_holds_every_slide_and_lists_every_source(thirty_years):
    described, presentation = thirty_years
    check_deck(described, presentation)
    assert len(described.specs) == 10


def test_a_long_source_list_continues_on_further_slides(thirty_years):
    described, presentation = thirty_years
    sources = list(presentation.slides)[1 + len(described.specs) :]
    assert len(described.sources) > 60 and len(sources) >= 2
    assert " ".join(_texts(sources[0])).startswith(f"Sources (1 of {len(sources)})")


def test_text_boxes_hold_their_text(thirty_years):
    """Each box's text, measured as the renderer measures it, fits the box's height."""
    _, presentation = thirty_years
    for slide in presentation.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            frame = shape.text_frame
            width_pt = shape.width / 12700 - (frame.margin_left + frame.margin_right) / 12700
            height = 0.0
            for paragraph in frame.paragraphs:
                size = paragraph.runs[0].font.size.pt if paragraph.runs else 10
                lines = briefing.wrap(paragraph.text, width_pt, size)
                height += len(lines) * size * 1.2 + (paragraph.space_after.pt if paragraph.space_after else 0)
            inner = shape.height / 12700 - (frame.margin_top + frame.margin_bottom) / 12700
            assert height <= inner * 1.03 + 1, f"{frame.text[:60]!r} needs {height:.0f} pt in a {inner:.0f} pt box"


def test_the_chart_carries_its_text_alternative(tour):
    described, presentation = tour
    slide = list(presentation.slides)[1]
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert picture._element.nvPicPr.cNvPr.get("descr") == described.specs[0].summary


@pytest.mark.browser
def test_real_pptx_export_end_to_end(freedonia):
    data = pptx.deck_pptx(freedonia, freedonia.decks[0], made=date(2026, 12, 3))
    presentation = _read(data)
    described = briefing.describe_deck(freedonia, freedonia.decks[0], made=date(2026, 12, 3))
    check_deck(described, presentation)
    picture = next(s for s in list(presentation.slides)[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    image = Image.open(io.BytesIO(picture.image.blob))
    box_px = (round(pptx.CHART_W * pptx.CSS_PX_PER_INCH), round(pptx.CHART_H * pptx.CSS_PX_PER_INCH))
    assert abs(image.width - 2 * box_px[0]) <= 2 and abs(image.height - 2 * box_px[1]) <= 2  # twice the size it is shown
    assert len(image.convert("L").getcolors(maxcolors=256)) > 10  # something is drawn: more than 10 grey levels

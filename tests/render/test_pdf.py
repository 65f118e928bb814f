"""The handout: its print page checked as text (no browser), and real PDFs read back with pypdf."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from dashboard.render import briefing, pdf
from tests.conftest import REAL_DATA

MADE = date(2026, 12, 3)


@pytest.fixture(scope="module")
def tour_html(freedonia):
    described = briefing.describe_deck(freedonia, freedonia.decks[0], made=MADE)
    return pdf.handout_html(described, dict.fromkeys(pdf.chart_jobs(described), b"\x89PNG fake"))


def test_the_print_page_loads_nothing(tour_html):
    assert not re.search(r"<script|<link|<iframe|src=(?!['\"]?data:)|url\(|@import", tour_html)
    assert tour_html.count("<section class=page>") == 3 and "<section class='page cover'>" in tour_html  # a page per slide


def test_the_print_page_names_the_deck_the_dataset_the_date_and_the_citation(tour_html):
    for text in ("A short tour", "Freedonia and the Northern League", "3 December 2026", "Freedonia test dataset, version 1."):
        assert text in tour_html


def test_hostile_text_is_escaped_in_the_print_page(freedonia):
    from dashboard.model import schema

    deck = schema.Deck(id="x", title='</style><script>alert(1)</script>"', slides=[schema.Slide(title="<img src=x>", view="year_strip")])
    described = briefing.describe_deck(freedonia, deck, made=MADE)
    page = pdf.handout_html(described, {})
    assert "<script>" not in page and "<img src=x>" not in page
    assert page.count("</style>") == 1 and "\\3C /style\\3E " in page.split("</style>")[0]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def check_handout(described, data: bytes) -> None:
    pages, text = pdf_text(data)
    assert pages >= 1 + len(described.specs) + 1
    flat = re.sub(r"\s+", " ", text)
    for expected in (described.deck_title, described.dataset_title, described.made_label, described.citation[:40], described.data_version):
        assert expected in flat
    for spec in described.specs:
        assert spec.title in flat
    packed = re.sub(r"\s+", "", text)  # pypdf spaces some scripts' glyph runs apart
    for citation in described.sources:
        assert re.sub(r"\s+", "", citation.title)[:25] in packed
    assert "seed-" not in flat and "[S" not in flat


@pytest.mark.browser
def test_tour_handout(freedonia):
    described = briefing.describe_deck(freedonia, freedonia.decks[0], made=MADE)
    data = pdf.deck_pdf(freedonia, freedonia.decks[0], made=MADE)
    assert data.startswith(b"%PDF")
    check_handout(described, data)
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01  # landscape 16:9
    assert len(reader.pages) == 1 + 3 + 1


@pytest.mark.browser
def test_real_deck_handout():
    from dashboard.data import load_dataset

    dataset = load_dataset(REAL_DATA)
    deck = next(d for d in dataset.decks if d.id == "30-years")
    described = briefing.describe_deck(dataset, deck, made=MADE)
    check_handout(described, pdf.deck_pdf(dataset, deck, made=MADE))

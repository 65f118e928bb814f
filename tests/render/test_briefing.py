from datetime import date

import pytest

from dashboard.render import briefing
from dashboard.render.style import text_px


@pytest.fixture(scope="module")
def tour(freedonia):
    return briefing.describe_deck(freedonia, freedonia.decks[0], made=date(2026, 12, 3))


def test_every_export_carries_the_deck_the_dataset_its_version_and_the_date(tour, freedonia):
    digest = freedonia.version.digest
    assert tour.deck_title == "A short tour"
    assert tour.dataset_title == "Freedonia and the Northern League"
    assert tour.citation == "Freedonia test dataset, version 1."
    assert tour.data_version == f"Data version 1, released January 2026, content {digest}"
    assert tour.credit == f"A short tour · Freedonia and the Northern League · data 1 · {digest} · made 3 December 2026"


def test_sources_are_numbered_once_for_the_whole_deck_in_the_order_first_cited(tour):
    order = [c.id for spec in tour.specs for c in spec.citations]
    assert [c.id for c in tour.sources] == list(dict.fromkeys(order))
    assert [tour.number(c) for c in tour.sources] == list(range(1, len(tour.sources) + 1))
    visit = tour.specs[2]
    assert tour.numbers(visit) == [tour.number(c) for c in tour.sources if c.id == "F1"]


def test_number_ranges():
    assert briefing.number_ranges([8, 1, 2, 3, 5, 7]) == "1–3, 5, 7–8"
    assert briefing.number_ranges([4]) == "4"
    assert briefing.number_ranges([]) == ""


def test_footnotes_past_the_rows_name_the_rest_by_number(tour):
    spec = tour.specs[0]
    assert len(spec.citations) >= 3
    everything = briefing.footnotes(tour, spec, rows=len(spec.citations))
    assert len(everything) == len(spec.citations) and everything[0].startswith("1  ")
    cut = briefing.footnotes(tour, spec, rows=2)
    assert len(cut) == 2
    assert cut[1].startswith(f"… and {len(spec.citations) - 1} more sources (")
    assert "listed in full under Sources" in cut[1]


def test_wrapped_lines_fit_their_box_and_keep_every_word():
    text = "Azerbaijan joined the North Atlantic Cooperation Council in March 1992 " * 4
    lines = briefing.wrap(text.strip(), 200, 12)
    assert all(text_px(line, 12) <= 200 for line in lines)
    assert " ".join(lines).split() == text.split()
    assert briefing.wrap("x" * 80, 50, 12)[0] == "x" * len(briefing.wrap("x" * 80, 50, 12)[0])  # a long word is cut


def test_fit_steps_down_then_cuts_with_an_ellipsis():
    short = "A short summary."
    assert briefing.fit(short, 300, 40, (16, 12))[0] == 16
    long = "word " * 200
    size, lines = briefing.fit(long, 300, 60, (16, 12))
    assert size == 12 and lines[-1].endswith("…") and len(lines) * 12 * 1.2 <= 60
    assert text_px(briefing.clip_line(long, 100, 10), 10) <= 100

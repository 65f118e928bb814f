"""Loading in other languages: what is said about an upload or a link follows the reader's
language; what is said about the data directory stays English, for the data's maintainers."""

import pytest

from dashboard import i18n
from dashboard.loading import snapshot
from dashboard.loading.decks import KnownIds, deck_from_link, deck_from_upload, load_decks
from tests.conftest import MARK


def test_a_deck_in_a_link_or_an_upload_is_refused_in_the_language(marked, freedonia):
    deck, problems = deck_from_link("not a deck", freedonia)
    assert deck is None and problems[0].file == MARK + "the link" and problems[0].message.startswith(MARK)
    deck, problems = deck_from_upload(b"- a list\n", "mine.yaml", freedonia)
    assert deck is None and problems[0].message.startswith(MARK)


def test_a_deck_in_the_data_directory_is_refused_in_english(marked, freedonia, data_copy):
    (data_copy / "briefings" / "bad.yaml").write_text("- a list\n", encoding="utf-8")
    problems = []
    load_decks(data_copy, KnownIds.of(freedonia), problems)
    assert [p.message for p in problems] == ["is not a set of key: value pairs (expected id, title and slides)"]


def test_an_uploaded_zip_is_refused_in_the_language(marked):
    with pytest.raises(snapshot.SnapshotError, match="^" + MARK + "upload.zip is not a zip file"):
        snapshot.snapshot_from_zip(b"hello", "upload.zip")


def test_sizes_and_counts_are_written_in_the_languages_numbers(freedonia):
    with i18n.language("ru"):
        assert snapshot._size(25 * 2**20 + 1).startswith("25,0 ")
        assert "9\u00a0000" in deck_from_link("a" * 9000, freedonia)[1][0].message
    assert snapshot._size(25 * 2**20 + 1) == "25.0 MiB"
    assert "9,000" in deck_from_link("a" * 9000, freedonia)[1][0].message


def test_the_dataset_is_loaded_in_english_whatever_the_language_of_the_run_that_loads_it():
    """The loaded dataset is shared by every session and is the English one. A server whose first
    reader asked for Azerbaijani showed 'dekabr' and 'noyabr' in English summaries until restart."""
    from dashboard.loading import load_dataset
    from tests.conftest import REAL_DATA

    with i18n.language("az"):
        loaded_in_az = load_dataset(REAL_DATA)
    english = load_dataset(REAL_DATA)
    assert loaded_in_az.in_language("en").milestones["date_label"].tolist() == english.milestones["date_label"].tolist()
    assert loaded_in_az.sources["date_label"].tolist() == english.sources["date_label"].tolist()
    assert "20 December 1991" in english.milestones["date_label"].tolist()
    assert "20 dekabr 1991" in loaded_in_az.in_language("az").milestones["date_label"].tolist()

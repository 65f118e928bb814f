"""The dataset worded in a language: translated texts, marked fallbacks, dates, and searches."""

import pandas as pd

from dashboard import i18n
from dashboard.model.dates import format_date, format_range
from dashboard.model.filters import Filters, filter_milestones
from dashboard.model.translations import glossary, span_label


def test_english_is_the_dataset_itself(freedonia):
    assert freedonia.in_language("en") is freedonia
    assert freedonia.in_language("xx") is freedonia  # unknown: English


def test_a_language_is_made_once_and_knows_where_it_came_from(freedonia):
    az = freedonia.in_language("az")
    assert freedonia.in_language("az") is az and az.in_language("az") is az
    assert az.in_language("en") is freedonia and az.base is freedonia


def test_translated_texts_replace_the_english_and_missing_ones_are_marked(freedonia):
    az = freedonia.in_language("az")
    titles = dict(zip(az.milestones["id"], az.milestones["title"], strict=True))
    assert titles["forum-joined"] == "Freedoniya Foruma qoşulur"
    # outdated translation: the English, marked, never the old translation
    assert titles["training-starts"] == i18n.FALLBACK_MARK + "Training partnership begins"
    assert az.meta.title == "Freedoniya və Şimal Liqası"
    assert az.category_labels["accession"] == "Qoşulma"
    assert az.programme_names["FORUM"] == "Şimal Forumu"
    assert az.meta.partner.name == i18n.FALLBACK_MARK + "Freedonia"
    # the English dataset is untouched
    assert dict(zip(freedonia.milestones["id"], freedonia.milestones["title"], strict=True))["forum-joined"] == "Freedonia joins the Forum"
    assert freedonia.meta.title == "Freedonia and the Northern League"


def test_dates_are_worded_in_the_language(freedonia):
    ru = freedonia.in_language("ru")
    labels = dict(zip(ru.milestones["id"], ru.milestones["date_label"], strict=True))
    assert labels["forum-joined"] == "июнь 1995\u202fг."
    assert labels["syl-deploys"] == "10 февраля 2000\u202fг."
    assert labels["training-starts"] == "2001"
    az = freedonia.in_language("az")
    assert dict(zip(az.milestones["id"], az.milestones["date_label"], strict=True))["syl-deploys"] == "10 fevral 2000"


def test_babel_dates_in_each_language():
    day, month = pd.Timestamp("1994-05-04"), pd.Timestamp("2006-03-01")
    expected = {
        "en": ("4 May 1994", "May 1994", "17–18 March 2024", "March–May 2006", "since May 1994"),
        "az": ("4 may 1994", "may 1994", "17–18 mart 2024", "mart–may 2006", None),
        "ru": ("4 мая 1994\u202fг.", "май 1994\u202fг.", "17–18 марта 2024\u202fг.", "март–май 2006\u202fг.", None),
    }
    for code, (d, m, days, months, since) in expected.items():
        with i18n.language(code):
            assert format_date(day, "day") == d
            assert format_date(day, "month") == m
            assert format_date(day, "year") == "1994"
            assert format_range(pd.Timestamp("2024-03-17"), "day", pd.Timestamp("2024-03-18"), "day") == days
            assert format_range(month, "month", pd.Timestamp("2006-05-01"), "month") == months
            if since:
                assert span_label(day, "month", pd.NaT, None) == since


def test_a_search_finds_translated_names_in_every_language(freedonia):
    for code in ("en", "az", "ru"):
        found = filter_milestones(freedonia.in_language(code), Filters(query="Şimal Forumu"))
        assert "forum-joined" in set(found["id"]), code
        # without the accents too, as the English search always did
        assert "forum-joined" in set(filter_milestones(freedonia.in_language(code), Filters(query="simal forumu"))["id"])


def test_the_glossary_names_each_programme_in_every_language(freedonia):
    table = glossary(freedonia.in_language("ru"))
    assert list(table.columns) == ["code", "en", "az", "ru", "aliases"]
    forum = table.set_index("code").loc["FORUM"]
    assert (forum["en"], forum["az"]) == ("Northern Forum", "Şimal Forumu")
    assert forum["ru"] == i18n.FALLBACK_MARK + "Northern Forum"

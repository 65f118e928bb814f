"""The Streamlit edge in another language (AppTest): every fixed word goes through the catalogue,
links keep their codes in every language, callbacks word their text in the reader's language, and
tables keep their column names while their headings follow the language."""

import json

import pytest
from babel.messages.extract import extract_from_file
from streamlit.testing.v1 import AppTest

from dashboard.data import DATA_DIR_ENV
from dashboard.model.registry import PAGES as REGISTRY
from tests.conftest import FREEDONIA, MARK, REAL_DATA

DASHBOARD = REAL_DATA.parent / "dashboard"
APP = str(DASHBOARD / "app.py")
EDGE = [DASHBOARD / "app.py", *sorted((DASHBOARD / "ui").glob("*.py")), *sorted((DASHBOARD / "views").glob("*.py"))]
PAGES = [f"views/{page.script}" for page in REGISTRY]


@pytest.fixture
def marked(marked_catalogue):
    return None


def run(page, params=None, monkeypatch=None):
    monkeypatch.setenv(DATA_DIR_ENV, str(FREEDONIA))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params or {})
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def _messages():
    for path in EDGE:
        for _line, message, _comments, context in extract_from_file("python", path):
            yield path.name, context, message


def test_the_language_picker_keeps_its_label_in_all_three_languages():
    assert "Language · Dil · Язык" not in {message for _name, _context, message in _messages()}


@pytest.mark.parametrize("language", ["az", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_every_language(page, language, monkeypatch):
    at = run(page, {"lang": language}, monkeypatch)
    assert at.title


@pytest.mark.parametrize("page", PAGES)
def test_every_page_words_its_interface_in_the_language(page, marked, monkeypatch):
    at = run(page, {"lang": "ru"}, monkeypatch)
    if page not in ("views/overview.py", "views/briefing.py"):  # the dataset's title, a slide's: data texts
        assert at.title[0].value.startswith(MARK)
    assert all(s.value.startswith(MARK) for s in at.sidebar.subheader)
    assert all(b.label.startswith(MARK) for b in at.button)
    assert at.sidebar.selectbox(key="f_lang").label == "Language · Dil · Язык"


def test_the_timeline_view_is_a_code_in_the_link_whatever_the_language(marked, monkeypatch):
    at = run("views/timeline.py", {"view": "Table", "lang": "ru"}, monkeypatch)
    view = at.segmented_control(key="timeline_tab")
    assert view.options == [MARK + "Chart", MARK + "Table"] and view.value == "Table"
    assert at.dataframe and not at.get("plotly_chart")  # the link's view, though its label is worded otherwise
    view.set_value("Chart").run()
    assert at.get("plotly_chart") and not at.dataframe
    assert "view" not in at.query_params
    at.segmented_control(key="timeline_tab").set_value("Table").run()
    assert at.dataframe and at.query_params["view"] == "Table"
    at.selectbox(key="f_lang").set_value("en").run()  # another language: the same view, the same link
    assert at.segmented_control(key="timeline_tab").options == ["Chart", "Table"]
    assert at.dataframe and at.query_params["view"] == "Table" and "lang" not in at.query_params


def test_table_headings_follow_the_language_and_the_columns_keep_their_names(marked, monkeypatch):
    at = run("views/sources.py", {"lang": "ru"}, monkeypatch)
    table = next(d for d in at.dataframe if "URL" in d.value.columns)
    assert list(table.value.columns) == ["Title", "Publisher", "Date", "Kind", "URL", "Cited by"]
    labels = {column: config.get("label") for column, config in json.loads(table.proto.columns).items() if column in table.value.columns}
    assert labels == {column: MARK + column for column in table.value.columns}


def test_the_view_added_to_a_briefing_is_worded_in_the_readers_language(marked, monkeypatch):
    at = run("views/timeline.py", {"lang": "ru", "years": ["2000", "2004"]}, monkeypatch)
    at.button(key="add_to_briefing").click().run()  # the callback runs before the run sets its language
    assert [t.value for t in at.toast] == [MARK + "Added to the briefing: 1 slide in this session's deck."]
    at.switch_page("views/briefing.py")
    at.run()
    at.selectbox(key="deck_pick").set_value("session").run()
    assert at.title[0].value.startswith(MARK + "Timeline: ")
    assert at.selectbox(key="deck_pick").options[-1] == MARK + "Views added this session"


def test_an_unknown_language_is_reported_in_english(marked, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(FREEDONIA))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "xx"
    at.run()
    assert "Ignored unknown language “xx” in the link." in [w.value for w in at.warning]
    assert at.sidebar.subheader[0].value == "Filters"

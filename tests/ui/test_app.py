"""AppTest runs of the whole app: every page, with and without query parameters."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import DATA_DIR_ENV
from dashboard.model.registry import PAGES as REGISTRY
from tests.conftest import FREEDONIA, REAL_DATA

APP = str(REAL_DATA.parent / "dashboard" / "app.py")
PAGES = [f"views/{page.script}" for page in REGISTRY]  # every page of the registry, a new one included


def run(page=None, params=None, data_dir=FREEDONIA, monkeypatch=None):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    if params:
        at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def warnings(at):
    return [w.value for w in at.warning]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("data_dir", [FREEDONIA, REAL_DATA], ids=["fixture", "real"])
def test_every_page_runs_without_exception(page, data_dir, monkeypatch):
    at = run(page, data_dir=data_dir, monkeypatch=monkeypatch)
    assert not at.exception, at.exception
    assert at.title, "page drew no title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_filters_from_the_url(page, monkeypatch):
    params = {"years": ["2000", "2004"], "programme": ["TRAIN", "PLAN"], "q": "dam", "confidence": "confirmed"}
    at = run(page, params=params, monkeypatch=monkeypatch)
    assert not at.exception, at.exception
    if page == "views/briefing.py":  # presenting: no filter widgets on screen; back on a page they return
        at.switch_page("views/timeline.py")
        at.run()
    assert at.slider(key="f_years").value == (2000, 2004)
    assert at.multiselect(key="f_programme").value == ["TRAIN", "PLAN"]
    assert at.text_input(key="f_q").value == "dam"


@pytest.mark.parametrize("page", PAGES)
def test_invalid_url_values_are_dropped_with_a_visible_notice(page, monkeypatch):
    params = {"years": ["soon", "2003"], "programme": ["NOPE"], "bogus": "1"}
    at = run(params=params, monkeypatch=monkeypatch)
    assert not at.exception, at.exception
    shown = warnings(at)
    assert "Ignored unknown programme “NOPE” in the link." in shown
    assert "Ignored the year “soon” in the link: it is not a year." in shown
    assert "Ignored unknown setting “bogus” in the link." in shown
    assert at.slider(key="f_years").value == (2003, 2003)
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception


def test_filters_change_the_rows_shown(monkeypatch):
    def count(at):
        return [s.value for s in at.subheader if s.value.endswith(("milestone", "milestones"))]

    at = run("views/timeline.py", params={"view": "Table"}, monkeypatch=monkeypatch)
    assert count(at) == ["6 milestones"]
    at.multiselect(key="f_programme").set_value(["PLAN"]).run()
    assert count(at) == ["1 milestone"]


def test_url_follows_the_filters(monkeypatch):
    at = run("views/timeline.py", monkeypatch=monkeypatch)
    at.text_input(key="f_q").set_value("dam").run()
    at.slider(key="f_years").set_value((2000, 2004)).run()
    at.multiselect(key="f_programme").set_value(["PLAN"]).run()
    assert dict(at.query_params) == {"q": "dam", "years": ["2000", "2004"], "programme": "PLAN"}
    at.button(key="f_reset").click().run()
    assert dict(at.query_params) == {}


def test_milestone_in_the_url_opens_its_details(monkeypatch):
    at = run(params={"milestone": "chief-visits"}, monkeypatch=monkeypatch)
    at.switch_page("views/timeline.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="milestone_pick").value == "chief-visits"
    assert "League chief visits Marxville" in [h.value for h in at.subheader]


def test_the_chart_keeps_its_lanes_and_milestone_while_the_table_is_shown(monkeypatch):
    at = run("views/timeline.py", monkeypatch=monkeypatch)
    at.segmented_control(key="lanes").set_value("programme").run()
    at.selectbox(key="milestone_pick").set_value("chief-visits").run()
    at.segmented_control(key="timeline_tab").set_value("Table").run()
    assert at.dataframe and dict(at.query_params) == {"lanes": "programme", "milestone": "chief-visits", "view": "Table"}
    at.segmented_control(key="timeline_tab").set_value("Chart").run()
    assert not at.exception
    assert at.segmented_control(key="lanes").value == "programme"
    assert at.selectbox(key="milestone_pick").value == "chief-visits"
    assert dict(at.query_params) == {"lanes": "programme", "milestone": "chief-visits"}


def test_details_show_the_conflict_note_and_sources(monkeypatch):
    at = run("views/timeline.py", monkeypatch=monkeypatch)
    at.selectbox(key="milestone_pick").set_value("training-starts").run()
    assert any("F2 says 2001; F3 says 2002." in w for w in warnings(at))
    assert any("Encyclopaedia of Freedonia" in m.value for m in at.markdown)


def test_every_page_has_a_csv_download(monkeypatch):
    keys = {
        "views/overview.py": "overview_csv",
        "views/timeline.py": "timeline_csv",
        "views/missions.py": "missions_csv",
        "views/programmes.py": "programmes_csv",
        "views/sources.py": "sources_csv",
    }
    for page, key in keys.items():
        at = run(page, monkeypatch=monkeypatch)
        assert at.get("download_button"), f"{page} has no download button"
        assert any(getattr(b, "proto", None) is not None and key in str(b.proto) for b in at.get("download_button")), page


def test_broken_data_shows_a_readable_error_page(tmp_path, monkeypatch):
    import shutil

    broken = tmp_path / "data"
    shutil.copytree(FREEDONIA, broken)
    csv = broken / "deployments.csv"
    csv.write_text(csv.read_text().replace("SYL,2000,30", "SYL,2000,about 90"))
    at = run(data_dir=broken, monkeypatch=monkeypatch)
    assert not at.exception
    assert at.title[0].value == "The data could not be loaded"
    assert "deployments.csv:2: personnel: 'about 90' is not a whole number" in at.code[0].value


def test_briefing_opens_on_the_slide_in_the_url_and_steps(monkeypatch):
    at = run(params={"deck": "tour", "slide": "3"}, monkeypatch=monkeypatch)
    at.switch_page("views/briefing.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "A visit"
    at.button(key="slide_prev").click().run()
    assert at.title[0].value == "Where"
    assert dict(at.query_params) == {"deck": "tour", "slide": "2"}
    at.button(key="slide_next").click().run()
    assert at.title[0].value == "A visit"
    assert at.button(key="slide_next").disabled


def test_briefing_drops_an_invalid_slide_with_a_notice(monkeypatch):
    at = run(params={"deck": "nope", "slide": "99"}, monkeypatch=monkeypatch)
    at.switch_page("views/briefing.py")
    at.run()
    assert not at.exception
    shown = warnings(at)
    assert "Ignored unknown deck “nope” in the link." in shown
    assert "The link asked for slide 99; this deck has slides 1 to 3." in shown
    assert at.title[0].value == "A visit"


def test_add_current_view_builds_a_session_deck(monkeypatch):
    at = session_deck_app(monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Timeline: 2000–2004"
    at.button(key="slide_next").click().run()
    assert at.title[0].value == "Missions: 2000–2004"
    assert at.button(key="slide_next").disabled


@pytest.mark.parametrize(
    ("page", "column", "total"), [("views/timeline.py", "ID", 6), ("views/overview.py", "Title", 6), ("views/sources.py", "URL", 4)]
)
def test_long_tables_send_only_their_first_rows_and_say_so(page, column, total, monkeypatch, freedonia):
    from dashboard.ui import widgets

    assert total == {"ID": len(freedonia.milestones), "Title": len(freedonia.milestones), "URL": len(freedonia.sources)}[column]
    monkeypatch.setattr(widgets, "MAX_TABLE_ROWS", 3)
    at = run(page, params={"view": "Table"} if page == "views/timeline.py" else None, monkeypatch=monkeypatch)
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if column in d.value.columns)
    assert len(table) == 3
    assert f"The table shows the first 3 of {total} rows; the CSV below has all of them." in [c.value for c in at.caption]


def test_short_tables_have_no_row_notice(monkeypatch):
    at = run("views/timeline.py", params={"view": "Table"}, monkeypatch=monkeypatch)
    assert len(next(d.value for d in at.dataframe if "ID" in d.value.columns)) == 6
    assert not [c.value for c in at.caption if c.value.startswith("The table shows the first")]


def test_timeline_runs_only_the_open_tab_and_the_link_keeps_it(monkeypatch):
    at = run("views/timeline.py", monkeypatch=monkeypatch)
    assert at.get("plotly_chart") and not at.dataframe  # the chart tab, by default; the table is not built
    assert at.get("download_button")  # the CSV is there either way
    at = run("views/timeline.py", params={"view": "Table"}, monkeypatch=monkeypatch)
    assert at.dataframe and not at.get("plotly_chart")
    assert at.get("download_button")
    assert not warnings(at)  # `view` is the page's own parameter, not an unknown one


def test_long_lived_objects_are_frozen_once_after_the_first_run(monkeypatch):
    import gc

    from dashboard.ui import session

    gc.unfreeze()
    monkeypatch.setattr(session, "_frozen", False)
    monkeypatch.setattr(session, "_completed_runs", 0)
    at = run("views/timeline.py", monkeypatch=monkeypatch)  # two runs: app.py, then the page
    assert not at.exception
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # modules and the data, out of the per-rerun collection's way
    at.slider(key="f_years").set_value((2000, 2004)).run()
    assert gc.get_freeze_count() <= frozen  # once per process: a second freeze would add the new run's objects


def test_the_first_run_freezes_nothing(monkeypatch):
    import gc

    from dashboard.ui import session

    gc.unfreeze()
    monkeypatch.setattr(session, "_frozen", False)
    monkeypatch.setattr(session, "_completed_runs", 0)
    monkeypatch.setenv(DATA_DIR_ENV, str(FREEDONIA))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception and gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    "page", ["views/overview.py", "views/timeline.py", "views/missions.py", "views/programmes.py", "views/briefing.py"]
)
def test_every_chart_is_sent_settled(page, monkeypatch):
    """No template and a data revision, so that the chart's second draw of a copy is cheap
    (style.settled); the clickable timeline also carries the click modes."""
    at = run(page, monkeypatch=monkeypatch)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs
    for spec in specs:
        assert spec["layout"].get("template") is None and len(spec["layout"]["datarevision"]) == 16
    if page == "views/timeline.py":
        assert (specs[0]["layout"]["clickmode"], specs[0]["layout"]["dragmode"]) == ("event+select", "pan")


def session_deck_app(monkeypatch):
    at = run("views/timeline.py", params={"years": ["2000", "2004"]}, monkeypatch=monkeypatch)
    at.button(key="add_to_briefing").click().run()
    at.switch_page("views/missions.py")
    at.run()
    at.button(key="add_to_briefing").click().run()
    at.switch_page("views/briefing.py")
    at.run()
    at.selectbox(key="deck_pick").set_value("session").run()
    return at


def test_the_session_deck_travels_in_the_link_and_survives_a_reload(monkeypatch):
    at = session_deck_app(monkeypatch)
    link = dict(at.query_params)
    assert link["deck"] == "session" and len(link["d"]) < 1000
    again = run("views/briefing.py", params={k: [v] for k, v in link.items()}, monkeypatch=monkeypatch)  # a reload, or a shared link
    assert not again.exception
    assert again.title[0].value == "Timeline: 2000–2004"
    again.button(key="slide_next").click().run()
    assert again.title[0].value == "Missions: 2000–2004"


def test_the_session_deck_can_be_retitled_annotated_reordered_and_trimmed(monkeypatch):
    at = session_deck_app(monkeypatch)
    at.text_input(key="deck_title_edit").set_value("Board, 3 March").run()
    at.text_input(key="slide_title_edit").set_value("Where it began").run()
    at.text_area(key="slide_notes_edit").set_value("Start with the 1994 signature.").run()
    assert at.title[0].value == "Where it began"
    assert any("Start with the 1994 signature." in m.value for m in at.markdown)
    at.button(key="slide_later").click().run()
    assert at.title[0].value == "Where it began" and any("2 / 2" in h.proto.body for h in at.get("html"))
    at.button(key="slide_remove").click().run()
    assert at.title[0].value == "Missions: 2000–2004"
    assert at.selectbox(key="deck_pick").options[-1] == "Board, 3 March"
    assert at.button(key="slide_next").disabled and at.button(key="slide_prev").disabled


def test_a_broken_deck_in_the_link_is_dropped_with_a_notice(monkeypatch):
    at = run(params={"deck": ["session"], "d": ["not-a-deck"]}, monkeypatch=monkeypatch)  # the first page of the session
    assert not at.exception
    assert "Ignored the briefing deck in the link: does not carry a readable deck (the link may have been cut short)." in warnings(at)
    assert "d" not in at.query_params


@pytest.mark.parametrize("page", PAGES)
def test_every_page_ends_with_the_data_version(page, monkeypatch, freedonia):
    at = run(page, monkeypatch=monkeypatch)
    assert not at.exception, at.exception
    footer = [c.value for c in at.main.caption][-1]
    assert footer == f"Freedonia and the Northern League · Data version 1, released January 2026, content {freedonia.version.digest}"


def test_the_citation_of_a_filtered_view_carries_its_url_and_version(monkeypatch, freedonia):
    params = {"years": ["2000", "2004"], "programme": ["TRAIN"], "q": "dam"}
    at = run("views/timeline.py", params=params, monkeypatch=monkeypatch)
    assert not at.exception, at.exception
    assert not [c for c in at.sidebar.code if "TY  - DATA" in c.value]  # closed, the popover holds nothing
    at.session_state["cite_popover"] = True  # a click on "Cite this view" opens it
    at.run()
    query = "years=2000&years=2004&programme=TRAIN&q=dam"  # AppTest has no host: the browser test sees the whole address
    reference, bibtex, ris = (c.value for c in at.sidebar.code if "Data set" in c.value or "TY  - DATA" in c.value)
    assert reference.startswith(
        "Freedonia and the Northern League: Timeline, 2000–2004 · Training Partnership · “dam” (Version 1, content "
    )
    for text in (reference, bibtex, ris):
        assert query in text and freedonia.version.digest in text
    assert f"url = {{?{query}}}" in bibtex and f"UR  - ?{query}" in ris


@pytest.mark.parametrize("page", ["views/overview.py", "views/missions.py"])
def test_a_chart_image_is_named_with_the_data_version(page, monkeypatch):
    """The camera button's PNG says which data it shows, as the CSV extracts do."""
    from dashboard.data import load_dataset

    slug = load_dataset(FREEDONIA).version.slug
    at = run(page, monkeypatch=monkeypatch)
    names = [json.loads(chart.proto.config)["toImageButtonOptions"]["filename"] for chart in at.get("plotly_chart")]
    assert names and all(name.endswith("_" + slug) and len(name) > len(slug) + 1 for name in names), names

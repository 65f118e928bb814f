"""Hostile text in the data (tests/fixtures/hostile): HTML, script, markdown links and images,
maths and formulas in every free-text field. All of it must show as text: in chart hover labels,
tick labels and legends, in the pages' markdown, and in every CSV (formulas neutralised).

Tests marked xfail(strict=True) demonstrate defects in files this suite's author may not edit;
each reason names the fix. When the fix lands the test passes, strict xfail turns that into a
failure, and the mark is removed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import DATA_DIR_ENV, load_dataset, validate_dir
from dashboard.model.filters import Filters
from dashboard.render import charts, export, geo, timeline
from tests.conftest import FIXTURES, REAL_DATA

HOSTILE = FIXTURES / "hostile"
APP = str(REAL_DATA.parent / "dashboard" / "app.py")
PAGES = [
    "views/overview.py",
    "views/timeline.py",
    "views/missions.py",
    "views/programmes.py",
    "views/sources.py",
    "views/changes.py",
    "views/briefing.py",
]
IMG = "<img src=x onerror=alert(1)>"
# Markup from the fixture that must never reach a renderer unescaped. (Bold markers are left out:
# escaped text is often shown inside our own **bold**.)
RAW_MARKUP = ("<img", "<script", "<b>", "](javascript:", "](http://evil", "![", ":red[")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile():
    return load_dataset(HOSTILE)


def test_hostile_fixture_is_valid_data():
    assert validate_dir(HOSTILE) == []


# --------------------------------------------------------------------------------------------
# Charts: every string in every figure
# --------------------------------------------------------------------------------------------


def strings(value):
    """Every string inside a (plotly JSON) structure."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def figures(data):
    everything = Filters()
    from dashboard.model.filters import filter_cycles, filter_deployments, filter_milestones, filter_missions, filter_programmes

    milestones, programmes = filter_milestones(data, everything), filter_programmes(data, everything)
    cycles, missions = filter_cycles(data, everything, programmes), filter_missions(data, everything)
    deployments = filter_deployments(data, everything, missions)
    return {
        "timeline by category": timeline.timeline_figure(data, milestones, programmes, cycles, missions, lanes="category"),
        "timeline by programme": timeline.timeline_figure(data, milestones, programmes, cycles, missions, lanes="programme"),
        "year strip": charts.year_strip_figure(data, milestones),
        "personnel": charts.personnel_figure(data, deployments, missions),
        "programme matrix": charts.programme_matrix_figure(data, programmes),
        "programme spans": charts.programme_spans_figure(data, programmes, cycles),
        "missions map": geo.mission_map_figure(data, missions, deployments, geo.load_world()),
    }


FIGURES = [
    "timeline by category",
    "timeline by programme",
    "year strip",
    "personnel",
    "programme matrix",
    "programme spans",
    "missions map",
]


@pytest.mark.parametrize("name", FIGURES)
def test_chart_text_is_escaped(hostile, name):
    figure = figures(hostile)[name].to_plotly_json()
    texts = list(strings(figure["data"])) + list(strings(figure["layout"]))
    raw = [t for t in texts if any(marker in t for marker in ("<img", "<script", "<b>OSR", "<b>League", "<b>of"))]
    assert raw == [], f"{name}: unescaped markup in {raw[:3]}"
    assert any("&lt;img src=x onerror=alert(1)&gt;" in t or "&lt;script&gt;" in t or "javascript:alert(1)" in t for t in texts), (
        f"{name}: no hostile text found at all; is the fixture still used?"
    )


@pytest.mark.parametrize("name", FIGURES)
def test_data_text_never_becomes_a_hover_template(hostile, name):
    """plotly reads %{...} in a hovertemplate; data text only ever goes in through hovertext."""
    figure = figures(hostile)[name].to_plotly_json()
    templates = [t.get("hovertemplate") for t in figure["data"] if isinstance(t.get("hovertemplate"), str)]
    assert [t for t in templates if "alert(1)" in t or "evil" in t or "%{lat} town" in t] == []


# --------------------------------------------------------------------------------------------
# CSV extracts and the zip: formulas neutralised in every cell and every header
# --------------------------------------------------------------------------------------------


def cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def tables(data):
    return {
        "milestones": export.milestones_table(data, data.milestones),
        "programmes": export.programmes_table(data, data.programmes, {"FORUM": 1}),
        "cycles": export.cycles_table(data, data.cycles),
        "missions": export.missions_table(data, data.missions, data.deployments),
        "deployments": export.deployments_table(data, data.deployments),
        "sources": export.sources_table(data, data.sources),
        "conflicts": export.conflicts_table(data, data.milestones),
    }


@pytest.mark.parametrize("name", ["milestones", "programmes", "cycles", "missions", "deployments", "sources", "conflicts"])
def test_csv_extract_neutralises_formulas(hostile, name):
    found = cells(export.csv_bytes(tables(hostile)[name]))
    dangerous = [c for c in found if c.startswith(FORMULA_START)]
    assert dangerous == [], f"{name}.csv: cells a spreadsheet would run: {dangerous[:5]}"
    assert any(c.startswith(("'=", "'+", "'-", "'@")) for c in found), f"{name}.csv: no hostile cell at all"


def test_every_readable_csv_in_the_zip_neutralises_formulas(hostile):
    with zipfile.ZipFile(io.BytesIO(export.all_data_zip(hostile))) as archive:
        names = [n for n in archive.namelist() if n.startswith("readable/")]
        assert len(names) == 6
        for name in names:
            found = cells(archive.read(name))
            assert [c for c in found if c.startswith(FORMULA_START)] == [], name
        # The package's own tables keep every value exactly as written (the README says to open
        # the readable copies in a spreadsheet); the hostile values are there, as text.
        exact = cells(archive.read("data/milestones.csv"))
        assert any(c.startswith(FORMULA_START) for c in exact)
        assert "readable/" in archive.read("README.md").decode()
    headers = cells(export.csv_bytes(tables(hostile)["missions"]))
    assert '\'=HYPERLINK("http://evil.example","Freedonian") participation' in headers  # partner adjective in a header


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")'])
def test_each_formula_prefix_is_neutralised(value):
    import pandas as pd

    frame = pd.DataFrame({"text": [value], "category": pd.Categorical([value]), value: ["header"]})
    safe = "'" + value.replace("\r", "\n")  # a CR inside a cell would end the row in a spreadsheet
    assert cells(export.csv_bytes(frame)) == ["text", "category", safe, safe, safe, "header"]


def test_line_breaks_inside_cells_keep_the_rows_intact():
    import pandas as pd

    frame = pd.DataFrame({"a": ["one\rtwo", "three\r\nfour", "five\nsix"], "b": [1, 2, 3]})
    rows = list(csv.reader(io.StringIO(export.csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows == [["a", "b"], ["one\ntwo", "1"], ["three\nfour", "2"], ["five\nsix", "3"]]


# --------------------------------------------------------------------------------------------
# Pages (AppTest): every element that renders markdown
# --------------------------------------------------------------------------------------------


def run_page(page, monkeypatch, params=None, data_dir=HOSTILE) -> AppTest:
    """The app opened on `page` (None: the first run, which shows the link's notices)."""
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    if params:
        at.query_params.update(params)
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def open_every_detail(at: AppTest, page: str, data) -> list[dict[str, list[str]]]:
    """Markdown of the page as it is, and with each milestone / mission / programme card opened."""
    states = [markdown_texts(at)]
    picks = {
        "views/timeline.py": [("selectbox", "milestone_pick", m) for m in data.milestones["id"]],
        "views/missions.py": [("selectbox", "mission_pick", m) for m in data.missions["id"]],
        "views/programmes.py": [("multiselect", "compare", list(data.programmes["code"])[:4])],
    }
    for kind, key, value in picks.get(page, []):
        getattr(at, kind)(key=key).set_value(value).run()
        assert not at.exception, at.exception
        states.append(markdown_texts(at))
    if page == "views/briefing.py":
        for _ in data.decks[0].slides[1:]:
            at.button(key="slide_next").click().run()
            assert not at.exception, at.exception
            states.append(markdown_texts(at))
    return states


def markdown_texts(at: AppTest) -> dict[str, list[str]]:
    """Strings of one run that Streamlit renders as markdown, by kind."""
    texts = {
        "title": [e.value for e in at.title],
        "header": [e.value for e in at.header] + [e.value for e in at.subheader],
        "markdown": [e.value for e in at.markdown],
        "caption": [e.value for e in at.caption],
        "alert": [e.value for e in (*at.warning, *at.info, *at.error, *at.success)],
        "metric": [e.label for e in at.metric],
        "help": [],
    }
    stack = [at._tree]
    while stack:
        node = stack.pop()
        help_text = getattr(getattr(node, "proto", None), "help", None)
        if isinstance(help_text, str) and help_text:
            texts["help"].append(help_text)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
    return texts


def raw_markup(texts: list[str]) -> list[str]:
    return [t for t in texts if any(marker in t for marker in RAW_MARKUP)]


@pytest.mark.parametrize("page", PAGES)
def test_page_markdown_shows_data_as_text(page, hostile, monkeypatch):
    """Headings, markdown blocks (details, cards, sources), alerts and metrics: all escaped."""
    at = run_page(page, monkeypatch)
    for texts in open_every_detail(at, page, hostile):
        for kind in ("header", "markdown", "alert", "metric"):
            assert raw_markup(texts[kind]) == [], f"{page} {kind}: {raw_markup(texts[kind])[:3]}"
    shown = " ".join(" ".join(v) for v in markdown_texts(at).values())
    assert "&lt;" in shown or "&#91;" in shown, "no hostile text reached the page"


def test_what_changed_shows_an_uploaded_packages_text_as_text(hostile, monkeypatch):
    """A hostile package uploaded to an app showing other data: every label of every record
    removed reaches the page escaped, and so does the citation's view."""
    at = run_page("views/changes.py", monkeypatch, data_dir=FIXTURES / "freedonia")
    at.file_uploader[0].set_value(("hostile.zip", export.all_data_zip(hostile), "application/zip")).run()
    assert not at.exception, at.exception
    texts = markdown_texts(at)
    for kind in ("header", "markdown", "alert", "caption"):
        assert raw_markup(texts[kind]) == [], f"{kind}: {raw_markup(texts[kind])[:3]}"
    assert any("&lt;img" in t for t in texts["markdown"]), "no hostile text reached the page"


def test_details_show_hostile_text_escaped(hostile, monkeypatch):
    at = run_page("views/timeline.py", monkeypatch, params={"milestone": "forum-joined"})
    body = " ".join(markdown_texts(at)["markdown"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in [h.value for h in at.subheader]  # the card's heading, escaped
    assert "&#91;x&#93;(javascript:alert(1))" in body
    assert "!&#91;t&#93;(http://evil.example/summary.png)" in body


def test_source_links_only_for_plain_http_urls(hostile, monkeypatch):
    """javascript:, data: and URLs with quotes become no link at all."""
    at = run_page("views/timeline.py", monkeypatch, params={"milestone": "training-starts"})
    body = " ".join(markdown_texts(at)["markdown"])
    assert "](javascript" not in body.lower() and "](data:" not in body and "onmouseover" not in body
    at = run_page("views/timeline.py", monkeypatch, params={"milestone": "forum-joined"})
    assert "](" not in " ".join(t for t in markdown_texts(at)["markdown"] if "F1" in t)


@pytest.mark.parametrize("page", ["views/overview.py", "views/briefing.py"])
def test_page_title_shows_data_as_text(page, monkeypatch):
    at = run_page(page, monkeypatch)
    assert raw_markup(markdown_texts(at)["title"]) == []


@pytest.mark.parametrize(
    "page", ["views/overview.py", "views/timeline.py", "views/missions.py", "views/programmes.py", "views/briefing.py"]
)
def test_chart_captions_show_data_as_text(page, monkeypatch):
    at = run_page(page, monkeypatch)
    assert raw_markup(markdown_texts(at)["caption"]) == []


def test_filter_help_shows_data_as_text(monkeypatch):
    at = run_page("views/overview.py", monkeypatch)
    assert raw_markup(markdown_texts(at)["help"]) == []


HOSTILE_LINK = {
    "programme": ["![t](http://evil.example/link.png)", "FORUM"],
    "q": "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>": "1",
}


@pytest.mark.parametrize("data_dir", [FIXTURES / "freedonia", HOSTILE], ids=["clean-data", "hostile-data"])
def test_link_values_show_as_text(data_dir, monkeypatch):
    at = run_page(None, monkeypatch, params=HOSTILE_LINK, data_dir=data_dir)
    texts = markdown_texts(at)
    assert raw_markup(texts["alert"] + texts["caption"]) == []


def test_briefing_link_values_show_as_text(monkeypatch):
    at = run_page("views/briefing.py", monkeypatch, params={"deck": "![t](http://evil.example/deck.png)", "slide": "[x](javascript:1)"})
    alerts = markdown_texts(at)["alert"]
    assert any("Ignored unknown deck" in a for a in alerts)
    assert raw_markup(alerts) == []


def test_link_values_are_reported_not_applied(monkeypatch):
    """What the crafted link does today, apart from the markup: nothing breaks, notices name it."""
    at = run_page(None, monkeypatch, params=HOSTILE_LINK, data_dir=FIXTURES / "freedonia")
    alerts = " ".join(markdown_texts(at)["alert"])
    assert "Ignored unknown programme" in alerts and "Ignored unknown setting" in alerts
    assert at.multiselect(key="f_programme").value == ["FORUM"]


def test_dollar_signs_in_data_do_not_become_maths(monkeypatch):
    at = run_page("views/overview.py", monkeypatch)
    assert not [t for t in markdown_texts(at)["markdown"] if "$x^2$" in t]


# --------------------------------------------------------------------------------------------
# The HTML briefing pack
# --------------------------------------------------------------------------------------------


class _ActiveHTML(HTMLParser):
    """Collects what a browser would act on: elements that load or run things, event handlers,
    javascript: links. `allowed` lists the handlers a page may carry on purpose."""

    def __init__(self, allowed=()):
        super().__init__(convert_charrefs=True)
        self.allowed = set(allowed)
        self.found: list[str] = []
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            if name.startswith("on") and (name, value) not in self.allowed:
                self.found.append(f"<{tag} {name}={value}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.strip().lower().startswith(("javascript:", "data:text/html"))
            ):
                self.found.append(f"<{tag} {name}={value}>")
        source = dict(attrs).get("src") or ""
        if tag in ("img", "iframe", "embed", "object", "frame") and not source.startswith("data:image/"):
            self.found.append(f"<{tag} src={source}>")
        if tag in ("link", "base", "meta") and any(name in ("href", "http-equiv") for name, _ in attrs):
            self.found.append(f"<{tag} {dict(attrs)}>")

    def handle_data(self, data):
        if "alert(1)" in data and self.lasttag == "script" and self.tags.get("script", 0) and "Plotly" not in data:
            self.found.append("<script> with alert(1)")


def active_html(text: str, allowed=()) -> list[str]:
    parser = _ActiveHTML(allowed)
    parser.feed(text)
    parser.close()
    return parser.found


def test_active_html_checker_catches_each_trick():
    assert active_html('<p>x</p><img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a><script>alert(1)</script>') == [
        "<img onerror=alert(1)>",
        "<img src=x>",
        "<a href=javascript:alert(1)>",
        "<script> with alert(1)",
    ]
    assert active_html('<p>&lt;img src=x onerror=alert(1)&gt;</p><img src="data:image/png;base64,AA==">') == []


PACK_HANDLERS: set = set()  # the pack's own markup carries no handler; reveal.js binds its keys in script


def hostile_pack(hostile) -> str:
    from dashboard.render import pack

    (deck,) = [d for d in hostile.decks if d.id == "hostile"]
    return pack.deck_html(hostile, deck)


def test_briefing_pack_shows_data_as_text(hostile):
    """The one-file HTML pack: every title, note, label and hover text escaped; nothing breaks
    out of the embedded figure JSON."""
    pack = hostile_pack(hostile)
    parser = _ActiveHTML(PACK_HANDLERS)
    parser.feed(pack)
    parser.close()
    assert parser.found == [], parser.found[:5]
    # the pack's own elements only: a data '<script>', '<style>' or '<iframe>' would add one
    # (scripts: map outlines, plotly.js, reveal.js, its notes plugin, the deck)
    assert (parser.tags.get("script"), parser.tags.get("style"), parser.tags.get("iframe")) == (5, 1, None)
    assert pack.count("</script>") == 5
    assert "&lt;img src=x onerror=alert(1)&gt;" in pack
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in pack
    assert "&lt;iframe src=http://evil.example&gt;&lt;/iframe&gt;" in pack
    assert "&lt;!-- comment" in pack and "<!-- comment" not in pack

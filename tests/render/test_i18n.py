"""The render layer in other languages: every fixed word goes through the catalogue, the
placeholders survive a translation, and what is made declares its language."""

import gettext
import json
import re
from datetime import date

import pandas as pd

from dashboard import i18n
from dashboard.render import briefing, charts, export, geo, pack, pdf, png, pptx, timeline
from tests.conftest import MARK


def test_exports_declare_the_current_language(freedonia):
    deck = freedonia.decks[0]
    with i18n.language("az"):
        assert pack.deck_html(freedonia, deck).startswith("<!DOCTYPE html><html lang=az>")
        described = briefing.describe_deck(freedonia, deck, made=date(2026, 12, 3))
        assert "<html lang=az>" in pdf.handout_html(described, {})
        assert "<html lang=az>" in png.images_html(described, {})
    assert pack.deck_html(freedonia, deck).startswith("<!DOCTYPE html><html lang=en>")


def test_the_packs_count_of_hidden_sources_is_worded_in_python(freedonia):
    html = pack.deck_html(freedonia, freedonia.decks[0])
    more = json.loads(re.search(r"const MORE = (\[.*?\]);", html).group(1))
    most = max(len(s.citations) for s in briefing.describe_deck(freedonia, freedonia.decks[0]).specs)
    assert more == [f"… and {n} more" for n in range(1, most + 1)]


def test_every_figure_words_its_fixed_text_in_the_language(marked, freedonia, frames):
    f = frames
    fig = timeline.timeline_figure(freedonia, f.milestones, f.programmes, f.cycles, f.missions, lanes="programme")
    assert any(MARK in str(t.name) for t in fig.data)  # 'ongoing', 'end date not known'
    empty = timeline.timeline_figure(freedonia, f.milestones.head(0), f.programmes, f.cycles, f.missions)
    assert [a.text for a in empty.layout.annotations] == [MARK + "No milestones match these filters"]
    people = charts.personnel_figure(freedonia, f.deployments, f.missions)
    assert people.layout.yaxis.title.text == MARK + "Personnel"
    assert any(MARK in h for t in people.data if t.hovertext for h in t.hovertext)
    assert charts.programme_matrix_figure(freedonia, f.programmes.head(0)).layout.annotations[0].text.startswith(MARK)
    assert charts.year_strip_figure(freedonia, f.milestones.head(0)).layout.annotations[0].text.startswith(MARK)
    the_map = geo.mission_map_figure(freedonia, f.missions, f.deployments, geo.load_world())
    hovers = [h for t in the_map.data if t.type == "scattergeo" and t.customdata for _id, h in t.customdata]
    assert hovers and all(h.count(MARK) == 4 for h in hovers)  # participation, where, role, peak
    assert the_map.data[-1].name.startswith(MARK)  # the home country's key


def test_binned_timeline_words_its_counts_and_legend(marked, freedonia):
    n = 7000
    rows = freedonia.milestones.loc[freedonia.milestones.index.repeat(-(-n // len(freedonia.milestones)))].head(n)
    dates = pd.Timestamp("1995-01-01") + pd.to_timedelta([3 * i for i in range(n)], unit="D")
    rows = rows.assign(id=[f"m{i}" for i in range(n)], date=dates.astype("datetime64[us]"), year=dates.year.astype("int64"))
    fig = timeline.timeline_figure(freedonia, rows, freedonia.programmes, freedonia.cycles, freedonia.missions)
    assert any(str(t.name).startswith(MARK + "marker size: milestones per") for t in fig.data)
    assert any(f"<b>{MARK}" in h and "milestones</b>" in h for t in fig.data if t.hovertext for h in t.hovertext)


def test_deck_exports_word_their_furniture_in_the_language(marked, freedonia):
    deck = freedonia.decks[0]
    html = pack.deck_html(freedonia, deck)
    for words in ("Sources (", "Briefing pack made", "Cite the data as:", "→ and ← step through", "Slide 1"):
        assert MARK + words in html, words
    described = briefing.describe_deck(freedonia, deck, made=date(2026, 12, 3))
    assert described.credit.startswith(MARK) and "3 December 2026" not in described.credit  # the date in Russian
    handout = pdf.handout_html(described, {})
    for words in ("Made ", "Cite as:", "Sources<", "Cite this briefing", "Nothing to show"):
        assert MARK + words in handout, words
    assert all(png.source_line(spec).startswith(MARK) for spec in described.specs)
    pptx.briefing_pptx(described, {})  # no placeholder lost on the way


def test_readme_and_readable_cells_follow_the_language(marked, freedonia):
    readme = export.readme_text(freedonia)
    assert "## " + MARK + "How to cite" in readme and MARK + "Where sources disagree" in readme
    assert "март 1992" in readme  # the example date in Russian
    table = export.conflicts_table(freedonia, freedonia.milestones)
    assert list(table.columns) == export.CONFLICT_COLUMNS  # the column names stay
    assert all(kind.startswith(MARK) for kind in table["Record"])
    assert list(export.milestones_table(freedonia, freedonia.milestones).columns)[0] == "Date"


class Slashed(gettext.NullTranslations):
    def pgettext(self, context, message):
        return "../брифинг /x" if message == "briefing" else message


def test_export_file_names_take_the_word_of_the_language_and_never_a_path(monkeypatch, freedonia):
    deck = freedonia.decks[0]
    monkeypatch.setattr(i18n, "_catalogue", lambda code: Slashed() if code != i18n.DEFAULT else gettext.NullTranslations())
    with i18n.language("ru"):
        names = [pack.pack_file_name(deck), pdf.pdf_file_name(deck), pptx.pptx_file_name(deck), png.png_zip_file_name(deck)]
    assert names == ["брифинг-x_tour.html", "брифинг-x_tour.pdf", "брифинг-x_tour.pptx", "брифинг-x_tour_png.zip"]
    assert pdf.pdf_file_name(deck) == "briefing_tour.pdf"

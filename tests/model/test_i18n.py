"""The model in other languages: sentences, notices, the readable list of changes and the citation
go through the catalogue with named placeholders; the data package's own wording stays English."""

from datetime import date

import pandas as pd

from dashboard import i18n
from dashboard.model import cards, changes, package, registry, summary, urlstate
from dashboard.model.cite import ViewCitation
from dashboard.model.filters import Filters, filter_deployments, filter_milestones, filter_missions, filter_programmes
from dashboard.model.version import DataVersion
from tests.conftest import MARK


def _view(dataset, filters):
    milestones, programmes = filter_milestones(dataset, filters), filter_programmes(dataset, filters)
    missions = filter_missions(dataset, filters)
    return milestones, programmes, missions, filter_deployments(dataset, filters, missions)


def test_sentences_and_key_figures_are_worded_in_the_language(marked, freedonia):
    for filters in (Filters(), Filters(year_from=2003, year_to=2003), Filters(query="nothing-matches")):
        milestones, programmes, missions, deployments = _view(freedonia, filters)
        text = summary.view_summary(freedonia, filters, milestones, programmes, missions, deployments)
        assert text.startswith(MARK) and "{" not in text
        figures = summary.key_figures(freedonia, filters, programmes, missions, deployments, today=pd.Timestamp("2026-11-21"))
        assert all(label.startswith(MARK) for label in figures)
    milestones, programmes, missions, deployments = _view(freedonia, Filters())
    for text in (
        summary.matrix_sentence(freedonia, programmes),
        summary.programmes_sentence(freedonia, programmes),
        summary.confidence_sentence(freedonia, milestones),
        summary.missions_sentence(freedonia, missions, deployments),
    ):
        assert text.startswith(MARK) and "{" not in text
    card = cards.milestone_card(freedonia, milestones.iloc[0])
    assert all(label.startswith(MARK) for label, _text in card.details)


def test_one_year_is_worded_as_one_year(freedonia):
    filters = Filters(year_from=2003, year_to=2003)
    assert summary.milestones_sentence(freedonia, filters, filter_milestones(freedonia, filters)).startswith("1 milestone in 2003 (")


def test_lists_are_joined_as_the_language_joins_them():
    assert summary.join_list(["a", "b", "c"]) == "a, b and c"
    with i18n.language("ru"):
        assert summary.join_list(["a", "b", "c"]) == "a, b и c"
    with i18n.language("az"):
        assert summary.join_list(["a", "b"]) == "a və b"


def test_link_notices_are_worded_in_the_language(marked, freedonia):
    _filters, notices = urlstate.parse_query_params({"years": ["x", "3000"], "programme": ["nope"], "odd": ["1"]}, freedonia)
    _state, more = urlstate.parse_view(registry.page("timeline"), {"lanes": ["diagonal"], "milestone": ["nope"]}, freedonia)
    assert len(notices + more) == 6 and all(n.startswith(MARK) for n in notices + more)
    assert "“nope”" in notices[-1]


def test_the_readable_changes_and_the_citation_follow_the_language(marked, freedonia):
    now = changes.snapshot_of(freedonia, "now")
    comparison = changes.compare(now, now)
    text = changes.readable_text(comparison)
    assert text.startswith("# " + MARK) and "{" not in text
    assert changes.summary_lines(comparison)[0].startswith(MARK)
    assert changes.counts_text({"added": 1, "removed": 0, "changed": 2}).startswith(MARK)
    assert list(changes.changes_table(comparison).columns) == changes.CSV_COLUMNS
    citation = ViewCitation("Title", "View", "http://x/", DataVersion("3f9a1c2e", "2026-12", "2026-12-02"), date(2026, 12, 3))
    assert citation.reference().startswith(MARK) and "{" not in citation.reference()
    assert "howpublished = {" + MARK in citation.bibtex() and "  title = {" in citation.bibtex()


def test_the_data_package_descriptor_stays_english(marked, freedonia):
    described = package.descriptor(freedonia)
    assert MARK not in str(described)
    assert described["resources"][0]["title"] == "Milestone categories"
    assert described["dataVersion"]["text"].startswith("Data version ")
    assert changes.table_title("milestones") == MARK + "Milestones"  # the readable list translates the title

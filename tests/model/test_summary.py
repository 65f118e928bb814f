import pandas as pd

from dashboard.model.filters import Filters, filter_deployments, filter_milestones, filter_missions, filter_programmes
from dashboard.model.summary import key_figures, matrix_sentence, milestones_sentence, missions_sentence, view_summary


def test_key_figures(freedonia):
    assert key_figures(freedonia, today=pd.Timestamp("2026-11-21")) == {
        "Years of partnership": ("31", "since June 1995"),
        "Programmes and mechanisms": ("3", "1 active"),
        "Missions": ("2", "SSF, OSR"),
        "Peak personnel": ("151", "OSR, 2004"),
    }


def test_years_of_partnership_count_whole_years(freedonia):
    assert key_figures(freedonia, today=pd.Timestamp("2026-05-31"))["Years of partnership"][0] == "30"


def test_key_figures_follow_the_filters(freedonia):
    filters = Filters(year_from=2000, year_to=2003)
    missions = filter_missions(freedonia, filters)
    figures = key_figures(
        freedonia,
        filters,
        filter_programmes(freedonia, filters),
        missions,
        filter_deployments(freedonia, filters, missions),
        today=pd.Timestamp("2026-11-21"),
    )
    assert figures["Years in view"] == ("4", "2000–2003 of 31 years since June 1995")
    assert figures["Peak personnel"][1].endswith("2003")  # the peak within the years, not the whole dataset's (2004)
    assert figures["Peak personnel"] != key_figures(freedonia, today=pd.Timestamp("2026-11-21"))["Peak personnel"]


def test_milestone_sentence_names_first_and_last(freedonia):
    filters = Filters(year_from=2003, year_to=2004)
    assert milestones_sentence(freedonia, filters, filter_milestones(freedonia, filters)) == (
        "2 milestones between 2003 and 2004 (1 mission and 1 visit), from Company deploys to Osterlich (15 August 2003) "
        "to League chief visits Marxville (4–5 November 2004)."
    )


def test_empty_view_says_so(freedonia):
    filters = Filters(query="nothing-matches")
    assert milestones_sentence(freedonia, filters, filter_milestones(freedonia, filters)) == (
        "No milestones between 1995 and 2006 match these filters."
    )


def test_missions_sentence_mentions_leads_peaks_and_gaps(freedonia):
    missions = filter_missions(freedonia, Filters())
    text = missions_sentence(freedonia, missions, filter_deployments(freedonia, Filters(), missions))
    assert text == (
        "2 missions with Freedonian personnel: SSF (Sylvania, League-led) and OSR (Osterlich, Coalition). "
        "The largest contingent in these years was 151 in OSR (2004). 1 mission-year has no published figure and is shown as a gap."
    )


def test_matrix_sentence(freedonia):
    assert matrix_sentence(freedonia, filter_programmes(freedonia, Filters())) == (
        "3 programmes across 3 focus areas; the most shared are training (2), political dialogue (1) and peace-support operations (1)."
    )


def test_view_summary_joins_the_parts(freedonia):
    f = Filters()
    m, p = filter_milestones(freedonia, f), filter_programmes(freedonia, f)
    missions = filter_missions(freedonia, f)
    text = view_summary(freedonia, f, m, p, missions, filter_deployments(freedonia, f, missions))
    assert text.startswith("6 milestones between 1995 and 2006")
    assert "Confidence: 4 confirmed, 1 approximate and 1 unconfirmed." in text

import pytest

from dashboard.model.filters import (
    Filters,
    cited_source_ids,
    filter_cycles,
    filter_deployments,
    filter_milestones,
    filter_missions,
    filter_programmes,
    milestones_per_programme,
    pick_choices,
)


def ids(frame, column="id"):
    return frame[column].tolist()


def test_no_filter_keeps_everything_in_date_order(freedonia):
    assert ids(filter_milestones(freedonia, Filters())) == [
        "forum-joined",
        "syl-deploys",
        "training-starts",
        "osr-deploys",
        "chief-visits",
        "info-centre",
    ]


def test_year_range_is_inclusive(freedonia):
    assert ids(filter_milestones(freedonia, Filters(year_from=2001, year_to=2003))) == ["training-starts", "osr-deploys"]


def test_programme_filter_matches_any_listed_programme(freedonia):
    assert ids(filter_milestones(freedonia, Filters(programmes=("PLAN",)))) == ["chief-visits"]
    assert ids(filter_milestones(freedonia, Filters(programmes=("PLAN", "TRAIN")))) == ["training-starts", "chief-visits"]


def test_category_mission_and_confidence_filters(freedonia):
    assert ids(filter_milestones(freedonia, Filters(categories=("mission",)))) == ["syl-deploys", "osr-deploys"]
    assert ids(filter_milestones(freedonia, Filters(missions=("OSR",)))) == ["osr-deploys"]
    assert ids(filter_milestones(freedonia, Filters(confidence=("unconfirmed",)))) == ["info-centre"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NF", ["forum-joined", "chief-visits"]),  # an alias of FORUM, not in any title
        ("entrenamiento", ["training-starts"]),  # alias with different case
        ("firefly", ["training-starts"]),  # people
        ("bridge town", ["syl-deploys"]),  # place; every word must match
        ("Sylvania", ["syl-deploys"]),  # the mission's country
        ("zzz", []),
    ],
)
def test_text_search_covers_titles_people_places_and_aliases(freedonia, query, expected):
    assert ids(filter_milestones(freedonia, Filters(query=query))) == expected


def test_search_matches_word_starts_not_word_middles(freedonia):
    # "rain" is inside "Training" but starts no word
    assert ids(filter_milestones(freedonia, Filters(query="rain"))) == []


def test_search_ignores_accents(freedonia, monkeypatch):
    assert ids(filter_milestones(freedonia, Filters(query="Fïrefly"))) == ["training-starts"]


def test_programmes_overlapping_the_years(freedonia):
    assert ids(filter_programmes(freedonia, Filters(year_from=1995, year_to=2000)), "code") == ["FORUM"]
    assert ids(filter_programmes(freedonia, Filters(year_from=2011, year_to=2020)), "code") == ["FORUM", "PLAN"]
    assert ids(filter_programmes(freedonia, Filters(query="drill")), "code") == ["TRAIN"]


def test_cycles_follow_programmes_and_years(freedonia):
    programmes = filter_programmes(freedonia, Filters(year_from=2006))
    assert filter_cycles(freedonia, Filters(year_from=2006), programmes)["label"].tolist() == ["Cycle 2"]


def test_missions_and_deployments_follow_years_and_mission_choice(freedonia):
    assert ids(filter_missions(freedonia, Filters(year_from=2005))) == ["OSR"]
    deployments = filter_deployments(freedonia, Filters(missions=("SYL",), year_from=2001))
    assert list(zip(deployments["mission"], deployments["year"], strict=False)) == [("SYL", 2001), ("SYL", 2002)]


def test_filtering_does_not_mutate_the_dataset(freedonia):
    before = freedonia.milestones.copy()
    filter_milestones(freedonia, Filters(year_from=2001, query="drill"))
    assert freedonia.milestones.equals(before)


def test_cited_sources_are_collected_from_rows(freedonia):
    rows = filter_milestones(freedonia, Filters(year_from=2003, year_to=2004))
    assert cited_source_ids(rows) == {"F1", "F2", "F3"}


# --------------------------------------------------------------------------------------------
# Performance helpers: counts per programme, the milestone picker's choices
# --------------------------------------------------------------------------------------------


def test_milestones_per_programme_counts_each_milestone_once(freedonia):
    milestones = filter_milestones(freedonia, Filters())
    expected = {code: sum(code in codes for codes in milestones["programmes"]) for code in freedonia.programmes["code"]}
    assert milestones_per_programme(milestones, freedonia.programmes["code"]) == expected
    doubled = milestones.assign(programmes=[codes + codes for codes in milestones["programmes"]])
    assert milestones_per_programme(doubled, ["TRAIN", "NOPE"]) == {"TRAIN": expected["TRAIN"], "NOPE": 0}
    assert milestones_per_programme(milestones.iloc[:0], ["TRAIN"]) == {"TRAIN": 0}


def test_pick_choices_are_the_first_rows_plus_the_current_pick(freedonia):
    milestones = filter_milestones(freedonia, Filters())
    assert ids(pick_choices(milestones, None, 2)) == ids(milestones)[:2]
    assert ids(pick_choices(milestones, ids(milestones)[-1], 2)) == [*ids(milestones)[:2], ids(milestones)[-1]]
    assert ids(pick_choices(milestones, ids(milestones)[1], 2)) == ids(milestones)[:2]
    assert ids(pick_choices(milestones, ids(milestones)[-1], 100)) == ids(milestones)


def test_chosen_years_are_none_until_narrowed():
    assert Filters().chosen_years() is None
    assert Filters(year_from=2000).chosen_years() == (2000, None)
    assert Filters(year_from=2000, year_to=2004).chosen_years() == (2000, 2004)

import pytest

from dashboard.model.filters import Filters
from dashboard.model.urlstate import describe_filters, parse_query_params, to_query_params


def parse(freedonia, **params):
    return parse_query_params({k: v if isinstance(v, list) else [v] for k, v in params.items()}, freedonia)


def test_a_cold_url_reproduces_the_view(freedonia):
    filters, notices = parse(freedonia, years=["2000", "2004"], programme=["TRAIN", "PLAN"], q="dam")
    assert filters == Filters(year_from=2000, year_to=2004, programmes=("TRAIN", "PLAN"), query="dam")
    assert notices == []


def test_round_trip_leaves_defaults_out(freedonia):
    filters = Filters(year_from=2000, programmes=("PLAN",), confidence=("approximate",), query="x")
    params = to_query_params(filters, freedonia)
    assert params == {"years": ["2000", "2006"], "programme": ["PLAN"], "confidence": ["approximate"], "q": ["x"]}
    assert parse_query_params(params, freedonia) == (filters, [])
    assert to_query_params(Filters(), freedonia) == {}


def test_codes_match_case_insensitively_in_data_order(freedonia):
    filters, notices = parse(freedonia, programme=["plan", "forum", "PLAN"])
    assert filters.programmes == ("FORUM", "PLAN")
    assert notices == []


@pytest.mark.parametrize(
    ("params", "expected_filters", "expected_notice"),
    [
        ({"programme": ["NOPE"]}, Filters(), "Ignored unknown programme “NOPE” in the link."),
        ({"category": ["war"]}, Filters(), "Ignored unknown category “war” in the link."),
        ({"mission": ["X"]}, Filters(), "Ignored unknown mission “X” in the link."),
        ({"confidence": ["sure"]}, Filters(), "Ignored unknown confidence level “sure” in the link."),
        ({"years": ["abc", "2003"]}, Filters(year_from=2003, year_to=2003), "Ignored the year “abc” in the link: it is not a year."),
        (
            {"years": ["2004", "2001"]},
            Filters(year_from=2001, year_to=2004),
            "The years in the link were in reverse order; they have been swapped.",
        ),
        ({"years": ["1900", "2003"]}, Filters(year_to=2003), "Years in the link were limited to the data's range, 1995–2006."),
        ({"colour": ["red"]}, Filters(), "Ignored unknown setting “colour” in the link."),
    ],
)
def test_invalid_values_are_dropped_with_a_notice(freedonia, params, expected_filters, expected_notice):
    filters, notices = parse_query_params(params, freedonia)
    assert filters == expected_filters
    assert notices == [expected_notice]


def test_page_owned_parameters_pass_silently(freedonia):
    assert parse_query_params({"milestone": ["x"], "slide": ["3"]}, freedonia, extra=("milestone", "slide")) == (Filters(), [])


def test_overlong_search_is_cut(freedonia):
    filters, notices = parse(freedonia, q="a" * 500)
    assert len(filters.query) == 200 and notices == ["The search text in the link was cut to 200 characters."]


def test_filters_are_described_in_words(freedonia):
    filters = Filters(year_from=2000, year_to=2004, programmes=("TRAIN",), confidence=("approximate",), query="dam")
    assert describe_filters(filters, freedonia) == "2000–2004 · Training Partnership · Approximate · “dam”"


def test_the_audience_and_the_presenters_screens_are_read_from_a_link_and_written_back(freedonia):
    from dashboard.model.registry import page
    from dashboard.model.urlstate import ViewState, parse_view, view_params

    briefing = page("briefing")
    decks = {"tour": 3}
    view, notices = parse_view(briefing, {"deck": ["tour"], "slide": ["2"], "presenter": ["1"]}, freedonia, decks)
    assert (view.presenter, view.present, notices) == (True, False, [])
    assert view_params(briefing, view) == {"deck": ["tour"], "slide": ["2"], "presenter": ["1"]}
    view, _ = parse_view(briefing, {"deck": ["tour"], "present": ["yes"], "presenter": ["0"]}, freedonia, decks)
    assert (view.present, view.presenter) == (True, False)
    view, notices = parse_view(briefing, {"presenter": ["maybe"]}, freedonia, decks)
    assert not view.presenter and len(notices) == 1 and "maybe" in notices[0]
    assert "presenter" not in view_params(page("timeline"), ViewState(presenter=True))  # the briefing page's own

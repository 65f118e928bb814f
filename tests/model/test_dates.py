from datetime import date

import pandas as pd
import pytest

from dashboard.model.dates import format_date, format_range, parse_partial_date, period_end


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1994", (date(1994, 1, 1), "year")), ("1992-03", (date(1992, 3, 1), "month")), ("1994-05-04", (date(1994, 5, 4), "day"))],
)
def test_partial_dates_keep_their_precision(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["1994-13", "2005-02-30", "05/04/1994", "1994-5-4", "", "about 1994"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_dates_are_shown_at_their_real_precision():
    assert format_date(pd.Timestamp("1992-03-01"), "month") == "March 1992"
    assert format_date(pd.Timestamp("1994-05-04"), "day") == "4 May 1994"
    assert format_date(pd.Timestamp("2006-01-01"), "year") == "2006"
    assert format_date(pd.NaT, "day") == ""


def test_ranges_collapse_shared_month_and_year():
    assert format_range(pd.Timestamp("2024-03-17"), "day", pd.Timestamp("2024-03-18"), "day") == "17–18 March 2024"
    assert format_range(pd.Timestamp("2006-03-01"), "month", pd.Timestamp("2008-01-01"), "year") == "March 2006 – 2008"
    assert format_range(pd.Timestamp("2005-05-27"), "day") == "27 May 2005"


def test_period_end_is_the_last_day_the_date_stands_for():
    assert period_end(date(2008, 1, 1), "year") == date(2008, 12, 31)
    assert period_end(date(2008, 2, 1), "month") == date(2008, 2, 29)
    assert period_end(date(2008, 2, 3), "day") == date(2008, 2, 3)

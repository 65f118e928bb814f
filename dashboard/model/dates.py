"""Partial ISO dates (`1994`, `1994-05`, `1994-05-04`) and how they are shown to people."""

from __future__ import annotations

import calendar
import re
from datetime import date

import pandas as pd

from dashboard import i18n

PRECISIONS = ("day", "month", "year")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[date, str]:
    """Return (first day of the period, precision) or raise ValueError with a readable reason."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month} (expected 01 to 12)")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{text!r} is not a real day (expected 01 to {last:02d})")
    if year < 1800 or year > 2200:
        raise ValueError(f"{text!r} is outside the years this dataset can hold (expected 1800 to 2200)")
    precision = "day" if day else "month" if month else "year"
    return date(year, month or 1, day or 1), precision


def period_end(start: date, precision: str) -> date:
    """Last day of the period a partial date stands for (2008 -> 31 Dec 2008)."""
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def format_date(value, precision: str) -> str:
    """'4 May 1994', 'May 1994' or '1994' in the current language ('4 мая 1994 г.'): never a day
    or month the sources do not give."""
    if value is None or pd.isna(value):
        return ""
    return i18n.format_day(pd.Timestamp(value).date(), precision)


def format_range(start, start_precision: str, end=None, end_precision: str | None = None) -> str:
    """'17–18 March 2024', 'March–May 2006', 'March 2006 – 2008' (in the current language), or a
    single date when there is no end."""
    if end is None or pd.isna(end):
        return format_date(start, start_precision)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    end_precision = end_precision or start_precision
    if start_precision == end_precision == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'day')}"
    if start_precision == end_precision == "month" and start.year == end.year:
        return f"{i18n.format_month(start.month)}–{format_date(end, 'month')}"
    return f"{format_date(start, start_precision)} – {format_date(end, end_precision)}"


_ISO_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


def iso_partial(value, precision: str | None) -> str:
    """ISO 8601 at the real precision ('1994', '1994-05', '1994-05-04'); '' for no date. Sorts
    as text in a spreadsheet, and never pads an unknown day or month."""
    if value is None or precision is None or value != value:  # NaT is not equal to itself
        return ""
    return value.strftime(_ISO_FORMATS[precision])

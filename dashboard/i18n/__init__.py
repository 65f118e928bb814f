"""The interface's languages: gettext catalogues (compiled with Babel) and Babel's dates and numbers.

The language of the current script run (or export) is a context variable, set once at the edge
(`use`, `language`), so that every layer below words its text in it without passing it along.
Interface strings are marked `_("…")` where they are used, or `N_("…")` where they are declared
and translated later (page titles); `make i18n` extracts them, updates the .po catalogues under
`locale/` and compiles them. The texts of the data (titles, summaries, labels) are not here but
in the data directory's own translations (`loading/translations.py`).
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"
# Code, the language's name in itself (for the picker), and the Babel locale for dates/numbers.
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "en_GB"),
    "az": ("Azərbaycanca", "az"),
    "ru": ("Русский", "ru"),
}
# Shown beside a data text that has no translation yet in the reader's language.
FALLBACK_MARK = "[EN] "

_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def known(code: str | None) -> str | None:
    """The language code, if it is one of ours (case and spaces ignored); None otherwise."""
    code = (code or "").strip().casefold()
    return code if code in LANGUAGES else None


def use(code: str) -> None:
    """Words everything that follows in this thread (one Streamlit script run) in `code`."""
    _current.set(known(code) or DEFAULT)


@contextlib.contextmanager
def language(code: str) -> Iterator[str]:
    """Words what runs inside the block in `code` (an export, a test), then restores the language."""
    token = _current.set(known(code) or DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def current() -> str:
    return _current.get()


def babel_locale(code: str | None = None) -> str:
    return LANGUAGES[code or current()][1]


@cache
def _catalogue(code: str) -> _gettext.NullTranslations:
    if code == DEFAULT:
        return _gettext.NullTranslations()
    # A missing compiled catalogue is a packaging error, raised here rather than shown as English.
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
        return _gettext.GNUTranslations(file)


def catalogue() -> _gettext.NullTranslations:
    """The catalogue this run's texts come from: one object per language for the life of the
    process, so a value worded in it can be kept under it as a key (a test's stand-in catalogue
    is another object, and matches nothing kept)."""
    return _catalogue(current())


def _(message: str) -> str:
    """`message` in the current language (English when the catalogue has no translation)."""
    return _catalogue(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the current language (Russian has three), not yet formatted."""
    return _catalogue(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in a context, for a word that is translated differently by use."""
    return _catalogue(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for extraction where it is declared; `_()` translates it where it is shown."""
    return message


# ------------------------------------------------------------------------------------------
# Dates and numbers (Babel's CLDR data, offline)
# ------------------------------------------------------------------------------------------

_SKELETONS = {"day": "yMMMMd", "month": "yMMMM"}


def format_day(value: date, precision: str, code: str | None = None) -> str:
    return _format_day(value, precision, code or current())


@lru_cache(maxsize=16384)  # 100,000 milestones repeat a few thousand dates; Babel takes ~15 µs each
def _format_day(value: date, precision: str, code: str) -> str:
    """'4 May 1994' / '4 may 1994' / '4 мая 1994 г.'; 'May 1994' / 'may 1994' / 'май 1994 г.';
    a year alone is written as digits in every language."""
    from babel.dates import format_date, format_skeleton  # imported on first use: Babel's data is large

    if precision == "year":
        return str(value.year)
    locale = LANGUAGES[code][1]
    if precision == "day":
        return format_date(value, "long", locale=locale)
    return format_skeleton(_SKELETONS[precision], value, locale=locale)


def format_number(value: float | int, code: str | None = None) -> str:
    """1,234 / 1 234 (a no-break space in Russian) / 1.234, as each language groups digits."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(code))


def format_month(month: int, code: str | None = None) -> str:
    """The month's name as it stands alone ('May', 'may', 'май')."""
    from babel.dates import get_month_names

    return get_month_names("wide", "stand-alone", locale=babel_locale(code))[month]

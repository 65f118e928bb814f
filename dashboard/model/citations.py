"""Sources as readers see them: publisher, title, date and link, never an internal id."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import _

_UNSAFE_URL_CHARACTERS = set(' <>()"')


def safe_url(url) -> str | None:
    """A plain http(s) address that can be shown as a link, or None."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    return None if _UNSAFE_URL_CHARACTERS & set(url) else url


@dataclass(frozen=True)
class Citation:
    """One source, ready to show: `url` is None unless it is a safe http(s) link."""

    id: str
    publisher: str
    title: str
    date_label: str
    url: str | None

    def text(self, with_url: bool = True) -> str:
        """'Publisher, “Title”, 4 May 1994. https://…' (date and link where known), punctuated as the
        current language quotes a title."""
        text = source_text(self.publisher, self.title, self.date_label)
        if with_url and self.url:
            # a date that ends in a full stop ('4 мая 1994 г.') takes no second one
            text += f"{'' if text.endswith('.') else '.'} {self.url}"
        return text


def source_text(publisher: str, title: str, date_label: str = "") -> str:
    """'Publisher, “Title”, 4 May 1994' (the date where known)."""
    if date_label:
        return _("{publisher}, “{title}”, {date}").format(publisher=publisher, title=title, date=date_label)
    return _("{publisher}, “{title}”").format(publisher=publisher, title=title)

"""'Cite this view': the citation of exactly what is on screen, as an APA-like reference, BibTeX
and RIS. Each carries the view's full address (page and filters), the data version and the date
it was accessed; pure, so every form is tested without Streamlit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.i18n import _
from dashboard.model.dates import format_date, parse_partial_date
from dashboard.model.text import ascii_words
from dashboard.model.version import DataVersion


@dataclass(frozen=True)
class ViewCitation:
    dataset_title: str  # 'Azerbaijan–NATO partnership'
    view: str  # what is on screen, in words: 'Timeline: 2000–2010 · Partnership for Peace'
    url: str  # the view's full address, filters included
    version: DataVersion
    accessed: date

    @property
    def year(self) -> str:
        """The release's year, or the access year for data without a release."""
        return self.version.released[:4] if self.version.released else str(self.accessed.year)

    @property
    def title(self) -> str:
        return f"{self.dataset_title}: {self.view}" if self.view else self.dataset_title

    @property
    def version_text(self) -> str:
        if self.version.label:
            return _("Version {label}, content {digest}").format(label=self.version.label, digest=self.version.digest)
        return _("Content {digest}").format(digest=self.version.digest)

    def reference(self) -> str:
        """APA-like, for a data set with no personal author: title, version, type, year, the
        access date and the address, in the current language."""
        accessed = format_date(pd.Timestamp(self.accessed), "day")
        return _("{title} ({version}) [Data set]. ({year}). Retrieved {date}, from {url}").format(
            title=self.title, version=self.version_text, year=self.year, date=accessed, url=self.url
        )

    @property
    def note(self) -> str:
        """The data version and the access date, for BibTeX's `note` and RIS's `N1`."""
        return _("{version}. Accessed {date}.").format(version=self.version.text, date=self.accessed.isoformat())

    def bibtex(self) -> str:
        """A biblatex/BibTeX `@misc` entry; `url` is a verbatim field, so the address is written
        as it is (a URL-encoded query has no braces). Field names stay; their readable values
        (howpublished, note) follow the language."""
        fields = [
            ("title", "{" + _bibtex_text(self.title) + "}"),  # double braces: keep the capitals
            ("year", self.year),
            ("version", _bibtex_text(self.version.short)),
            ("howpublished", _bibtex_text(_("Data set"))),
            ("url", _bibtex_url(self.url)),
            ("urldate", self.accessed.isoformat()),
            ("note", _bibtex_text(self.note)),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    @property
    def key(self) -> str:
        """An ASCII citation key: 'azerbaijan-nato-partnership-2026-timeline'."""
        words = ascii_words(f"{self.dataset_title} {self.year} {re.split(r'[,:]', self.view, maxsplit=1)[0]}").lower()
        return re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:60] or "dataset"

    def ris(self) -> str:
        """RIS (TY DATA), one tag a line, ending with ER."""
        lines = [("TY", "DATA"), ("TI", self.title), ("PY", self.year)]
        if self.version.released:
            day, precision = parse_partial_date(self.version.released)
            lines.append(("DA", day.strftime({"day": "%Y/%m/%d", "month": "%Y/%m", "year": "%Y"}[precision])))
        lines += [
            ("ET", self.version.short),
            ("UR", self.url),
            ("Y2", self.accessed.strftime("%Y/%m/%d")),
            ("N1", self.note),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex_text(text: str) -> str:
    """Text in a BibTeX field: LaTeX's special characters escaped, on one line."""
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in _one_line(text))


def _bibtex_url(url: str) -> str:
    """A verbatim field may hold anything but an unbalanced brace or a line break."""
    return _one_line(url).replace("{", "%7B").replace("}", "%7D")

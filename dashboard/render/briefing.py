"""What every export of a briefing deck carries, described once for the PPTX, PDF and PNG
renderers: the slides (`render.slides.describe`), the deck and dataset titles, the data version, the
date the export was made, the dataset's citation, and every cited source numbered once for the whole deck (in the
order the slides first cite them), so a footnote number means the same source on every slide and
in the closing source list. Also text measures in points, for renderers that place text in fixed
boxes (PowerPoint does not grow a box to fit its text).
"""

from __future__ import annotations

import functools
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.i18n import _, ngettext
from dashboard.model import schema
from dashboard.model.citations import Citation
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date
from dashboard.render import geo, images
from dashboard.render.slides import PRESENTER_FONT, SlideSpec, describe
from dashboard.render.style import text_px


@dataclass(frozen=True)
class Briefing:
    deck_id: str
    deck_title: str
    deck_subtitle: str
    dataset_title: str
    citation: str
    data_version: str  # 'Data version 2026-12, released 2 December 2026, content 3f9a1c2e'
    data_version_short: str  # '2026-12 · 3f9a1c2e'
    made: date
    specs: tuple[SlideSpec, ...]
    sources: tuple[Citation, ...]  # every source the deck cites; its footnote number is its place + 1

    @property
    def made_label(self) -> str:
        return format_date(pd.Timestamp(self.made), "day")

    @property
    def credit(self) -> str:
        """One line naming the deck, the dataset, its version and the date: the foot of every page and image."""
        return _("{deck} · {dataset} · data {version} · made {date}").format(
            deck=self.deck_title, dataset=self.dataset_title, version=self.data_version_short, date=self.made_label
        )

    def number(self, citation: Citation) -> int:
        return self._numbers[citation.id]

    def numbers(self, spec: SlideSpec) -> list[int]:
        return sorted(self.number(c) for c in spec.citations)

    @functools.cached_property
    def _numbers(self) -> dict[str, int]:
        return {c.id: n for n, c in enumerate(self.sources, start=1)}


def describe_deck(dataset: Dataset, deck: schema.Deck, world: dict | None = None, made: date | None = None) -> Briefing:
    world = world if world is not None else geo.load_world()
    specs = tuple(describe(dataset, slide, world) for slide in deck.slides)
    sources: dict[str, Citation] = {}
    for spec in specs:
        for citation in spec.citations:
            sources.setdefault(citation.id, citation)
    return Briefing(
        deck_id=deck.id,
        deck_title=deck.title,
        deck_subtitle=deck.subtitle,
        dataset_title=dataset.meta.title,
        citation=dataset.meta.citation,
        data_version=dataset.version.text,
        data_version_short=dataset.version.short,
        made=made or date.today(),
        specs=specs,
        sources=tuple(sources.values()),
    )


def made_line(briefing: Briefing) -> str:
    """'Made 3 December 2026 · 4 slides · 12 sources', for a title page."""
    slides = ngettext("{count} slide", "{count} slides", len(briefing.specs)).format(count=len(briefing.specs))
    sources = ngettext("{count} source", "{count} sources", len(briefing.sources)).format(count=len(briefing.sources))
    return _("Made {date} · {slides} · {sources}").format(date=briefing.made_label, slides=slides, sources=sources)


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1–3, 5, 7–8'."""
    parts, run = [], []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}")
        run = [n]
    if run:
        parts.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}")
    return ", ".join(parts)


def footnotes(briefing: Briefing, spec: SlideSpec, rows: int) -> list[str]:
    """A slide's sources as numbered footnotes ('12  Publisher, “Title”, date'), at most `rows`:
    when there are more, the last row names the rest by number and points to the source list."""
    numbered = sorted((briefing.number(c), c) for c in spec.citations)
    lines = [f"{n}  {c.text(with_url=False)}" for n, c in numbered]
    if len(lines) <= rows:
        return lines
    rest = [n for n, _citation in numbered[rows - 1 :]]
    more = ngettext(
        "… and {count} more source ({numbers}), listed in full under Sources at the end",
        "… and {count} more sources ({numbers}), listed in full under Sources at the end",
        len(rest),
    ).format(count=len(rest), numbers=number_ranges(rest))
    return [*lines[: rows - 1], more]


def publishers(spec: SlideSpec) -> list[str]:
    """The publishers a slide cites, the most cited first (ties in the order cited)."""
    counts: dict[str, int] = {}
    for citation in spec.citations:
        counts[citation.publisher] = counts.get(citation.publisher, 0) + 1
    return sorted(counts, key=lambda p: -counts[p])


def source_text(citation: Citation) -> str:
    """'Publisher, “Title”, 4 May 1994' and the link where there is one: never an internal id."""
    return citation.text(with_url=True)


# --------------------------------------------------------------------------------------------
# Text measures in points (Arial, or a font with its metrics: Liberation Sans, Arimo)
# --------------------------------------------------------------------------------------------


# Arial's widths (thousandths of an em) of characters that sources and links use and
# style.text_px counts as wide; an accented letter counts as its base letter.
_MORE_WIDTHS = {"_": 556, "=": 584, "?": 556, "%": 889, "#": 556, "~": 584, "!": 278, "@": 1015, "[": 278, "]": 278, "*": 389}


@functools.cache
def _char_em(char: str) -> float:
    if char in _MORE_WIDTHS:
        return _MORE_WIDTHS[char] / 1000
    base = unicodedata.normalize("NFD", char)[0]
    return text_px(base if base.isascii() else char, 1)


def width_pt(text: str, size_pt: float) -> float:
    """Width of one line of `text` in Arial at `size_pt`; errs wide for letters it does not know."""
    return sum(_char_em(c) for c in text) * size_pt


def wrap(text: str, box_width_pt: float, size_pt: float) -> list[str]:
    """Lines of `text` as a renderer breaks them in a box `box_width_pt` wide (greedy, at
    spaces); a word too long for a line is cut where it no longer fits."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if width_pt(candidate, size_pt) <= box_width_pt:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width_pt(word, size_pt) > box_width_pt and len(word) > 1:
                cut = max(1, int(len(word) * box_width_pt / width_pt(word, size_pt)))
                while cut > 1 and width_pt(word[:cut], size_pt) > box_width_pt:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit(text: str, box_width_pt: float, box_height_pt: float, sizes: tuple[float, ...], leading: float = 1.2) -> tuple[float, list[str]]:
    """The largest of `sizes` at which `text` fits the box, and its lines; at the smallest size
    the lines that do not fit are dropped and the last one kept ends with an ellipsis."""
    for size in sizes:
        lines = wrap(text, box_width_pt, size)
        if len(lines) * size * leading <= box_height_pt:
            return size, lines
    size = sizes[-1]
    lines = wrap(text, box_width_pt, size)
    keep = max(1, int(box_height_pt // (size * leading)))
    if len(lines) > keep:
        lines = lines[:keep]
        lines[-1] = clip_line(lines[-1] + " …", box_width_pt, size)
    return size, lines


def clip_line(text: str, box_width_pt: float, size_pt: float) -> str:
    """`text` on one line, cut with an ellipsis if it is wider than the box."""
    if width_pt(text, size_pt) <= box_width_pt:
        return text
    short = textwrap.shorten(text, width=max(8, int(len(text) * box_width_pt / width_pt(text, size_pt))), placeholder=" …")
    while width_pt(short, size_pt) > box_width_pt and len(short) > 8:
        short = textwrap.shorten(short, width=len(short) - 4, placeholder=" …")
    return short


def chart_jobs(briefing: Briefing, width_px: int, height_px: int, scale: float) -> dict[int, images.Chart]:
    """The chart of each slide that has one, by slide index, for an output's chart box."""
    return {
        index: images.Chart(spec.figure, width_px, height_px, scale, PRESENTER_FONT)
        for index, spec in enumerate(briefing.specs)
        if spec.figure is not None
    }


def chart_images(browser: images.Browser, jobs: dict[int, images.Chart]) -> dict[int, bytes]:
    """PNG bytes of each job's chart, by slide index, drawn in one browser."""
    return dict(zip(jobs, browser.charts(list(jobs.values())), strict=True))


def drawn(
    browser: images.Browser,
    dataset: Dataset,
    deck: schema.Deck,
    world: dict | None,
    made: date | None,
    jobs_for: Callable[[Briefing], dict[int, images.Chart]],
) -> tuple[Briefing, dict[int, bytes]]:
    """The deck described, and its charts drawn in `browser` at the sizes of an output
    (`jobs_for`: that output's `chart_jobs`). The browser starts while the slides are described."""
    briefing = describe_deck(dataset, deck, world, made)
    return briefing, chart_images(browser, jobs_for(briefing))

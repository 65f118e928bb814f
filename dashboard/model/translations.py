"""The data's own texts in other languages: which texts can be translated, and a Dataset worded in
one language.

A text is named by a context (`milestone:pfp-framework-signed:title`) and keyed by its English
wording: a translation counts only while the English it was made from is unchanged, so an edited
summary shows in English (marked) until it is translated again, never as an outdated translation.
The translations themselves live in the data directory (`translations/<lang>.po`, read by
`loading/translations.py`); nothing here knows which partner the data describes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

import pandas as pd

from dashboard import i18n
from dashboard.model.dates import format_date, format_range

# lang -> context -> translated text (only translations whose English is current)
Translations = Mapping[str, Mapping[str, str]]


def span_label(start, start_precision, end, end_precision) -> str:
    """'March 2006 – 2008', or 'since May 1994' for a span that has not ended."""
    if end is None or pd.isna(end):
        return i18n._("since {date}").format(date=format_date(start, start_precision))
    return format_range(start, start_precision, end, end_precision)


def texts(
    meta, milestones: pd.DataFrame, programmes: pd.DataFrame, cycles: pd.DataFrame, missions: pd.DataFrame, decks
) -> Iterator[tuple[str, str]]:
    """Every translatable text of a dataset as (context, English), in a stable order."""
    yield "dataset:title", meta.title
    if meta.subtitle:
        yield "dataset:subtitle", meta.subtitle
    yield "dataset:about", meta.about
    yield "dataset:citation", meta.citation
    for field in ("name", "adjective", "capital"):
        yield f"partner:{field}", getattr(meta.partner, field)
    for kind, coded in (("category", meta.categories), ("focus_area", meta.focus_areas), ("lead_type", meta.lead_types)):
        for c in coded:
            yield f"{kind}:{c.code}:label", c.label
            if c.description:
                yield f"{kind}:{c.code}:description", c.description
    for level, text in meta.confidence.items():
        yield f"confidence:{level}:label", text.label
        yield f"confidence:{level}:description", text.description
    for row in milestones[["id", "title", "summary"]].itertuples(index=False):
        yield f"milestone:{row.id}:title", row.title
        yield f"milestone:{row.id}:summary", row.summary
    for row in programmes[["code", "name", "type", "description"]].itertuples(index=False):
        yield f"programme:{row.code}:name", row.name
        yield f"programme:{row.code}:type", row.type
        yield f"programme:{row.code}:description", row.description
    for row in cycles[["programme", "start", "label"]].itertuples(index=False):
        yield f"cycle:{row.programme}:{row.start:%Y-%m-%d}:label", row.label
    for row in missions[["id", "name", "short_name", "country_name", "role", "location_name"]].itertuples(index=False):
        yield f"mission:{row.id}:name", row.name
        yield f"mission:{row.id}:short_name", row.short_name
        yield f"mission:{row.id}:country_name", row.country_name
        yield f"mission:{row.id}:role", row.role
        yield f"mission:{row.id}:location", row.location_name
    for deck in decks:
        yield f"deck:{deck.id}:title", deck.title
        if deck.subtitle:
            yield f"deck:{deck.id}:subtitle", deck.subtitle
        for number, slide in enumerate(deck.slides, start=1):
            yield f"deck:{deck.id}:slide:{number}:title", slide.title
            if slide.notes:
                yield f"deck:{deck.id}:slide:{number}:notes", slide.notes


def dataset_texts(dataset) -> Iterator[tuple[str, str]]:
    """`texts` of a loaded (English) dataset."""
    base = dataset.base or dataset
    return texts(base.meta, base.milestones, base.programmes, base.cycles, base.missions, base.decks)


def _worded(frame: pd.DataFrame, column: str, word, *columns: str) -> pd.Series:
    """`column` worded again, row by row, by `word` applied to `columns` (a date label in the language)."""
    return pd.Series([word(*row) for row in zip(*(frame[c] for c in columns), strict=True)], index=frame.index, dtype=frame[column].dtype)


class _Words:
    """Looks texts up in one language; a missing translation is the English, marked."""

    def __init__(self, table: Mapping[str, str]):
        self.table = table

    def __call__(self, context: str, english: str) -> str:
        if not english:
            return english
        found = self.table.get(context)
        return found if found is not None else i18n.FALLBACK_MARK + english

    def column(self, frame: pd.DataFrame, key: str, kind: str, field: str, column: str | None = None) -> pd.Series:
        column = column or field
        return pd.Series(
            [self(f"{kind}:{k}:{field}", text) for k, text in zip(frame[key], frame[column], strict=True)],
            index=frame.index,
            dtype=frame[column].dtype,
        )


def localise(dataset, language: str, translations: Translations):
    """The dataset with its texts, labels and dates worded in `language` (English: unchanged).
    The frames are shallow copies with the text columns replaced, so a language costs its texts only."""
    if language == i18n.DEFAULT:
        return dataset
    words = _Words(translations.get(language, {}))
    with i18n.language(language):
        meta = dataset.meta
        coded = lambda kind, items: [  # noqa: E731
            c.model_copy(
                update={
                    "label": words(f"{kind}:{c.code}:label", c.label),
                    "description": words(f"{kind}:{c.code}:description", c.description),
                }
            )
            for c in items
        ]
        meta = meta.model_copy(
            update={
                "title": words("dataset:title", meta.title),
                "subtitle": words("dataset:subtitle", meta.subtitle),
                "about": words("dataset:about", meta.about),
                "citation": words("dataset:citation", meta.citation),
                "partner": meta.partner.model_copy(
                    update={f: words(f"partner:{f}", getattr(meta.partner, f)) for f in ("name", "adjective", "capital")}
                ),
                "categories": coded("category", meta.categories),
                "focus_areas": coded("focus_area", meta.focus_areas),
                "lead_types": coded("lead_type", meta.lead_types),
                "confidence": {
                    level: text.model_copy(
                        update={
                            "label": words(f"confidence:{level}:label", text.label),
                            "description": words(f"confidence:{level}:description", text.description),
                        }
                    )
                    for level, text in meta.confidence.items()
                },
            }
        )
        m = dataset.milestones
        milestones = m.assign(
            title=words.column(m, "id", "milestone", "title"),
            summary=words.column(m, "id", "milestone", "summary"),
            date_label=_worded(m, "date_label", format_range, "date", "date_precision", "end_date", "end_precision"),
        )
        p = dataset.programmes
        programmes = p.assign(
            name=words.column(p, "code", "programme", "name"),
            type=words.column(p, "code", "programme", "type"),
            description=words.column(p, "code", "programme", "description"),
            dates_label=_worded(p, "dates_label", span_label, "start", "start_precision", "end", "end_precision"),
        )
        c = dataset.cycles
        cycles = c.assign(
            label=pd.Series(
                [
                    words(f"cycle:{code}:{start:%Y-%m-%d}:label", label)
                    for code, start, label in zip(c["programme"], c["start"], c["label"], strict=True)
                ],
                index=c.index,
                dtype=c["label"].dtype,
            )
        )
        ms = dataset.missions
        leads = {t.code: t.label for t in meta.lead_types}
        missions = ms.assign(
            name=words.column(ms, "id", "mission", "name"),
            short_name=words.column(ms, "id", "mission", "short_name"),
            country_name=words.column(ms, "id", "mission", "country_name"),
            role=words.column(ms, "id", "mission", "role"),
            location_name=words.column(ms, "id", "mission", "location", "location_name"),
            lead_label=ms["lead_type"].map(lambda t: leads.get(t, t)).astype(ms["lead_label"].dtype),
            mission_dates=_worded(
                ms, "mission_dates", span_label, "mission_start", "mission_start_precision", "mission_end", "mission_end_precision"
            ),
            participation_dates=_worded(
                ms,
                "participation_dates",
                span_label,
                "participation_start",
                "participation_start_precision",
                "participation_end",
                "participation_end_precision",
            ),
        )
        s = dataset.sources
        sources = s.assign(date_label=_worded(s, "date_label", lambda d, p: format_date(d, p) if p else "", "date", "date_precision"))
        decks = tuple(
            deck.model_copy(
                update={
                    "title": words(f"deck:{deck.id}:title", deck.title),
                    "subtitle": words(f"deck:{deck.id}:subtitle", deck.subtitle),
                    "slides": [
                        slide.model_copy(
                            update={
                                "title": words(f"deck:{deck.id}:slide:{n}:title", slide.title),
                                "notes": words(f"deck:{deck.id}:slide:{n}:notes", slide.notes),
                            }
                        )
                        for n, slide in enumerate(deck.slides, start=1)
                    ],
                }
            )
            for deck in dataset.decks
        )
    return dataclasses.replace(
        dataset,
        meta=meta,
        milestones=milestones,
        programmes=programmes,
        cycles=cycles,
        missions=missions,
        sources=sources,
        decks=decks,
        language=language,
        base=dataset,
    )


def glossary(dataset) -> pd.DataFrame:
    """The programmes' names in every language, one row per programme: code, then a column per
    language code ('en', 'az', 'ru'), then the aliases the search knows."""
    base = dataset.base or dataset
    rows = {"code": base.programmes["code"].tolist()}
    for code in i18n.LANGUAGES:
        names = base.in_language(code).programme_names
        rows[code] = [names[c] for c in rows["code"]]
    rows["aliases"] = [", ".join(a) for a in base.programmes["aliases"]]
    return pd.DataFrame(rows)

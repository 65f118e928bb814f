"""Validated records into the Dataset's typed, column-wise tables (pure pandas)."""

from __future__ import annotations

import pandas as pd

from dashboard.model import personnel, schema
from dashboard.model.dates import format_date, format_range, parse_partial_date, period_end
from dashboard.model.text import fold
from dashboard.model.translations import span_label


def _day(text: str | None):
    return pd.Timestamp(parse_partial_date(text)[0]) if text else pd.NaT


def _precision(text: str | None):
    return parse_partial_date(text)[1] if text else None


def _last_day(text: str | None):
    if not text:
        return pd.NaT
    start, precision = parse_partial_date(text)
    return pd.Timestamp(period_end(start, precision))


def milestones_frame(records, meta, programmes, missions) -> pd.DataFrame:
    """The milestones table, in date order. Empties `records` as it goes (see below)."""
    aliases = {p.code: " ".join([p.code, p.name, *p.aliases]) for _, p in programmes}
    mission_words = {m.id: f"{m.id} {m.name} {m.short_name} {m.country_name} {m.location.name}" for _, m in missions}
    labels = {c.code: c.label for c in meta.categories}
    # Built column by column: a dict per row would cost about 1 KB (docs/PERFORMANCE.md).
    columns: dict[str, list] = {name: [] for name in MILESTONE_COLUMNS}
    add = {name: column.append for name, column in columns.items()}
    records.reverse()
    while records:  # the caller's list is used up: each record is let go once it is in the columns
        _, m = records.pop()
        start, end = _day(m.date), _day(m.end_date)
        searchable = [m.title, m.summary, " ".join(m.people), m.place, labels.get(m.category, "")]
        searchable += [aliases.get(code, code) for code in m.programmes]
        searchable.append(mission_words.get(m.mission, "") if m.mission else "")
        add["id"](m.id)
        add["date"](start)
        add["date_precision"](m.date_precision)
        add["end_date"](end)
        add["end_precision"](_precision(m.end_date))
        add["date_label"](format_range(start, m.date_precision, end, _precision(m.end_date)))
        add["year"](start.year)
        add["title"](m.title)
        add["summary"](m.summary)
        add["category"](m.category)
        add["programmes"](tuple(m.programmes))
        add["mission"](m.mission)
        add["people"](tuple(m.people))
        add["place"](m.place)
        add["source_ids"](tuple(m.source_ids))
        add["confidence"](m.confidence)
        add["note"](m.note)
        add["search_text"](fold(" ".join(searchable)))
    frame = _typed(pd.DataFrame(columns), meta, dates=("date", "end_date"))
    # Kept in date order, whatever the file's order: filtering then keeps rows in order and never
    # sorts again (a sort moves every column of 100,000 rows on each rerun).
    return frame.sort_values(["date", "id"], ignore_index=True, kind="stable") if len(frame) else frame


MILESTONE_COLUMNS = (
    "id",
    "date",
    "date_precision",
    "end_date",
    "end_precision",
    "date_label",
    "year",
    "title",
    "summary",
    "category",
    "programmes",
    "mission",
    "people",
    "place",
    "source_ids",
    "confidence",
    "note",
    "search_text",
)


def _typed(frame: pd.DataFrame, meta, dates=()) -> pd.DataFrame:
    for col in dates:
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[us]")
    if "confidence" in frame:
        frame["confidence"] = pd.Categorical(frame["confidence"], categories=schema.CONFIDENCE_LEVELS, ordered=True)
    if "category" in frame:
        frame["category"] = pd.Categorical(frame["category"], categories=[c.code for c in meta.categories])
    if "date_precision" in frame:
        frame["date_precision"] = pd.Categorical(frame["date_precision"], categories=["day", "month", "year"])
    if "year" in frame:
        frame["year"] = frame["year"].astype("int64")
    return frame


def programmes_frames(records, meta):
    rows, cycles = [], []
    for _, p in records:
        start, end = _day(p.start), _day(p.end)
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "aliases": tuple(p.aliases),
                "type": p.type,
                "start": start,
                "start_precision": _precision(p.start),
                "end": end,
                "end_precision": _precision(p.end),
                "span_end": _last_day(p.end),
                "dates_label": span_label(start, _precision(p.start), end, _precision(p.end)),
                "status": p.status,
                "focus_areas": tuple(p.focus_areas),
                "description": p.description,
                "colour": p.colour,
                "source_ids": tuple(p.source_ids),
                "confidence": p.confidence,
                "note": p.note,
                "search_text": fold(" ".join([p.code, p.name, *p.aliases, p.type, p.description])),
            }
        )
        for c in p.cycles:
            cycles.append(
                {
                    "programme": p.code,
                    "label": c.label,
                    "start": _day(c.start),
                    "start_precision": _precision(c.start),
                    "end": _day(c.end),
                    "end_precision": _precision(c.end),
                    "span_end": _last_day(c.end),
                    "source_ids": tuple(c.source_ids),
                    "confidence": c.confidence,
                    "note": c.note,
                }
            )
    cycle_columns = [
        "programme",
        "label",
        "start",
        "start_precision",
        "end",
        "end_precision",
        "span_end",
        "source_ids",
        "confidence",
        "note",
    ]
    programmes = _typed(pd.DataFrame(rows), meta, dates=("start", "end", "span_end"))
    cycles_frame = _typed(pd.DataFrame(cycles, columns=cycle_columns), meta, dates=("start", "end", "span_end"))
    return programmes, cycles_frame


def missions_frame(records, meta, deployments: pd.DataFrame) -> pd.DataFrame:
    """The missions table; `deployments` is the typed deployments table (for each peak)."""
    mission_peaks = personnel.peaks(deployments)
    lead_labels = {c.code: c.label for c in meta.lead_types}
    rows = []
    for _, m in records:
        start, end = _day(m.participation_start), _day(m.participation_end)
        rows.append(
            {
                "id": m.id,
                "name": m.name,
                "short_name": m.short_name,
                "country": m.country,
                "country_name": m.country_name,
                "lead_type": m.lead_type,
                "lead_label": lead_labels.get(m.lead_type, m.lead_type),
                "lead": m.lead,
                "mission_start": _day(m.mission_start),
                "mission_start_precision": _precision(m.mission_start),
                "mission_end": _day(m.mission_end),
                "mission_end_precision": _precision(m.mission_end),
                "mission_dates": span_label(
                    _day(m.mission_start), _precision(m.mission_start), _day(m.mission_end), _precision(m.mission_end)
                ),
                "participation_start": start,
                "participation_start_precision": _precision(m.participation_start),
                "participation_end": end,
                "participation_end_precision": _precision(m.participation_end),
                "participation_span_end": _last_day(m.participation_end),
                "participation_dates": span_label(start, _precision(m.participation_start), end, _precision(m.participation_end)),
                "role": m.role,
                "location_name": m.location.name,
                "lat": m.location.lat,
                "lon": m.location.lon,
                "peak_personnel": mission_peaks.get(m.id),
                "source_ids": tuple(m.source_ids),
                "confidence": m.confidence,
                "note": m.note,
                "search_text": fold(f"{m.id} {m.name} {m.short_name} {m.country_name} {m.lead} {m.role} {m.location.name}"),
            }
        )
    frame = _typed(
        pd.DataFrame(rows),
        meta,
        dates=("mission_start", "mission_end", "participation_start", "participation_end", "participation_span_end"),
    )
    frame["peak_personnel"] = frame["peak_personnel"].astype("Int64")
    return frame


def deployments_frame(records, meta) -> pd.DataFrame:
    rows = [
        {
            "mission": d.mission,
            "year": d.year,
            "personnel": d.personnel,
            "confidence": d.confidence,
            "source_ids": tuple(d.source_ids),
            "note": d.note,
        }
        for _, d in records
    ]
    frame = _typed(pd.DataFrame(rows, columns=["mission", "year", "personnel", "confidence", "source_ids", "note"]), meta)
    frame["personnel"] = frame["personnel"].astype("Int64")
    return frame.sort_values(["mission", "year"], ignore_index=True)


def sources_frame(records) -> pd.DataFrame:
    rows = []
    for _, s in records:
        day = _day(s.date)
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": day,
                "date_precision": _precision(s.date),
                "date_label": format_date(day, _precision(s.date)) if s.date else "",
                "url": s.url,
                "kind": s.kind,
            }
        )
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[us]")
    frame["kind"] = pd.Categorical(frame["kind"], categories=schema.SOURCE_KINDS)
    return frame

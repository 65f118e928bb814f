"""The timeline: programme and mission spans above milestones in lanes, on one date axis.

Past MAX_MILESTONE_POINTS markers the milestones are binned (one marker per lane, period and
confidence level, sized by how many it stands for).
"""

from __future__ import annotations

import copy
import functools
import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.i18n import _, format_number, ngettext, pgettext
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date, format_range, period_end
from dashboard.render.style import (
    BIN_OFFSETS,
    CONFIDENCE_SYMBOLS,
    CYCLE_OUTLINE,
    DATE_AXIS_PX,
    GRID_COLOUR,
    HOVER,
    KEEP_SOLID,
    LANE_PX,
    LEGEND_GAP_PX,
    LEGEND_ROW_PX,
    MAX_MILESTONE_POINTS,
    NEUTRAL_COLOUR,
    SPAN_ROW_PX,
    TICK_LABEL_GAP_PX,
    WEBGL_THRESHOLD,
    X_AXIS_STYLE,
    Y_AXIS_STYLE,
    bar_ms,
    confidence_label,
    date_columns,
    esc,
    layout_style,
    legend_key,
    note_annotation,
    ongoing_end,
    plotly_dates,
    row_axis,
    rows_of,
    short_label,
    status_label,
    text_px,
)

# --------------------------------------------------------------------------------------------
# Spans: programmes, their cycles and mission participations on a date axis
# --------------------------------------------------------------------------------------------


def _programme_hover(row) -> str:
    return f"<b>{esc(row.name)}</b><br>{esc(row.dates_label)}<br>{esc(status_label(row.status))} · {esc(row.type)}"


def _picked(values, mask) -> list:
    return [value for value, keep in zip(values, mask, strict=True) if keep]


def _keyed_trace(kind: str, name: str, group: str, **rest) -> dict:
    """A trace of a legend group whose key is drawn by a separate `legend_key` trace."""
    return dict(type=kind, name=html.escape(name), legendgroup=group, showlegend=False, **rest)


def known_until(dataset: Dataset, programmes: pd.DataFrame) -> pd.Series:
    """The last day each programme is attested: its start period, its cycles, its milestones."""
    start_ends = pd.Series(
        [
            pd.Timestamp(period_end(s.date(), p))
            for s, p in zip(programmes["start"].tolist(), programmes["start_precision"].tolist(), strict=True)
        ],
        index=programmes.index,
    )
    attested = programmes["code"].map(dataset.latest_evidence)
    return pd.concat([start_ends, attested], axis=1).max(axis=1).astype("datetime64[us]")


def span_traces(
    dataset, programmes, cycles, missions, open_end, *, ongoing_label, unknown_end_label=None, label=short_label
) -> tuple[list, list[str]]:
    """Horizontal bars on numeric rows (0 = top); returns (traces, escaped row labels).

    The frames are rows of the dataset's own tables, as the filters give them, so their keys
    (programme codes, cycles' programme, label and start, mission ids) name what is drawn. The
    bars of one set of rows are made once and kept per dataset: moving the year slider mostly
    keeps the same programmes and missions in view, and the bars were a fifth of the timeline
    page's rerun (docs/PERFORMANCE.md, "Code choices"). Callers get their own copy."""
    if unknown_end_label is None:
        unknown_end_label = pgettext("chart legend", "end date not known")
    key = (
        "span_traces",
        i18n.catalogue(),
        tuple(programmes["code"].tolist()),
        tuple(zip(cycles["programme"].tolist(), cycles["label"].tolist(), cycles["start"].tolist(), strict=True)) if len(cycles) else (),
        None if missions is None else tuple(missions["id"].tolist()),
        open_end,
        ongoing_label,
        unknown_end_label,
        label,
    )
    traces, labels = dataset.remembered(
        key, lambda: _span_traces(dataset, programmes, cycles, missions, open_end, ongoing_label, unknown_end_label, label)
    )
    return copy.deepcopy(traces), list(labels)


def _span_traces(dataset, programmes, cycles, missions, open_end, ongoing_label, unknown_end_label, label) -> tuple[list, list[str]]:
    traces, labels = [], []
    if len(programmes):
        # No end date means "ongoing" only for an active programme. One that was superseded or
        # whose status is unknown is drawn solid to its last evidence, then as a pale tail.
        open_ended = (programmes["span_end"].isna() & (programmes["status"] != "active")).to_numpy()
        evidence = known_until(dataset, programmes)
        ends = programmes["span_end"].fillna(open_end).where(~open_ended, evidence)
        colours = [dataset.programme_colours.get(code, NEUTRAL_COLOUR) for code in programmes["code"].tolist()]
        rows = list(range(len(programmes)))
        labels += [label(name) for name in programmes["name"].tolist()]
        traces.append(
            dict(
                type="bar",
                name="programmes",
                orientation="h",
                y=rows,
                base=plotly_dates(programmes["start"]),
                x=bar_ms(programmes["start"], ends),
                width=0.7,
                marker=dict(color=colours, line=dict(width=0)),
                showlegend=False,
                unselected=KEEP_SOLID,
                hovertext=[_programme_hover(row) for row in rows_of(programmes, "name", "dates_label", "status", "type")],
                hovertemplate=HOVER,
            )
        )
        row_of = dict(zip(programmes["code"], rows, strict=False))
        shown = cycles[cycles["programme"].isin(row_of)] if len(cycles) else cycles
        if len(shown):
            names = dataset.programme_names
            hover = [
                f"<b>{esc(names.get(c.programme, c.programme))}: {esc(c.label)}</b><br>"
                f"{esc(format_range(c.start, c.start_precision, c.end, c.end_precision))}<br>{esc(confidence_label(dataset, c.confidence))}"
                for c in rows_of(shown, "programme", "label", "start", "start_precision", "end", "end_precision", "confidence")
            ]
            traces.append(
                dict(
                    type="bar",
                    name="cycles",
                    orientation="h",
                    y=[row_of[code] for code in shown["programme"].tolist()],
                    base=plotly_dates(shown["start"]),
                    x=bar_ms(shown["start"], shown["span_end"].fillna(open_end)),
                    width=0.7,
                    marker=dict(
                        color=[dataset.programme_colours.get(code, NEUTRAL_COLOUR) for code in shown["programme"].tolist()],
                        line=dict(color=CYCLE_OUTLINE, width=1.5),
                    ),
                    text=[esc(label) for label in shown["label"].tolist()],
                    textposition="inside",
                    insidetextanchor="middle",
                    textfont=dict(size=12),
                    showlegend=False,
                    hovertext=hover,
                    hovertemplate=HOVER,
                    unselected=KEEP_SOLID,
                )
            )
        if open_ended.any():
            tail_start = evidence[open_ended] + pd.Timedelta(days=1)  # bars are end-inclusive
            traces += [
                _keyed_trace(
                    "bar",
                    unknown_end_label,
                    "unknown-end",
                    orientation="h",
                    y=_picked(rows, open_ended),
                    base=plotly_dates(tail_start),
                    x=bar_ms(tail_start, pd.Series([open_end] * int(open_ended.sum()), index=tail_start.index)),
                    width=0.7,
                    opacity=0.22,
                    marker=dict(color=_picked(colours, open_ended), line=dict(width=0)),
                    hovertext=[
                        f"<b>{esc(r.name)}</b><br>{esc(status_label(r.status))}; {esc(unknown_end_label)}<br>"
                        + esc(_("last dated evidence: {year}").format(year=format_date(t - pd.Timedelta(days=1), "year")))
                        for r, t in zip(rows_of(programmes[open_ended], "name", "status"), tail_start, strict=True)
                    ],
                    hovertemplate=HOVER,
                    unselected=KEEP_SOLID,
                ),
                legend_key("bar", unknown_end_label, "unknown-end", 3001, orientation="h", marker=dict(color=NEUTRAL_COLOUR), opacity=0.3),
            ]
        ongoing = (programmes["span_end"].isna() & (programmes["status"] == "active")).to_numpy()
        if ongoing.any():
            traces += [
                _keyed_trace(
                    "scatter",
                    ongoing_label,
                    "ongoing",
                    hoverinfo="skip",
                    mode="markers",
                    x=plotly_dates([open_end] * int(ongoing.sum())),
                    y=_picked(rows, ongoing),
                    marker=dict(symbol="triangle-right", size=12, color=_picked(colours, ongoing)),
                    unselected=KEEP_SOLID,
                ),
                # one grey key for all the coloured arrows
                legend_key(
                    "scatter",
                    ongoing_label,
                    "ongoing",
                    3000,
                    mode="markers",
                    marker=dict(symbol="triangle-right", size=12, color=NEUTRAL_COLOUR),
                ),
            ]
    if missions is not None and len(missions):
        first = len(labels)
        labels += [label(name) for name in missions["short_name"].tolist()]
        positioned = missions.reset_index(drop=True)
        for lead_type, group in positioned.groupby("lead_type", sort=False):
            lead = dataset.lead_types.get(lead_type)
            traces.append(
                dict(
                    type="bar",
                    name=esc(lead.label if lead else lead_type),
                    legendgroup=f"lead-{lead_type}",
                    legendrank=1000,
                    orientation="h",
                    y=[first + i for i in group.index],
                    base=plotly_dates(group["participation_start"]),
                    x=bar_ms(group["participation_start"], group["participation_span_end"].fillna(open_end)),
                    width=0.7,
                    marker=dict(color=(lead.colour if lead and lead.colour else NEUTRAL_COLOUR), line=dict(width=0)),
                    unselected=KEEP_SOLID,
                    hovertext=[
                        f"<b>{esc(m.name)}</b> ({esc(m.short_name)})<br>{esc(m.participation_dates)}<br>{esc(m.lead_label)}"
                        for m in rows_of(group, "name", "short_name", "participation_dates", "lead_label")
                    ],
                    hovertemplate=HOVER,
                )
            )
    return traces, labels


# --------------------------------------------------------------------------------------------
# Milestones in lanes
# --------------------------------------------------------------------------------------------


LANE_COLUMNS = ["id", "date", "date_label", "title", "category", "programmes", "confidence"]  # what the markers use


def _lane_rows(dataset, milestones, programmes, lanes, other_label) -> tuple[pd.DataFrame, list[str]]:
    """One row per (milestone, lane) with the lane's index; returns it and the escaped lane labels."""
    milestones = milestones[[c for c in LANE_COLUMNS if c in milestones]]  # copying 18 columns costs at 100,000 rows
    if lanes == "category":
        order = [c.code for c in dataset.meta.categories]
        used = {str(c) for c in milestones["category"].unique()}
        codes = [c for c in order if c in used]
        rows = milestones.assign(lane=milestones["category"].map({c: i for i, c in enumerate(codes)}).astype("int64"))
        return rows, [short_label(dataset.category_labels[c]) for c in codes]
    if lanes != "programme":
        raise ValueError(f"lanes must be 'category' or 'programme', not {lanes!r}")
    # One row per (milestone, programme); a milestone with no programme goes to the last lane.
    keys = [code for codes in milestones["programmes"].tolist() for code in (codes or (None,))]
    repeats = milestones["programmes"].map(len).clip(lower=1).to_numpy(dtype="int64")
    exploded = milestones.take(pd.RangeIndex(len(milestones)).repeat(repeats))
    used = {code for code in keys if code is not None}
    order = list(dict.fromkeys([*programmes["code"], *dataset.programmes["code"], *sorted(used)]))  # as in the spans above
    codes = [c for c in order if c in used]
    lane = pd.Series(keys, index=exploded.index, dtype=object).map({c: i for i, c in enumerate(codes)})
    has_other = bool(lane.isna().any())
    exploded = exploded.assign(lane=lane.fillna(len(codes)).astype("int64"))
    labels = [short_label(dataset.programme_names.get(c, c)) for c in codes] + ([short_label(other_label)] if has_other else [])
    return exploded, labels


def _stagger(rows: pd.DataFrame) -> list[float]:
    """Small vertical offsets so milestones close in time in one lane do not hide each other."""
    if not len(rows):
        return []
    span = max((rows["date"].max() - rows["date"].min()).days, 365)
    near = pd.Timedelta(days=span * 0.02)  # about one marker width on a laptop-wide chart
    slots = (0.0, 0.22, -0.22, 0.11, -0.11, 0.33, -0.33)
    offsets = [0.0] * len(rows)
    ordered = rows.reset_index(drop=True).sort_values(["lane", "date", "id"], kind="stable")
    last: dict = {}
    for pos, lane, date in zip(ordered.index.tolist(), ordered["lane"].tolist(), ordered["date"].tolist(), strict=True):
        free = [s for s in slots if (lane, s) not in last or date - last[(lane, s)] > near]
        slot = free[0] if free else min(slots, key=lambda s: last[(lane, s)])
        last[(lane, slot)] = date
        offsets[pos] = slot
    return offsets


def _milestone_hover(dataset, row) -> str:
    names = ", ".join(dataset.programme_names.get(code, code) for code in row.programmes)
    lines = [esc(row.date_label), f"<b>{esc(row.title)}</b>"]
    if names:
        lines.append(esc(names))
    lines.append(esc(confidence_label(dataset, row.confidence)))
    return "<br>".join(lines)


def _confidence_key(dataset, level, symbol, kind: str) -> dict:
    """A grey legend key per confidence level; the points themselves carry programme colours."""
    return dict(
        type=kind,
        name=esc(confidence_label(dataset, level)),
        legendgroup=f"confidence-{level}",
        legendrank=2000,
        x=[None],
        y=[None],
        mode="markers",
        hoverinfo="skip",
        marker=dict(symbol=symbol, size=12, color=NEUTRAL_COLOUR, line=dict(width=2.5, color=NEUTRAL_COLOUR)),
    )


def _confidence_groups(dataset, frame: pd.DataFrame, kind: str, traces: list):
    """Per confidence level: appends its legend key to `traces`, then yields (level, symbol,
    escaped label, its rows, a maker of its marker traces) when it has rows."""
    for level, symbol in CONFIDENCE_SYMBOLS.items():
        traces.append(_confidence_key(dataset, level, symbol, kind))
        group = frame[frame["confidence"] == level]
        if len(group):
            name = confidence_label(dataset, level)
            markers = functools.partial(_keyed_trace, kind, name, f"confidence-{level}", mode="markers")
            yield level, symbol, esc(name), group, markers


def _milestone_traces(dataset, rows: pd.DataFrame, milestone_count: int, lane_labels: list[str] | None = None) -> list:
    if len(rows) > MAX_MILESTONE_POINTS:
        return _binned_milestone_traces(dataset, rows, lane_labels or [])
    kind = "scattergl" if milestone_count > WEBGL_THRESHOLD else "scatter"
    rows = rows.reset_index(drop=True)
    rows = rows.assign(y=[lane + offset for lane, offset in zip(rows["lane"].tolist(), _stagger(rows), strict=True)])
    traces = []
    for _level, symbol, _label, group, markers in _confidence_groups(dataset, rows, kind, traces):
        colours = [dataset.programme_colours.get(codes[0], NEUTRAL_COLOUR) if codes else NEUTRAL_COLOUR for codes in group["programmes"]]
        traces.append(
            markers(
                x=plotly_dates(group["date"]),
                y=group["y"].tolist(),
                customdata=[[mid] for mid in group["id"].tolist()],
                marker=dict(symbol=symbol, size=13, color=colours, line=dict(width=2.5, color=colours)),
                hovertext=[_milestone_hover(dataset, row) for row in rows_of(group, "date_label", "title", "programmes", "confidence")],
                hovertemplate=HOVER,
            )
        )
    return traces


# Bin widths in months, finest first; the timeline takes the finest that keeps the markers under
# MAX_MILESTONE_POINTS (many programme lanes need wider bins than a few category lanes).
BIN_MONTHS = {"month": 1, "quarter": 3, "year": 12, "2 years": 24, "5 years": 60, "10 years": 120}


def _bin_starts(dates: pd.Series, size: str):
    """Months since 1970 of the first month of each date's bin (calendar-aligned: 2000–2004)."""
    months = dates.to_numpy().astype("datetime64[M]").astype("int64")
    return months - months % BIN_MONTHS[size]


def bin_size(rows: pd.DataFrame, limit: int = MAX_MILESTONE_POINTS) -> str:
    """The finest bin width that gives at most `limit` markers (lane × bin × confidence level)."""
    lanes = rows["lane"].to_numpy().astype("int64")
    levels = pd.Categorical(rows["confidence"].astype(str), categories=list(CONFIDENCE_SYMBOLS)).codes.astype("int64")
    for size in BIN_MONTHS:
        starts = _bin_starts(rows["date"], size)
        key = (lanes * 10_000 + (starts - starts.min())) * 4 + levels
        if len(pd.unique(key)) <= limit:
            return size
    return size


def _bin_label(first_month: int, size: str) -> str:
    start = pd.Timestamp(year=1970 + int(first_month) // 12, month=int(first_month) % 12 + 1, day=1)
    if size == "month":
        return format_date(start, "month")
    if size == "quarter":
        return _("Q{quarter} {year}").format(quarter=(start.month - 1) // 3 + 1, year=start.year)
    if size == "year":
        return f"{start.year}"
    return f"{start.year}–{start.year + BIN_MONTHS[size] // 12 - 1}"


def _bin_legend(size: str) -> str:
    """What a marker's size says, for each bin width of BIN_MONTHS."""
    return {
        "month": _("marker size: milestones per month"),
        "quarter": _("marker size: milestones per quarter"),
        "year": _("marker size: milestones per year"),
        "2 years": _("marker size: milestones per 2 years"),
        "5 years": _("marker size: milestones per 5 years"),
        "10 years": _("marker size: milestones per 10 years"),
    }[size]


def milestone_bins(dataset: Dataset, rows: pd.DataFrame, size: str) -> pd.DataFrame:
    """One row per (lane, bin, confidence) of lane rows, in that order: the bin's first month
    (months since 1970) and middle day, how many milestones, the first one's id and title, and
    the programme colour most of them carry (ties: the first colour in text order). Worked out
    on integer codes with numpy, much faster than grouping the text columns (docs/PERFORMANCE.md)."""
    if not len(rows):
        return pd.DataFrame(columns=["lane", "start", "confidence", "middle", "count", "id", "title", "colour"])
    starts = _bin_starts(rows["date"], size)
    lanes = rows["lane"].to_numpy().astype("int64")
    levels = sorted(CONFIDENCE_SYMBOLS)  # text order, as in a sort on the level names
    level_codes = pd.Categorical(rows["confidence"].astype(str), categories=levels).codes.astype("int64")
    offset, span = starts.min(), starts.max() - starts.min() + 1
    key = (lanes * span + (starts - offset)) * len(levels) + level_codes  # sorts as (lane, start, confidence)
    keys, first, counts = np.unique(key, return_index=True, return_counts=True)
    # The colour most of a bin's milestones carry: count (bin, colour) pairs, most first.
    first_code = [codes[0] if codes else "" for codes in rows["programmes"].tolist()]
    colour_codes, colour_names = pd.factorize(
        pd.Series(first_code, dtype=object).map(dataset.programme_colours).fillna(NEUTRAL_COLOUR), sort=True
    )
    pairs, pair_counts = np.unique(key * len(colour_names) + colour_codes, return_counts=True)
    pair_keys, pair_colours = pairs // len(colour_names), pairs % len(colour_names)
    order = np.lexsort((pair_colours, -pair_counts, pair_keys))
    top = order[np.r_[True, pair_keys[order][1:] != pair_keys[order][:-1]]]  # first of each bin: keys ascending like `keys`
    bin_starts = (keys // len(levels)) % span + offset
    first_days = bin_starts.astype("datetime64[M]").astype("datetime64[D]")
    middles = first_days + ((bin_starts + BIN_MONTHS[size]).astype("datetime64[M]").astype("datetime64[D]") - first_days) // 2
    return pd.DataFrame(
        {
            "lane": keys // len(levels) // span,
            "start": bin_starts,
            "confidence": np.asarray(levels, dtype=object)[keys % len(levels)],
            "middle": middles,
            "count": counts,
            "id": rows["id"].take(first).tolist(),
            "title": rows["title"].take(first).tolist(),
            "colour": np.asarray(colour_names, dtype=object)[pair_colours[top]],
        }
    )


def _binned_milestone_traces(dataset, rows: pd.DataFrame, lane_labels: list[str]) -> list:
    size = bin_size(rows)
    bins = milestone_bins(dataset, rows, size)
    kind = "scattergl" if len(bins) > WEBGL_THRESHOLD else "scatter"
    largest = max(int(bins["count"].max()), 1)
    labels = {start: _bin_label(start, size) for start in bins["start"].unique()}
    traces = []
    for level, symbol, label, group, markers in _confidence_groups(dataset, bins, kind, traces):
        hover = []
        for lane, start, count, title in zip(
            group["lane"].tolist(), group["start"].tolist(), group["count"].tolist(), group["title"].tolist(), strict=True
        ):
            where = lane_labels[int(lane)] if 0 <= lane < len(lane_labels) else ""
            if count == 1:
                hover.append(f"{esc(labels[start])}<br><b>{short_label(title, 60)}</b><br>{where}<br>{label}")
            else:
                many = ngettext("{count} milestone", "{count} milestones", count).format(count=format_number(count))
                hover.append(f"<b>{esc(many)}</b> · {esc(labels[start])}<br>{where}<br>{label}")
        colours = group["colour"].tolist()
        traces.append(
            markers(
                x=[str(day) for day in group["middle"].to_numpy().astype("datetime64[D]")],
                y=(group["lane"] + BIN_OFFSETS[level]).tolist(),
                # a click on a marker of one milestone still picks it; a marker of many picks nothing
                customdata=[[mid if n == 1 else ""] for mid, n in zip(group["id"].tolist(), group["count"].tolist(), strict=True)],
                marker=dict(
                    symbol=symbol,
                    size=(6 + 16 * (group["count"] / largest) ** 0.5).round(1).tolist(),
                    color=colours,
                    line=dict(width=2, color=colours),
                ),
                hovertext=hover,
                hovertemplate=HOVER,
            )
        )
    traces.append(  # says what a marker stands for now
        dict(
            type=kind,
            name=html.escape(_bin_legend(size)),
            legendrank=2100,
            x=[None],
            y=[None],
            mode="markers",
            hoverinfo="skip",
            marker=dict(symbol="circle", size=16, color=NEUTRAL_COLOUR, line=dict(width=0)),
        )
    )
    return traces


def timeline_figure(
    dataset: Dataset,
    milestones: pd.DataFrame,
    programmes: pd.DataFrame,
    cycles: pd.DataFrame,
    missions: pd.DataFrame,
    lanes: str = "category",
    *,
    today=None,
    year_range: tuple[int | None, int | None] | None = None,
    other_label: str | None = None,
    ongoing_label: str | None = None,
    empty_text: str | None = None,
) -> go.Figure:
    """Spans (programmes, cycles, missions) above milestones in lanes, on one shared date axis;
    `year_range` (first, last) zooms the axis to the years the user chose; an open end (None)
    keeps the data's own extent on that side, up to today for ongoing spans. The texts default to
    the reader's language."""
    other_label = pgettext("timeline lane of milestones with no programme", "Other") if other_label is None else other_label
    ongoing_label = pgettext("chart legend", "ongoing") if ongoing_label is None else ongoing_label
    empty_text = _("No milestones match these filters") if empty_text is None else empty_text
    open_end = ongoing_end(
        today,
        *date_columns(milestones, "date", "end_date"),
        *date_columns(programmes, "start", "span_end"),
        *date_columns(cycles, "start", "span_end"),
        *date_columns(missions, "participation_start", "participation_span_end"),
    )
    spans, span_labels = span_traces(dataset, programmes, cycles, missions, open_end, ongoing_label=ongoing_label)
    lane_rows, lane_labels = _lane_rows(dataset, milestones, programmes, lanes, other_label) if len(milestones) else (milestones, [])
    top_px = max(len(span_labels), 1) * SPAN_ROW_PX
    bottom_px = max(len(lane_labels), 2) * LANE_PX
    height = top_px + bottom_px + 130
    # Built as plain dicts and handed to go.Figure in one go: adding traces and axes one by one
    # through make_subplots and update_* costs several times more on every rerun.
    top = [{**trace, "xaxis": "x", "yaxis": "y"} for trace in spans]
    annotations = []
    if len(milestones):
        bottom = [{**trace, "xaxis": "x2", "yaxis": "y2"} for trace in _milestone_traces(dataset, lane_rows, len(milestones), lane_labels)]
    else:  # plotly.js draws no subplot, and so no note, without a trace in it
        bottom = [dict(type="scatter", x=[], y=[], showlegend=False, hoverinfo="skip", xaxis="x2", yaxis="y2")]
        annotations.append(note_annotation(empty_text, xref="x2 domain", yref="y2 domain"))
    if not spans:  # after the milestones, as plotly numbers curves in this order
        bottom.append(dict(type="scatter", x=[], y=[], showlegend=False, hoverinfo="skip", xaxis="x", yaxis="y"))
    visible = {} if spans or len(milestones) else {"visible": False}
    date_axis = {**X_AXIS_STYLE, "type": "date", "showgrid": True, "gridcolor": GRID_COLOUR, **visible}
    if year_range is not None:  # a little air either side, so markers on 1 January or 31 December show whole
        starts = [
            d.min()
            for d in (*date_columns(milestones, "date"), *date_columns(programmes, "start"), *date_columns(missions, "participation_start"))
            if d.notna().any()
        ]
        first = year_range[0] if year_range[0] is not None else (min(starts).year if starts else open_end.year)
        last = year_range[1] if year_range[1] is not None else open_end.year
        date_axis["range"] = [f"{first - 1}-10-01", f"{last + 1}-03-31"]
    span_top = 1 - top_px / (top_px + bottom_px) * (1 - 40 / height)  # rows as make_subplots would share them
    lane_axis = row_axis(lane_labels)
    lane_axis["range"] = [len(lane_labels) - 0.5, -0.5] if lane_labels else [1, -1]
    layout = layout_style(height)
    # Margins worked out here rather than left to plotly's automargin, which draws the figure
    # once, measures the labels and the legend, and draws it all again: at the real size that
    # second pass was half of every redraw after a filter change. automargin stays on as a
    # safety net; with margins wide enough it has nothing to push.
    legend_rows = sum(1 for trace in top + bottom if trace.get("showlegend", True) and trace.get("name"))
    layout["margin"] = dict(
        l=round(max((text_px(label) for label in span_labels + lane_labels), default=0)) + TICK_LABEL_GAP_PX,
        r=layout["margin"]["r"],
        b=DATE_AXIS_PX,
        t=round(legend_rows * LEGEND_ROW_PX) + LEGEND_GAP_PX,
    )
    layout.update(
        barmode="overlay",
        uniformtext=dict(minsize=10, mode="hide"),
        # one entry a line: the legend's height no longer depends on the width of the screen
        legend={**layout["legend"], "orientation": "v", "traceorder": "normal"},
        xaxis={"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", **date_axis, "showticklabels": True},
        yaxis={"anchor": "x", "domain": [span_top, 1.0], **Y_AXIS_STYLE, **row_axis(span_labels), **visible},
        xaxis2={"anchor": "y2", "domain": [0.0, 1.0], **date_axis},
        yaxis2={
            "anchor": "x2",
            "domain": [0.0, bottom_px / (top_px + bottom_px) * (1 - 40 / height)],
            **Y_AXIS_STYLE,
            **lane_axis,
            **visible,
        },
    )
    if annotations:
        layout["annotations"] = annotations
    if span_labels and len(programmes) and len(missions):  # a hairline between programmes and missions
        y = len(programmes) - 0.5
        layout["shapes"] = [dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=dict(color=GRID_COLOUR, width=1))]
    # Not validated: plotly's property-by-property validation was half of this function's time
    # (docs/PERFORMANCE.md, "Code choices and their measurements"), and Streamlit does not
    # validate a Figure again. `_validate` is plotly's own switch (its templates are built so), not
    # public API: plotly is pinned, and tests/render/test_charts.py checks that validating these
    # figures changes nothing.
    return go.Figure(data=top + bottom, layout=layout, _validate=False)


def milestone_id_from_selection(points: list[dict]) -> str | None:
    """The milestone id of the first selected point that carries one (span bars carry none)."""
    for point in points or []:
        customdata = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(customdata, (list, tuple)):
            customdata = customdata[0] if customdata else None
        if customdata is not None and str(customdata) != "":
            return str(customdata)
    return None

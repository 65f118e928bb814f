"""Chart builders: filtered DataFrames and the Dataset in, a `plotly.graph_objects.Figure` out.

Pure functions: no Streamlit, no files, nothing partner-specific. Names, colours and labels come
from the dataset. Every piece of data text that reaches a hover label, a tick label, a legend or
an annotation goes through `html.escape`, because plotly renders a subset of HTML in all of them.
Data text is never put inside a `hovertemplate` (it would be read as a template); hover text is
built here and shown with `%{hovertext}`.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.data import Dataset
from dashboard.dates import format_date, format_range, period_end

WEBGL_THRESHOLD = 5000
# Past this many milestone markers a person sees only overlapping blots and the figure JSON
# passes 2 MB: the timeline then draws one marker per lane, period and confidence level, sized
# by how many milestones it stands for.
MAX_MILESTONE_POINTS = 6000
BIN_OFFSETS = {"confirmed": 0.0, "approximate": -0.25, "unconfirmed": 0.25}
FONT_SIZE = 15
TEXT_COLOUR = "#333333"
AXIS_COLOUR = "#9a9a9a"
GRID_COLOUR = "#eeeeee"
NEUTRAL_COLOUR = "#8c8c8c"  # milestones without a programme, legend keys
CYCLE_OUTLINE = "#ffffff"
HOVER = "%{hovertext}<extra></extra>"
# A click on a milestone selects it and plotly dims every unselected point; spans stay solid.
KEEP_SOLID = dict(marker=dict(opacity=1))

# Categories have no colours in the data. Blues alternating with greys, stepped in lightness, stay
# apart for every kind of colour blindness and cannot be mistaken for programme colours; past
# eight categories the colours repeat with a hatching.
CATEGORY_COLOURS = ("#08306b", "#b3b3b3", "#4a86c5", "#4d4d4d", "#a9cce3", "#7a7a7a", "#1f5f99", "#d9d9d9")
CATEGORY_PATTERNS = ("", "/", ".", "x")
CONFIDENCE_SYMBOLS = {"confirmed": "circle", "approximate": "circle-open", "unconfirmed": "diamond-open"}
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}

SPAN_ROW_PX = 28
TICK_LABEL_GAP_PX = 14  # between a row label and the plot (measured in Chromium: 11)
DATE_AXIS_PX = 40  # below the plot, for the date axis's tick labels (measured: 37)
LEGEND_ROW_PX = 22  # one legend entry at FONT_SIZE (measured in Chromium: 8 entries 190 px, 7 entries 168 px)
LEGEND_GAP_PX = 36  # the legend's padding and the space between it and the plot (measured: 36 and 28)
LANE_PX = 60
WRAPPED_ROW_PX = 44  # rows whose label may take two lines
NOTE_CHARS = 200
LABEL_CHARS = 40  # row labels longer than this are cut (timeline) or wrapped (matrix, spans)


# --------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------


def _e(value) -> str:
    """Escaped text of a cell; empty for missing values."""
    if value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _truncate(text: str, limit: int = NOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short(text, limit: int = LABEL_CHARS) -> str:
    """Escaped one-line label, cut with an ellipsis; hover labels keep the full text."""
    return html.escape(_truncate(str(text), limit))


def _wrapped(text, width: int = LABEL_CHARS * 3 // 4, lines: int = 2) -> str:
    """Escaped label on at most `lines` lines."""
    parts = textwrap.wrap(str(text), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = _truncate(parts[-1] + " …", width)
    return "<br>".join(html.escape(part) for part in parts)


def _confidence_label(dataset: Dataset, level) -> str:
    text = dataset.meta.confidence.get(level)
    return text.label if text is not None else str(level)


# Chart text is set in Arial or a font with its metrics (Liberation Sans on Linux), so that a
# label's width can be worked out before plotly.js draws it. plotly's default, "Open Sans", is
# never loaded (no web fonts offline), so each machine fell back to a different font anyway.
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"
# Advance widths of Arial in thousandths of an em; anything else counts as a wide letter.
_ARIAL_WIDTHS = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500), strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611), strict=True)),
    **dict.fromkeys("0123456789", 556), " ": 278, ".": 278, ",": 278, ":": 278, ";": 278, "'": 191, '"': 355, "(": 333, ")": 333,
    "-": 333, "/": 278, "&": 667, "+": 584, "…": 1000, "’": 222, "‘": 222, "“": 333, "”": 333, "–": 556, "—": 1000,
}
_WIDE = 722


def text_px(text: str, size: float = None) -> float:
    """Width in pixels of one line of (escaped) label text at `size` px, in FONT_FAMILY; errs wide
    for letters outside the table."""
    size = FONT_SIZE if size is None else size
    return sum(_ARIAL_WIDTHS.get(c, _WIDE) for c in html.unescape(text)) * size / 1000


def _layout_style(height: int, legend: bool = True) -> dict:
    return dict(
        height=height,
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=TEXT_COLOUR),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=10, r=20, t=40 if legend else 10, b=10),
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, bgcolor="rgba(255,255,255,0)"),
        hoverlabel=dict(bgcolor="white", font=dict(size=14), align="left"),
        hovermode="closest",
    )


X_AXIS_STYLE = dict(showgrid=False, zeroline=False, showline=True, linecolor=AXIS_COLOUR, ticks="outside", tickcolor=AXIS_COLOUR, automargin=True)
Y_AXIS_STYLE = dict(showgrid=False, zeroline=False, automargin=True)


def _style(fig: go.Figure, height: int, *, legend: bool = True) -> go.Figure:
    fig.update_layout(**_layout_style(height, legend))
    fig.update_xaxes(**X_AXIS_STYLE)
    fig.update_yaxes(**Y_AXIS_STYLE)
    return fig


def _note(text: str, **where) -> dict:
    return {
        "text": html.escape(text), "x": 0.5, "y": 0.5, "xref": "x domain", "yref": "y domain", "showarrow": False,
        "font": dict(size=FONT_SIZE + 1, color=NEUTRAL_COLOUR), **where,
    }


def _empty_note(fig: go.Figure, text: str, **where) -> None:
    fig.add_annotation(**_note(text, **where))


def _year_axis(first: int, last: int) -> dict:
    """Whole-year ticks (a plain numeric axis would also label 2001.5 as '2001')."""
    years = last - first + 1
    step = 1 if years <= 15 else 2 if years <= 30 else 5
    return dict(tickmode="linear", tick0=first - first % step, dtick=step, tickformat="d")


def _count_axis(largest: int) -> dict:
    step = max(1, -(-largest // 4))
    return dict(tickmode="linear", tick0=0, dtick=step, tickformat="d", rangemode="tozero")


def _latest(*series: pd.Series):
    values = [s.max() for s in series if len(s)]
    values = [v for v in values if pd.notna(v)]
    return max(values) if values else pd.NaT


def _open_end(today, *series: pd.Series) -> pd.Timestamp:
    """Where an ongoing span is drawn to: today, or the latest date shown if that is later."""
    now = pd.Timestamp(today if today is not None else pd.Timestamp.now()).normalize()
    latest = _latest(*series)
    return max(now, latest) if pd.notna(latest) else now


def _ms(starts: pd.Series, ends: pd.Series) -> list[float]:
    """Bar lengths in milliseconds, ends inclusive (a span ending 31 Dec covers that day)."""
    return ((ends + pd.Timedelta(days=1) - starts).dt.total_seconds() * 1000).tolist()


@functools.cache
def _row_type(columns: tuple[str, ...]):
    return collections.namedtuple("Row", columns)


def _rows(frame: pd.DataFrame, *columns: str):
    """Rows as named tuples of only the columns needed. Columns are taken out whole with tolist():
    stepping through an Arrow-backed text column one value at a time costs about 40 µs a value,
    and building a DataFrame of them to iterate costs about 1 ms a call."""
    return map(_row_type(columns)._make, zip(*(frame[c].tolist() for c in columns), strict=True))


def _dates(frame: pd.DataFrame, *columns: str) -> list[pd.Series]:
    return [frame[c] for c in columns if c in frame]


# --------------------------------------------------------------------------------------------
# Spans: programmes, their cycles and mission participations on a date axis
# --------------------------------------------------------------------------------------------


def _programme_hover(row) -> str:
    return f"<b>{_e(row.name)}</b><br>{_e(row.dates_label)}<br>{_e(row.status)} · {_e(row.type)}"


def _latest_evidence(dataset: Dataset) -> pd.Series:
    """Per programme code, the last day a milestone or a cycle attests it.

    It depends on the whole dataset only, so it is worked out once per Dataset and kept on the
    instance (as its cached properties are), not on every rerun: 0.3 s at 100,000 milestones.
    """
    memo = vars(dataset)
    if "_charts_latest_evidence" not in memo:
        milestones = dataset.milestones
        per_code = pd.DataFrame({"code": milestones["programmes"], "day": milestones["end_date"].fillna(milestones["date"])}).explode("code")
        cycles = pd.DataFrame({"code": dataset.cycles["programme"], "day": dataset.cycles["span_end"].fillna(dataset.cycles["start"])})
        evidence = pd.concat([per_code.dropna(subset=["code"]), cycles], ignore_index=True)
        memo["_charts_latest_evidence"] = evidence.groupby("code")["day"].max() if len(evidence) else pd.Series(dtype="datetime64[us]")
    return memo["_charts_latest_evidence"]


def known_until(dataset: Dataset, programmes: pd.DataFrame) -> pd.Series:
    """The last day each programme is attested: its start period, its cycles, its milestones."""
    start_ends = pd.Series(
        [pd.Timestamp(period_end(s.date(), p)) for s, p in zip(programmes["start"].tolist(), programmes["start_precision"].tolist(), strict=True)],
        index=programmes.index,
    )
    attested = programmes["code"].map(_latest_evidence(dataset))
    return pd.concat([start_ends, attested], axis=1).max(axis=1).astype("datetime64[us]")


def _span_traces(dataset, programmes, cycles, missions, open_end, *, ongoing_label, unknown_end_label="end date not known", label=_short) -> tuple[list, list[str]]:
    """Horizontal bars on numeric rows (0 = top); returns (traces, escaped row labels)."""
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
                type="bar", name="programmes", orientation="h", y=rows, base=programmes["start"].tolist(), x=_ms(programmes["start"], ends),
                width=0.7, marker=dict(color=colours, line=dict(width=0)), showlegend=False, unselected=KEEP_SOLID,
                hovertext=[_programme_hover(row) for row in _rows(programmes, "name", "dates_label", "status", "type")], hovertemplate=HOVER,
            )
        )
        row_of = dict(zip(programmes["code"], rows, strict=False))
        shown = cycles[cycles["programme"].isin(row_of)] if len(cycles) else cycles
        if len(shown):
            names = dataset.programme_names
            hover = [
                f"<b>{_e(names.get(c.programme, c.programme))}: {_e(c.label)}</b><br>"
                f"{_e(format_range(c.start, c.start_precision, c.end, c.end_precision))}<br>{_e(_confidence_label(dataset, c.confidence))}"
                for c in _rows(shown, "programme", "label", "start", "start_precision", "end", "end_precision", "confidence")
            ]
            traces.append(
                dict(
                    type="bar", name="cycles", orientation="h", y=[row_of[code] for code in shown["programme"].tolist()], base=shown["start"].tolist(),
                    x=_ms(shown["start"], shown["span_end"].fillna(open_end)), width=0.7,
                    marker=dict(color=[dataset.programme_colours.get(code, NEUTRAL_COLOUR) for code in shown["programme"].tolist()],
                                line=dict(color=CYCLE_OUTLINE, width=1.5)),
                    text=[_e(label) for label in shown["label"].tolist()], textposition="inside", insidetextanchor="middle",
                    textfont=dict(size=12), showlegend=False, hovertext=hover, hovertemplate=HOVER, unselected=KEEP_SOLID,
                )
            )
        if open_ended.any():
            tail_start = evidence[open_ended] + pd.Timedelta(days=1)  # bars are end-inclusive
            traces += [
                dict(
                    type="bar", name=html.escape(unknown_end_label), legendgroup="unknown-end", showlegend=False, orientation="h",
                    y=[r for r, o in zip(rows, open_ended, strict=True) if o], base=tail_start.tolist(),
                    x=_ms(tail_start, pd.Series([open_end] * int(open_ended.sum()), index=tail_start.index)), width=0.7, opacity=0.22,
                    marker=dict(color=[c for c, o in zip(colours, open_ended, strict=True) if o], line=dict(width=0)),
                    hovertext=[
                        f"<b>{_e(r.name)}</b><br>{_e(r.status)}; {_e(unknown_end_label)}<br>last dated evidence: {format_date(t - pd.Timedelta(days=1), 'year')}"
                        for r, t in zip(_rows(programmes[open_ended], "name", "status"), tail_start, strict=True)
                    ],
                    hovertemplate=HOVER, unselected=KEEP_SOLID,
                ),
                dict(  # legend key
                    type="bar", name=html.escape(unknown_end_label), legendgroup="unknown-end", legendrank=3001, orientation="h", x=[None], y=[None],
                    marker=dict(color=NEUTRAL_COLOUR), opacity=0.3, hoverinfo="skip",
                ),
            ]
        ongoing = (programmes["span_end"].isna() & (programmes["status"] == "active")).to_numpy()
        if ongoing.any():
            traces += [
                dict(
                    type="scatter", name=html.escape(ongoing_label), legendgroup="ongoing", showlegend=False, hoverinfo="skip", mode="markers",
                    x=[open_end] * int(ongoing.sum()), y=[r for r, o in zip(rows, ongoing, strict=True) if o],
                    marker=dict(symbol="triangle-right", size=12, color=[c for c, o in zip(colours, ongoing, strict=True) if o]),
                    unselected=KEEP_SOLID,
                ),
                dict(  # one grey key for all the coloured arrows
                    type="scatter", name=html.escape(ongoing_label), legendgroup="ongoing", legendrank=3000, x=[None], y=[None], mode="markers", hoverinfo="skip",
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
                    type="bar", name=_e(lead.label if lead else lead_type), legendgroup=f"lead-{lead_type}", legendrank=1000, orientation="h",
                    y=[first + i for i in group.index], base=group["participation_start"].tolist(),
                    x=_ms(group["participation_start"], group["participation_span_end"].fillna(open_end)), width=0.7,
                    marker=dict(color=(lead.colour if lead and lead.colour else NEUTRAL_COLOUR), line=dict(width=0)), unselected=KEEP_SOLID,
                    hovertext=[
                        f"<b>{_e(m.name)}</b> ({_e(m.short_name)})<br>{_e(m.participation_dates)}<br>{_e(m.lead_label)}"
                        for m in _rows(group, "name", "short_name", "participation_dates", "lead_label")
                    ],
                    hovertemplate=HOVER,
                )
            )
    return traces, labels


def _row_axis(labels: list[str]) -> dict:
    return dict(
        tickmode="array", tickvals=list(range(len(labels))), ticktext=labels,
        range=[len(labels) - 0.5, -0.5] if labels else [0.5, -0.5], fixedrange=True,
    )


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
        return rows, [_short(dataset.category_labels[c]) for c in codes]
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
    labels = [_short(dataset.programme_names.get(c, c)) for c in codes] + ([_short(other_label)] if has_other else [])
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
    lines = [_e(row.date_label), f"<b>{_e(row.title)}</b>"]
    if names:
        lines.append(_e(names))
    lines.append(_e(_confidence_label(dataset, row.confidence)))
    return "<br>".join(lines)


def _confidence_key(dataset, level, symbol, kind: str) -> dict:
    """A grey legend key per confidence level; the points themselves carry programme colours."""
    return dict(
        type=kind, name=_e(_confidence_label(dataset, level)), legendgroup=f"confidence-{level}", legendrank=2000, x=[None], y=[None],
        mode="markers", hoverinfo="skip",
        marker=dict(symbol=symbol, size=12, color=NEUTRAL_COLOUR, line=dict(width=2.5, color=NEUTRAL_COLOUR)),
    )


def _milestone_traces(dataset, rows: pd.DataFrame, milestone_count: int, lane_labels: list[str] | None = None) -> list:
    if len(rows) > MAX_MILESTONE_POINTS:
        return _binned_milestone_traces(dataset, rows, lane_labels or [])
    kind = "scattergl" if milestone_count > WEBGL_THRESHOLD else "scatter"
    rows = rows.reset_index(drop=True)
    rows = rows.assign(y=[lane + offset for lane, offset in zip(rows["lane"].tolist(), _stagger(rows), strict=True)])
    traces = []
    for level, symbol in CONFIDENCE_SYMBOLS.items():
        label = _e(_confidence_label(dataset, level))
        group = rows[rows["confidence"] == level]
        traces.append(_confidence_key(dataset, level, symbol, kind))
        if not len(group):
            continue
        colours = [
            dataset.programme_colours.get(codes[0], NEUTRAL_COLOUR) if codes else NEUTRAL_COLOUR for codes in group["programmes"]
        ]
        traces.append(
            dict(
                type=kind, name=label, legendgroup=f"confidence-{level}", showlegend=False, mode="markers",
                x=group["date"].tolist(), y=group["y"].tolist(), customdata=[[mid] for mid in group["id"].tolist()],
                marker=dict(symbol=symbol, size=13, color=colours, line=dict(width=2.5, color=colours)),
                hovertext=[_milestone_hover(dataset, row) for row in _rows(group, "date_label", "title", "programmes", "confidence")], hovertemplate=HOVER,
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
        return f"{start:%B} {start.year}"
    if size == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if size == "year":
        return f"{start.year}"
    return f"{start.year}–{start.year + BIN_MONTHS[size] // 12 - 1}"


def milestone_bins(dataset: Dataset, rows: pd.DataFrame, size: str) -> pd.DataFrame:
    """One row per (lane, bin, confidence) of lane rows, in that order: the bin's first month
    (months since 1970) and middle day, how many milestones, the first one's id and title, and
    the programme colour most of them carry (ties: the first colour in text order). Worked out
    on integer codes with numpy: at 100,000 milestones grouping the text columns took 0.15 s."""
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
    colour_codes, colour_names = pd.factorize(pd.Series(first_code, dtype=object).map(dataset.programme_colours).fillna(NEUTRAL_COLOUR), sort=True)
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
    for level, symbol in CONFIDENCE_SYMBOLS.items():
        label = _e(_confidence_label(dataset, level))
        group = bins[bins["confidence"] == level]
        traces.append(_confidence_key(dataset, level, symbol, kind))
        if not len(group):
            continue
        hover = []
        for lane, start, count, title in zip(group["lane"].tolist(), group["start"].tolist(), group["count"].tolist(), group["title"].tolist(), strict=True):
            where = lane_labels[int(lane)] if 0 <= lane < len(lane_labels) else ""
            if count == 1:
                hover.append(f"{labels[start]}<br><b>{_short(title, 60)}</b><br>{where}<br>{label}")
            else:
                hover.append(f"<b>{count:,} milestones</b> · {labels[start]}<br>{where}<br>{label}")
        colours = group["colour"].tolist()
        traces.append(
            dict(
                type=kind, name=label, legendgroup=f"confidence-{level}", showlegend=False, mode="markers",
                x=[str(day) for day in group["middle"].to_numpy().astype("datetime64[D]")], y=(group["lane"] + BIN_OFFSETS[level]).tolist(),
                # a click on a marker of one milestone still picks it; a marker of many picks nothing
                customdata=[[mid if n == 1 else ""] for mid, n in zip(group["id"].tolist(), group["count"].tolist(), strict=True)],
                marker=dict(
                    symbol=symbol, size=(6 + 16 * (group["count"] / largest) ** 0.5).round(1).tolist(),
                    color=colours, line=dict(width=2, color=colours),
                ),
                hovertext=hover, hovertemplate=HOVER,
            )
        )
    traces.append(  # says what a marker stands for now
        dict(
            type=kind, name=html.escape(f"marker size: milestones per {size}"), legendrank=2100, x=[None], y=[None], mode="markers",
            hoverinfo="skip", marker=dict(symbol="circle", size=16, color=NEUTRAL_COLOUR, line=dict(width=0)),
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
    other_label: str = "Other",
    ongoing_label: str = "ongoing",
    empty_text: str = "No milestones match these filters",
) -> go.Figure:
    """Spans (programmes, cycles, missions) above milestones in lanes, on one shared date axis;
    `year_range` (first, last) zooms the axis to the years the user chose; an open end (None)
    keeps the data's own extent on that side, up to today for ongoing spans."""
    open_end = _open_end(
        today,
        *_dates(milestones, "date", "end_date"), *_dates(programmes, "start", "span_end"),
        *_dates(cycles, "start", "span_end"), *_dates(missions, "participation_start", "participation_span_end"),
    )
    spans, span_labels = _span_traces(dataset, programmes, cycles, missions, open_end, ongoing_label=ongoing_label)
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
        annotations.append(_note(empty_text, xref="x2 domain", yref="y2 domain"))
    if not spans:  # after the milestones, as plotly numbers curves in this order
        bottom.append(dict(type="scatter", x=[], y=[], showlegend=False, hoverinfo="skip", xaxis="x", yaxis="y"))
    visible = {} if spans or len(milestones) else {"visible": False}
    date_axis = {**X_AXIS_STYLE, "type": "date", "showgrid": True, "gridcolor": GRID_COLOUR, **visible}
    if year_range is not None:  # a little air either side, so markers on 1 January or 31 December show whole
        starts = [d.min() for d in (*_dates(milestones, "date"), *_dates(programmes, "start"), *_dates(missions, "participation_start")) if d.notna().any()]
        first = year_range[0] if year_range[0] is not None else (min(starts).year if starts else open_end.year)
        last = year_range[1] if year_range[1] is not None else open_end.year
        date_axis["range"] = [f"{first - 1}-10-01", f"{last + 1}-03-31"]
    span_top = 1 - top_px / (top_px + bottom_px) * (1 - 40 / height)  # rows as make_subplots would share them
    lane_axis = _row_axis(lane_labels)
    lane_axis["range"] = [len(lane_labels) - 0.5, -0.5] if lane_labels else [1, -1]
    layout = _layout_style(height)
    # Margins worked out here rather than left to plotly's automargin, which draws the figure
    # once, measures the labels and the legend, and draws it all again: at the real size that
    # second pass was half of every redraw after a filter change. automargin stays on as a
    # safety net; with margins wide enough it has nothing to push.
    legend_rows = sum(1 for trace in top + bottom if trace.get("showlegend", True) and trace.get("name"))
    layout["margin"] = dict(
        l=round(max((text_px(label) for label in span_labels + lane_labels), default=0)) + TICK_LABEL_GAP_PX,
        r=layout["margin"]["r"], b=DATE_AXIS_PX, t=round(legend_rows * LEGEND_ROW_PX) + LEGEND_GAP_PX,
    )
    layout.update(
        barmode="overlay", uniformtext=dict(minsize=10, mode="hide"),
        # one entry a line: the legend's height no longer depends on the width of the screen
        legend={**layout["legend"], "orientation": "v", "traceorder": "normal"},
        xaxis={"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", **date_axis, "showticklabels": True},
        yaxis={"anchor": "x", "domain": [span_top, 1.0], **Y_AXIS_STYLE, **_row_axis(span_labels), **visible},
        xaxis2={"anchor": "y2", "domain": [0.0, 1.0], **date_axis},
        yaxis2={"anchor": "x2", "domain": [0.0, bottom_px / (top_px + bottom_px) * (1 - 40 / height)], **Y_AXIS_STYLE, **lane_axis, **visible},
    )
    if annotations:
        layout["annotations"] = annotations
    if span_labels and len(programmes) and len(missions):  # a hairline between programmes and missions
        y = len(programmes) - 0.5
        layout["shapes"] = [dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=dict(color=GRID_COLOUR, width=1))]
    # Not validated: plotly's property-by-property validation was half of this function's time
    # on every rerun (real size: 15-20 of 30 ms), and Streamlit does not validate a Figure again.
    # `_validate` is plotly's own switch (its templates are built so), not public API: plotly is
    # pinned, and tests/test_charts.py checks that validating these figures changes nothing.
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


# --------------------------------------------------------------------------------------------
# Overview: milestones per year
# --------------------------------------------------------------------------------------------


def year_strip_figure(dataset: Dataset, milestones: pd.DataFrame, *, empty_text: str = "No milestones match these filters") -> go.Figure:
    """Milestones per year, stacked by category."""
    fig = go.Figure()
    if not len(milestones):
        _empty_note(fig, empty_text)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return _style(fig, 220, legend=False)
    years = list(range(int(milestones["year"].min()), int(milestones["year"].max()) + 1))
    counts = milestones.groupby([milestones["category"].astype(str), "year"]).size()
    for i, category in enumerate(dataset.meta.categories):
        if category.code not in counts.index.get_level_values(0):
            continue
        per_year = counts.loc[category.code].reindex(years, fill_value=0)
        label = _e(category.label)
        colour = CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]
        pattern = CATEGORY_PATTERNS[i // len(CATEGORY_COLOURS) % len(CATEGORY_PATTERNS)]
        fig.add_trace(
            go.Bar(
                name=label, x=years, y=per_year.tolist(),
                marker=dict(color=colour, line=dict(width=0), pattern=dict(shape=pattern, fgcolor="#ffffff", size=7, solidity=0.3)),
                hovertext=[f"{year}: {n} × {label}" for year, n in zip(years, per_year, strict=True)], hovertemplate=HOVER,
            )
        )
    _style(fig, 220)
    fig.update_layout(barmode="stack", bargap=0.15, margin=dict(t=30), legend=dict(traceorder="normal", font=dict(size=13)))
    fig.update_xaxes(**_year_axis(years[0], years[-1]))
    largest = int(milestones.groupby("year").size().max())
    fig.update_yaxes(**_count_axis(largest), showgrid=True, gridcolor=GRID_COLOUR)
    return fig


# --------------------------------------------------------------------------------------------
# Missions: personnel per year
# --------------------------------------------------------------------------------------------


def _deployment_hover(dataset, short_name, year, row, no_figure_text) -> str:
    figure = f"{int(row['personnel']):,} personnel" if pd.notna(row["personnel"]) else html.escape(no_figure_text)
    lines = [f"<b>{short_name}</b> · {year}", figure, _e(_confidence_label(dataset, row["confidence"]))]
    if isinstance(row["note"], str) and row["note"]:
        lines += [html.escape(line) for line in textwrap.wrap(_truncate(row["note"]), 60)]
    return "<br>".join(lines)


def personnel_figure(
    dataset: Dataset,
    deployments: pd.DataFrame,
    missions: pd.DataFrame,
    *,
    y_title: str = "Personnel",
    no_figure_text: str = "no figure found",
    empty_text: str = "No deployment figures match these filters",
) -> go.Figure:
    """Personnel per year, one line per mission; years without a figure are gaps, never zeros.

    Legend keys are separate, point-less traces: plotly would otherwise draw each mission's key
    with its first point's symbol, which says 'approximate' for a whole mission.
    """
    traces: list[dict] = []  # validated once by go.Figure: hundreds of missions add up
    dash_index: dict[str, int] = {}
    levels_shown: set[str] = set()
    shown_years: list[int] = []
    # One pass over the deployments instead of a filter per mission: pages can show hundreds.
    per_mission: dict[str, dict[int, dict]] = {}
    for row in deployments[["mission", "year", "personnel", "confidence", "note"]].to_dict("records"):
        per_mission.setdefault(row["mission"], {})[int(row["year"])] = row
    for mission in _rows(missions, "id", "lead_type", "short_name"):
        by_year = per_mission.get(mission.id)
        if not by_year:
            continue
        years = list(range(min(by_year), max(by_year) + 1))
        lead = dataset.lead_types.get(mission.lead_type)
        colour = lead.colour if lead and lead.colour else NEUTRAL_COLOUR
        dash = DASHES[dash_index.setdefault(mission.lead_type, 0) % len(DASHES)]
        dash_index[mission.lead_type] += 1
        short = _e(mission.short_name)
        ys, symbols, hover = [], [], []
        for year in years:  # a year with no row is as unknown as a row with no figure
            row = by_year.get(year)
            known = row is not None and pd.notna(row["personnel"])
            ys.append(int(row["personnel"]) if known else None)
            level = str(row["confidence"]) if row is not None else "confirmed"
            symbols.append(CONFIDENCE_SYMBOLS.get(level, "circle"))
            if known:
                levels_shown.add(level)
            hover.append(_deployment_hover(dataset, short, year, row, no_figure_text) if row is not None else "")
        traces += [
            dict(
                type="scatter", name=short, legendgroup=f"mission-{mission.id}", showlegend=False, x=years, y=ys, mode="lines+markers",
                connectgaps=False, line=dict(color=colour, width=3, dash=dash),
                marker=dict(symbol=symbols, size=11, color=colour, line=dict(width=2.5, color=colour)),
                hovertext=hover, hovertemplate=HOVER,
            ),
            dict(
                type="scatter", name=short, legendgroup=f"mission-{mission.id}", x=[None], y=[None], mode="lines", hoverinfo="skip",
                line=dict(color=colour, width=3, dash=dash),
            ),
        ]
        shown_years += [years[0], years[-1]]
    for level, symbol in CONFIDENCE_SYMBOLS.items():
        if level in levels_shown:
            traces.append(
                dict(
                    type="scatter", name=_e(_confidence_label(dataset, level)), x=[None], y=[None], mode="markers", hoverinfo="skip",
                    marker=dict(symbol=symbol, size=11, color=NEUTRAL_COLOUR, line=dict(width=2.5, color=NEUTRAL_COLOUR)),
                )
            )
    fig = go.Figure(data=traces)
    if not fig.data:
        _empty_note(fig, empty_text)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return _style(fig, 380, legend=False)
    _style(fig, 380)
    fig.update_xaxes(**_year_axis(min(shown_years), max(shown_years)))
    fig.update_yaxes(title_text=html.escape(y_title), rangemode="tozero", showgrid=True, gridcolor=GRID_COLOUR, tickformat=",d")
    return fig


# --------------------------------------------------------------------------------------------
# Programmes: focus-area matrix and spans
# --------------------------------------------------------------------------------------------


def programme_matrix_figure(dataset: Dataset, programmes: pd.DataFrame, *, empty_text: str = "No programmes match these filters") -> go.Figure:
    """Programme × focus area: a square in the programme's colour where it has that focus area."""
    fig = go.Figure()
    used = {code for codes in programmes["focus_areas"] for code in codes} if len(programmes) else set()
    areas = [a for a in dataset.meta.focus_areas if a.code in used]
    if not areas:
        _empty_note(fig, empty_text)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return _style(fig, 200, legend=False)
    column = {a.code: i for i, a in enumerate(areas)}
    xs, ys, colours, hover = [], [], [], []
    for row, p in enumerate(_rows(programmes, "code", "name", "focus_areas")):
        for code in p.focus_areas:
            if code in column:
                xs.append(column[code])
                ys.append(row)
                colours.append(dataset.programme_colours.get(p.code, NEUTRAL_COLOUR))
                hover.append(f"{_e(p.name)} — {_e(dataset.focus_area_labels.get(code, code))}")
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, mode="markers", showlegend=False, hovertext=hover, hovertemplate=HOVER,
            marker=dict(symbol="square", size=22, color=colours, line=dict(width=0)),
        )
    )
    _style(fig, 230 + WRAPPED_ROW_PX * len(programmes), legend=False)  # 230: the slanted header
    fig.update_layout(margin=dict(t=10, r=120))  # the last slanted column label runs to the right
    fig.update_xaxes(
        side="top", tickmode="array", tickvals=list(range(len(areas))), ticktext=[_short(a.label) for a in areas], tickangle=-55,
        range=[-0.5, len(areas) - 0.5], showline=False, ticks="", showgrid=True, gridcolor=GRID_COLOUR, fixedrange=True,
    )
    fig.update_yaxes(**_row_axis([_wrapped(name) for name in programmes["name"].tolist()]), showgrid=True, gridcolor=GRID_COLOUR)
    return fig


def programme_spans_figure(
    dataset: Dataset,
    programmes: pd.DataFrame,
    cycles: pd.DataFrame,
    today=None,
    *,
    ongoing_label: str = "ongoing",
    empty_text: str = "No programmes match these filters",
) -> go.Figure:
    """Each programme's span on one date axis, cycles as labelled segments, ongoing ones marked."""
    fig = go.Figure()
    if not len(programmes):
        _empty_note(fig, empty_text)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return _style(fig, 200, legend=False)
    open_end = _open_end(today, *_dates(programmes, "start", "span_end"), *_dates(cycles, "start", "span_end"))
    traces, labels = _span_traces(dataset, programmes, cycles, None, open_end, ongoing_label=ongoing_label, label=_wrapped)
    fig.add_traces(traces)
    _style(fig, 100 + WRAPPED_ROW_PX * len(labels))
    fig.update_layout(barmode="overlay", uniformtext=dict(minsize=10, mode="hide"))
    first = programmes["start"].min()
    pad = (open_end - first) * 0.03
    fig.update_xaxes(type="date", showgrid=True, gridcolor=GRID_COLOUR, range=[first - pad, open_end + pad])
    fig.update_yaxes(**_row_axis(labels))
    return fig


# --------------------------------------------------------------------------------------------
# Map helper
# --------------------------------------------------------------------------------------------


def map_country_values(missions: pd.DataFrame, deployments: pd.DataFrame) -> pd.DataFrame:
    """Per host country: its missions, lead labels and peak personnel (the largest yearly total
    over the given deployments of its missions; NaN when there is no figure)."""
    columns = ["iso3", "country_name", "missions", "peak_personnel", "lead_labels"]
    if not len(missions):
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "peak_personnel" else "str") for c in columns})
    country_of = dict(zip(missions["id"], missions["country"], strict=False))
    shown = deployments[deployments["mission"].isin(country_of)]
    yearly = (
        shown.assign(iso3=shown["mission"].map(country_of), personnel=shown["personnel"].astype("Float64"))
        .groupby(["iso3", "year"])["personnel"].sum(min_count=1)
    )
    peaks = yearly.groupby(level="iso3").max().astype("float64") if len(yearly) else pd.Series(dtype="float64")
    rows = []
    for iso3, group in missions.groupby("country", sort=False):
        rows.append(
            {
                "iso3": iso3,
                "country_name": group["country_name"].iloc[0],
                "missions": "; ".join(group["short_name"]),
                "peak_personnel": float(peaks.get(iso3, float("nan"))),
                "lead_labels": "; ".join(dict.fromkeys(group["lead_label"])),
            }
        )
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------
# Handing a figure to an interactive chart
# --------------------------------------------------------------------------------------------


def settled(fig: go.Figure, *, selectable: bool = False) -> go.Figure:
    """The figure, changed in place so that plotly.js can redraw a copy of it without redrawing.

    Streamlit's chart draws every new figure twice: once when it mounts, and at once again from a
    deep copy (its theme step copies the figure even with `theme=None`, and a chart that takes
    clicks also sets `clickmode` and `dragmode`). plotly.js draws a copy again in full when the
    layout holds a `template` object or there is no `datarevision` (objects and data arrays are
    then compared by identity, and a copy's are new), or when `clickmode` changes. So: no
    template (the builders here set every colour, font and axis they draw; in Chromium the
    figures look the same to the pixel without it); a `datarevision` that is a hash of the
    figure, so it changes exactly when the data does; and the click modes a selectable chart
    ends up with anyway. tests/browser/test_redraw.py checks that the copy then changes no node
    of the chart. The map is the exception: its outlines are an object inside a trace.
    """
    fig.layout.template = None
    if selectable:
        fig.layout.clickmode = fig.layout.clickmode or "event+select"
        fig.layout.dragmode = fig.layout.dragmode or "pan"
        fig.layout.hovermode = fig.layout.hovermode or "closest"
    fig.layout.datarevision = None
    fig.layout.datarevision = hashlib.blake2b(pio.to_json(fig, validate=False).encode("utf-8"), digest_size=8).hexdigest()
    return fig

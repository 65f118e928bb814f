"""Shared pieces of every figure: fonts, colours, text measures, layout, empty figures, escaping.

Pure: no Streamlit, no files, nothing partner-specific. Every piece of data text that reaches a
hover label, a tick label, a legend or an annotation goes through `html.escape` (`esc`), because
plotly renders a subset of HTML in all of them. Data text is never put inside a
`hovertemplate` (it would be read as a template); hover text is built here and shown with
`%{hovertext}`.
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

from dashboard.i18n import pgettext
from dashboard.model.dataset import Dataset

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
# eight categories the colours repeat with a hatching. Each has at least 3:1 contrast with the
# white page (WCAG's measure for parts of a chart), so that no category washes out on a
# projector; neighbours in a stack are kept apart by a white line (SEGMENT_LINE).
CATEGORY_COLOURS = ("#08306b", "#939393", "#3d7abf", "#333333", "#6a96c8", "#7a7a7a", "#1f5f99", "#5f5f5f")
SEGMENT_LINE = dict(width=1, color="#ffffff")
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


def esc(value) -> str:
    """Escaped text of a cell; empty for missing values."""
    if value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def truncate(text: str, limit: int = NOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def short_label(text, limit: int = LABEL_CHARS) -> str:
    """Escaped one-line label, cut with an ellipsis; hover labels keep the full text."""
    return html.escape(truncate(str(text), limit))


def wrapped_label(text, width: int = LABEL_CHARS * 3 // 4, lines: int = 2) -> str:
    """Escaped label on at most `lines` lines."""
    parts = textwrap.wrap(str(text), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = truncate(parts[-1] + " …", width)
    return "<br>".join(html.escape(part) for part in parts)


def confidence_label(dataset: Dataset, level) -> str:
    text = dataset.meta.confidence.get(level)
    return text.label if text is not None else str(level)


def status_label(status) -> str:
    """A programme's status (a code of the schema's vocabulary) in the reader's language."""
    labels = {
        "active": pgettext("programme status", "active"),
        "ended": pgettext("programme status", "ended"),
        "superseded": pgettext("programme status", "superseded"),
        "unknown": pgettext("programme status", "unknown"),
    }
    if status is None or (not isinstance(status, str) and pd.isna(status)):
        return ""
    return labels.get(status, str(status))


# Chart text is set in Arial or a font with its metrics (Liberation Sans on Linux), so that a
# label's width can be worked out before plotly.js draws it. plotly's default, "Open Sans", is
# never loaded (no web fonts offline), so each machine fell back to a different font anyway.
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"
# Advance widths of Arial in thousandths of an em; anything else counts as a wide letter.
_ARIAL_WIDTHS = {
    **dict(
        zip(
            "abcdefghijklmnopqrstuvwxyz",
            (
                556,
                556,
                500,
                556,
                556,
                278,
                556,
                556,
                222,
                222,
                500,
                222,
                833,
                556,
                556,
                556,
                556,
                333,
                500,
                278,
                556,
                500,
                722,
                500,
                500,
                500,
            ),
            strict=True,
        )
    ),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            (
                667,
                667,
                722,
                722,
                667,
                611,
                778,
                722,
                278,
                500,
                667,
                556,
                833,
                722,
                778,
                667,
                778,
                722,
                667,
                611,
                722,
                667,
                944,
                667,
                667,
                611,
            ),
            strict=True,
        )
    ),
    **dict.fromkeys("0123456789", 556),
    " ": 278,
    ".": 278,
    ",": 278,
    ":": 278,
    ";": 278,
    "'": 191,
    '"': 355,
    "(": 333,
    ")": 333,
    "-": 333,
    "/": 278,
    "&": 667,
    "+": 584,
    "…": 1000,
    "’": 222,
    "‘": 222,
    "“": 333,
    "”": 333,
    "–": 556,
    "—": 1000,
}
_WIDE = 722


def text_px(text: str, size: float = None) -> float:
    """Width in pixels of one line of (escaped) label text at `size` px, in FONT_FAMILY; errs wide
    for letters outside the table."""
    size = FONT_SIZE if size is None else size
    return sum(_ARIAL_WIDTHS.get(c, _WIDE) for c in html.unescape(text)) * size / 1000


def layout_style(height: int, legend: bool = True) -> dict:
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


X_AXIS_STYLE = dict(
    showgrid=False, zeroline=False, showline=True, linecolor=AXIS_COLOUR, ticks="outside", tickcolor=AXIS_COLOUR, automargin=True
)
Y_AXIS_STYLE = dict(showgrid=False, zeroline=False, automargin=True)


def legend_below(fig: go.Figure) -> go.Figure:
    """For a phone's width, in place: the legend below the plot, one entry a line, and the figure
    taller by it. Above the plot a legend wraps into as many lines on a narrow screen, under the
    chart's buttons, and leaves the plot a strip of a few pixels."""
    entries = sum(1 for t in fig.data if t.showlegend is not False and t.name)
    legend_px = entries * LEGEND_ROW_PX + LEGEND_GAP_PX
    fig.update_layout(
        height=fig.layout.height + legend_px,
        margin=dict(t=10, b=legend_px + 30),  # 30: the axis's tick labels
        legend=dict(orientation="v", yref="container", y=0, yanchor="bottom", x=0, xanchor="left"),
    )
    return fig


def style_figure(fig: go.Figure, height: int, *, legend: bool = True) -> go.Figure:
    fig.update_layout(**layout_style(height, legend))
    fig.update_xaxes(**X_AXIS_STYLE)
    fig.update_yaxes(**Y_AXIS_STYLE)
    return fig


def note_annotation(text: str, **where) -> dict:
    return {
        "text": html.escape(text),
        "x": 0.5,
        "y": 0.5,
        "xref": "x domain",
        "yref": "y domain",
        "showarrow": False,
        "font": dict(size=FONT_SIZE + 1, color=NEUTRAL_COLOUR),
        **where,
    }


def legend_key(kind: str, name: str, group: str, rank: int, **style) -> dict:
    """A point-less trace that only draws a key in the legend for a group of traces."""
    return dict(type=kind, name=html.escape(name), legendgroup=group, legendrank=rank, x=[None], y=[None], hoverinfo="skip", **style)


def empty_figure(text: str, height: int) -> go.Figure:
    """A figure with no data: axes hidden, `text` in the middle."""
    fig = go.Figure()
    fig.add_annotation(**note_annotation(text))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return style_figure(fig, height, legend=False)


def year_axis(first: int, last: int) -> dict:
    """Whole-year ticks (a plain numeric axis would also label 2001.5 as '2001')."""
    years = last - first + 1
    step = 1 if years <= 15 else 2 if years <= 30 else 5
    return dict(tickmode="linear", tick0=first - first % step, dtick=step, tickformat="d")


def count_axis(largest: int) -> dict:
    """A whole-number axis of about four steps that ends on a gridline at or above `largest`,
    so that the tallest bar is read against a labelled line (11 ends at 12, not past 9)."""
    step = max(1, -(-largest // 4))
    top = step * max(1, -(-largest // step))
    return dict(tickmode="linear", tick0=0, dtick=step, tickformat="d", range=[0, top])


def latest_date(*series: pd.Series):
    values = [s.max() for s in series if len(s)]
    values = [v for v in values if pd.notna(v)]
    return max(values) if values else pd.NaT


def ongoing_end(today, *series: pd.Series) -> pd.Timestamp:
    """Where an ongoing span is drawn to: today, or the latest date shown if that is later."""
    now = pd.Timestamp(today if today is not None else pd.Timestamp.now()).normalize()
    latest = latest_date(*series)
    return max(now, latest) if pd.notna(latest) else now


def plotly_dates(dates) -> list[str | None]:
    """Dates as plotly reads them: ISO strings ("2004-05-19", with the time if one has a time),
    None for a missing date. A figure's data is deep-copied several times per rerun (plotly's
    Figure, Streamlit's `to_dict`) and then written as JSON, and strings cost far less in both
    than Timestamps (docs/PERFORMANCE.md, "Code choices")."""
    values = np.asarray(pd.Series(dates, dtype="datetime64[us]").to_numpy())
    present = ~np.isnat(values)
    whole_days = bool((values[present].astype("datetime64[D]") == values[present]).all())
    text = np.datetime_as_string(values, unit="D" if whole_days else "s")
    return [str(t) if ok else None for t, ok in zip(text.tolist(), present.tolist(), strict=True)]


def bar_ms(starts: pd.Series, ends: pd.Series) -> list[float]:
    """Bar lengths in milliseconds, ends inclusive (a span ending 31 Dec covers that day)."""
    return ((ends + pd.Timedelta(days=1) - starts).dt.total_seconds() * 1000).tolist()


@functools.cache
def _row_type(columns: tuple[str, ...]):
    return collections.namedtuple("Row", columns)


def rows_of(frame: pd.DataFrame, *columns: str):
    """Rows as named tuples of only the columns needed. Columns are taken out whole with tolist():
    stepping through an Arrow-backed text column one value at a time, or building a DataFrame
    to iterate, costs far more (docs/PERFORMANCE.md)."""
    return map(_row_type(columns)._make, zip(*(frame[c].tolist() for c in columns), strict=True))


def date_columns(frame: pd.DataFrame, *columns: str) -> list[pd.Series]:
    return [frame[c] for c in columns if c in frame]


def row_axis(labels: list[str]) -> dict:
    return dict(
        tickmode="array",
        tickvals=list(range(len(labels))),
        ticktext=labels,
        range=[len(labels) - 0.5, -0.5] if labels else [0.5, -0.5],
        fixedrange=True,
    )


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

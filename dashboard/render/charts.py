"""The other figures: milestones per year, personnel per year, the programme matrix and spans."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import _, format_number, ngettext, pgettext
from dashboard.model.dataset import Dataset
from dashboard.render.style import (
    CATEGORY_COLOURS,
    CATEGORY_PATTERNS,
    CONFIDENCE_SYMBOLS,
    DASHES,
    GRID_COLOUR,
    HOVER,
    NEUTRAL_COLOUR,
    SEGMENT_LINE,
    WRAPPED_ROW_PX,
    confidence_label,
    count_axis,
    date_columns,
    empty_figure,
    esc,
    legend_below,
    ongoing_end,
    row_axis,
    rows_of,
    short_label,
    style_figure,
    truncate,
    wrapped_label,
    year_axis,
)
from dashboard.render.timeline import span_traces

# --------------------------------------------------------------------------------------------
# Overview: milestones per year
# --------------------------------------------------------------------------------------------


def year_strip_figure(dataset: Dataset, milestones: pd.DataFrame, *, empty_text: str | None = None, narrow: bool = False) -> go.Figure:
    """Milestones per year, stacked by category; `narrow` (a phone's width): the legend below."""
    if not len(milestones):
        return empty_figure(_("No milestones match these filters") if empty_text is None else empty_text, 220)
    fig = go.Figure()
    years = list(range(int(milestones["year"].min()), int(milestones["year"].max()) + 1))
    counts = milestones.groupby([milestones["category"].astype(str), "year"]).size()
    for i, category in enumerate(dataset.meta.categories):
        if category.code not in counts.index.get_level_values(0):
            continue
        per_year = counts.loc[category.code].reindex(years, fill_value=0)
        label = esc(category.label)
        colour = CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]
        pattern = CATEGORY_PATTERNS[i // len(CATEGORY_COLOURS) % len(CATEGORY_PATTERNS)]
        fig.add_trace(
            go.Bar(
                name=label,
                x=years,
                y=per_year.tolist(),
                # "overlay": white hatching over the colour. plotly's default ("replace") draws the
                # hatching alone, on nothing: the ninth category's bars and swatch were invisible.
                marker=dict(
                    color=colour,
                    line=SEGMENT_LINE,
                    pattern=dict(shape=pattern, fillmode="overlay", fgcolor="#ffffff", size=7, solidity=0.3),
                ),
                hovertext=[f"{year}: {n} × {label}" for year, n in zip(years, per_year, strict=True)],
                hovertemplate=HOVER,
            )
        )
    style_figure(fig, 220)
    fig.update_layout(barmode="stack", bargap=0.15, margin=dict(t=30), legend=dict(traceorder="normal", font=dict(size=13)))
    if narrow:
        legend_below(fig)
    fig.update_xaxes(**year_axis(years[0], years[-1]))
    largest = int(milestones.groupby("year").size().max())
    fig.update_yaxes(**count_axis(largest), showgrid=True, gridcolor=GRID_COLOUR)
    return fig


# --------------------------------------------------------------------------------------------
# Missions: personnel per year
# --------------------------------------------------------------------------------------------


def _deployment_hover(dataset, short_name, year, row, no_figure_text) -> str:
    if pd.notna(row["personnel"]):
        count = int(row["personnel"])
        figure = html.escape(ngettext("{count} personnel", "{count} personnel", count).format(count=format_number(count)))
    else:
        figure = html.escape(no_figure_text)
    lines = [f"<b>{short_name}</b> · {year}", figure, esc(confidence_label(dataset, row["confidence"]))]
    if isinstance(row["note"], str) and row["note"]:
        lines += [html.escape(line) for line in textwrap.wrap(truncate(row["note"]), 60)]
    return "<br>".join(lines)


def personnel_figure(
    dataset: Dataset,
    deployments: pd.DataFrame,
    missions: pd.DataFrame,
    *,
    y_title: str | None = None,
    no_figure_text: str | None = None,
    empty_text: str | None = None,
    narrow: bool = False,
) -> go.Figure:
    """Personnel per year, one line per mission; years without a figure are gaps, never zeros.
    `narrow` (a phone's width): the legend below.
    The texts default to the reader's language.

    Legend keys are separate, point-less traces: plotly would otherwise draw each mission's key
    with its first point's symbol, which says 'approximate' for a whole mission.
    """
    y_title = pgettext("chart axis", "Personnel") if y_title is None else y_title
    no_figure_text = _("no figure found") if no_figure_text is None else no_figure_text
    empty_text = _("No deployment figures match these filters") if empty_text is None else empty_text
    traces: list[dict] = []  # validated once by go.Figure: hundreds of missions add up
    dash_index: dict[str, int] = {}
    levels_shown: set[str] = set()
    shown_years: list[int] = []
    # One pass over the deployments instead of a filter per mission: pages can show hundreds.
    per_mission: dict[str, dict[int, dict]] = {}
    for row in deployments[["mission", "year", "personnel", "confidence", "note"]].to_dict("records"):
        per_mission.setdefault(row["mission"], {})[int(row["year"])] = row
    for mission in rows_of(missions, "id", "lead_type", "short_name"):
        by_year = per_mission.get(mission.id)
        if not by_year:
            continue
        years = list(range(min(by_year), max(by_year) + 1))
        lead = dataset.lead_types.get(mission.lead_type)
        colour = lead.colour if lead and lead.colour else NEUTRAL_COLOUR
        dash = DASHES[dash_index.setdefault(mission.lead_type, 0) % len(DASHES)]
        dash_index[mission.lead_type] += 1
        short = esc(mission.short_name)
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
                type="scatter",
                name=short,
                legendgroup=f"mission-{mission.id}",
                showlegend=False,
                x=years,
                y=ys,
                mode="lines+markers",
                connectgaps=False,
                line=dict(color=colour, width=3, dash=dash),
                marker=dict(symbol=symbols, size=11, color=colour, line=dict(width=2.5, color=colour)),
                hovertext=hover,
                hovertemplate=HOVER,
            ),
            dict(
                type="scatter",
                name=short,
                legendgroup=f"mission-{mission.id}",
                x=[None],
                y=[None],
                mode="lines",
                hoverinfo="skip",
                line=dict(color=colour, width=3, dash=dash),
            ),
        ]
        shown_years += [years[0], years[-1]]
    for level, symbol in CONFIDENCE_SYMBOLS.items():
        if level in levels_shown:
            traces.append(
                dict(
                    type="scatter",
                    name=esc(confidence_label(dataset, level)),
                    x=[None],
                    y=[None],
                    mode="markers",
                    hoverinfo="skip",
                    marker=dict(symbol=symbol, size=11, color=NEUTRAL_COLOUR, line=dict(width=2.5, color=NEUTRAL_COLOUR)),
                )
            )
    if not traces:
        return empty_figure(empty_text, 380)
    fig = go.Figure(data=traces)
    style_figure(fig, 380)
    if narrow:
        legend_below(fig)
    fig.update_xaxes(**year_axis(min(shown_years), max(shown_years)))
    fig.update_yaxes(title_text=html.escape(y_title), rangemode="tozero", showgrid=True, gridcolor=GRID_COLOUR, tickformat=",d")
    return fig


# --------------------------------------------------------------------------------------------
# Programmes: focus-area matrix and spans
# --------------------------------------------------------------------------------------------


def programme_matrix_figure(dataset: Dataset, programmes: pd.DataFrame, *, empty_text: str | None = None) -> go.Figure:
    """Programme × focus area: a square in the programme's colour where it has that focus area."""
    fig = go.Figure()
    used = {code for codes in programmes["focus_areas"] for code in codes} if len(programmes) else set()
    areas = [a for a in dataset.meta.focus_areas if a.code in used]
    if not areas:
        return empty_figure(_("No programmes match these filters") if empty_text is None else empty_text, 200)
    column = {a.code: i for i, a in enumerate(areas)}
    xs, ys, colours, hover = [], [], [], []
    for row, p in enumerate(rows_of(programmes, "code", "name", "focus_areas")):
        for code in p.focus_areas:
            if code in column:
                xs.append(column[code])
                ys.append(row)
                colours.append(dataset.programme_colours.get(p.code, NEUTRAL_COLOUR))
                hover.append(f"{esc(p.name)} — {esc(dataset.focus_area_labels.get(code, code))}")
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            showlegend=False,
            hovertext=hover,
            hovertemplate=HOVER,
            marker=dict(symbol="square", size=22, color=colours, line=dict(width=0)),
        )
    )
    style_figure(fig, 230 + WRAPPED_ROW_PX * len(programmes), legend=False)  # 230: the slanted header
    fig.update_layout(margin=dict(t=10, r=120))  # the last slanted column label runs to the right
    fig.update_xaxes(
        side="top",
        tickmode="array",
        tickvals=list(range(len(areas))),
        ticktext=[short_label(a.label) for a in areas],
        tickangle=-55,
        range=[-0.5, len(areas) - 0.5],
        showline=False,
        ticks="",
        showgrid=True,
        gridcolor=GRID_COLOUR,
        fixedrange=True,
    )
    fig.update_yaxes(**row_axis([wrapped_label(name) for name in programmes["name"].tolist()]), showgrid=True, gridcolor=GRID_COLOUR)
    return fig


def programme_spans_figure(
    dataset: Dataset,
    programmes: pd.DataFrame,
    cycles: pd.DataFrame,
    today=None,
    *,
    ongoing_label: str | None = None,
    empty_text: str | None = None,
) -> go.Figure:
    """Each programme's span on one date axis, cycles as labelled segments, ongoing ones marked."""
    if not len(programmes):
        return empty_figure(_("No programmes match these filters") if empty_text is None else empty_text, 200)
    ongoing_label = pgettext("chart legend", "ongoing") if ongoing_label is None else ongoing_label
    fig = go.Figure()
    open_end = ongoing_end(today, *date_columns(programmes, "start", "span_end"), *date_columns(cycles, "start", "span_end"))
    traces, labels = span_traces(dataset, programmes, cycles, None, open_end, ongoing_label=ongoing_label, label=wrapped_label)
    fig.add_traces(traces)
    style_figure(fig, 100 + WRAPPED_ROW_PX * len(labels))
    fig.update_layout(barmode="overlay", uniformtext=dict(minsize=10, mode="hide"))
    first = programmes["start"].min()
    pad = (open_end - first) * 0.03
    fig.update_xaxes(type="date", showgrid=True, gridcolor=GRID_COLOUR, range=[first - pad, open_end + pad])
    fig.update_yaxes(**row_axis(labels))
    return fig


# --------------------------------------------------------------------------------------------

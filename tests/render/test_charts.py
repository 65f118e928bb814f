import ast
import dataclasses
import inspect
import json
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import i18n
from dashboard.model.filters import Filters, filter_cycles, filter_milestones, filter_missions, filter_programmes
from dashboard.render import charts, geo, style, timeline

TODAY = pd.Timestamp("2026-06-30")
DAY_MS = 24 * 3600 * 1000
HOSTILE = "<img src=x onerror=alert(1)>"


def draw_timeline(dataset, f, **kwargs):
    return timeline.timeline_figure(dataset, f.milestones, f.programmes, f.cycles, f.missions, today=TODAY, **kwargs)


def milestone_traces(fig):
    return [t for t in fig.data if t.customdata is not None]


def milestone_points(fig) -> list[dict]:
    """Every plotted milestone point as {id, x, y, colour, symbol, hover, trace}."""
    points = []
    for trace in milestone_traces(fig):
        colours = trace.marker.color
        for i, custom in enumerate(trace.customdata):
            points.append(
                {
                    "id": custom[0],
                    "x": pd.Timestamp(trace.x[i]),
                    "y": trace.y[i],
                    "colour": colours[i],
                    "symbol": trace.marker.symbol,
                    "hover": trace.hovertext[i],
                    "trace": trace,
                }
            )
    return points


def by_id(fig) -> dict:
    return {p["id"]: p for p in milestone_points(fig)}


def trace_named(fig, name):
    (trace,) = [t for t in fig.data if t.name == name and (t.x is None or list(t.x) != [None])]
    return trace


def bar_ends(trace) -> list[pd.Timestamp]:
    return [pd.Timestamp(base) + pd.Timedelta(milliseconds=length) for base, length in zip(trace.base, trace.x, strict=True)]


def legend_names(fig) -> list[str]:
    shown = [t for t in fig.data if t.showlegend is not False]
    return [t.name for t in sorted(shown, key=lambda t: t.legendrank if t.legendrank is not None else 1000)]


def real_traces(fig):
    """Traces with data (legend keys are drawn from point-less traces)."""
    return [t for t in fig.data if t.x is not None and any(x is not None for x in t.x)]


# --------------------------------------------------------------------------------------------
# timeline_figure: spans
# --------------------------------------------------------------------------------------------


def test_timeline_stacks_two_panels_on_one_date_axis_sized_by_rows(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    assert fig.layout.xaxis.type == fig.layout.xaxis2.type == "date"
    assert fig.layout.xaxis.matches == "x2"
    top = fig.layout.yaxis.domain[1] - fig.layout.yaxis.domain[0]
    bottom = fig.layout.yaxis2.domain[1] - fig.layout.yaxis2.domain[0]
    span_rows, lanes = 3 + 2, 3
    assert top / bottom == pytest.approx(span_rows * style.SPAN_ROW_PX / (lanes * style.LANE_PX), rel=0.01)


def test_programme_bars_run_from_start_to_the_end_of_their_last_day(freedonia, frames):
    bars = trace_named(draw_timeline(freedonia, frames), "programmes")
    assert isinstance(bars, go.Bar) and bars.orientation == "h" and bars.xaxis == "x"
    assert [pd.Timestamp(b) for b in bars.base] == [pd.Timestamp("1995-06-01"), pd.Timestamp("2001-01-01"), pd.Timestamp("2004-03-01")]
    assert bar_ends(bars)[1:] == [pd.Timestamp("2011-01-01"), pd.Timestamp("2016-01-01")]
    assert list(bars.marker.color) == ["#0072B2", "#E69F00", "#009E73"]


def test_ongoing_programme_runs_to_today_or_to_the_latest_date_shown(freedonia, frames):
    assert bar_ends(trace_named(draw_timeline(freedonia, frames), "programmes"))[0] == TODAY + pd.Timedelta(days=1)
    early = timeline.timeline_figure(freedonia, frames.milestones, frames.programmes, frames.cycles, frames.missions, today="2010-01-01")
    assert bar_ends(trace_named(early, "programmes"))[0] == pd.Timestamp("2016-01-01")  # PLAN ends 31 Dec 2015


def test_span_rows_are_programmes_then_missions(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    assert list(fig.layout.yaxis.ticktext) == ["Northern Forum", "Training Partnership", "Planning Process", "SSF", "OSR"]
    assert list(fig.layout.yaxis.tickvals) == [0, 1, 2, 3, 4]
    assert list(fig.layout.yaxis.range) == [4.5, -0.5]  # first row on top


def test_cycles_are_labelled_segments_in_their_programme_row(freedonia, frames):
    cycles = trace_named(draw_timeline(freedonia, frames), "cycles")
    assert list(cycles.y) == [1, 1]
    assert list(cycles.text) == ["Cycle 1", "Cycle 2"]
    assert [pd.Timestamp(b) for b in cycles.base] == [pd.Timestamp("2001-01-01"), pd.Timestamp("2006-01-01")]
    assert bar_ends(cycles) == [pd.Timestamp("2006-01-01"), pd.Timestamp("2011-01-01")]
    assert list(cycles.marker.color) == ["#E69F00", "#E69F00"]
    assert "2001 – 2005" in cycles.hovertext[0]


def test_mission_bars_take_lead_type_colours_and_participation_dates(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    league, coalition = trace_named(fig, "League-led"), trace_named(fig, "Coalition")
    assert (league.marker.color, coalition.marker.color) == ("#0072B2", "#D55E00")
    assert (list(league.y), list(coalition.y)) == ([3], [4])
    assert pd.Timestamp(league.base[0]) == pd.Timestamp("2000-02-01")
    assert bar_ends(league) == [pd.Timestamp("2004-06-01")]
    assert "February 2000 – 31 May 2004" in league.hovertext[0]
    assert "Sylvania Stabilisation Force" in league.hovertext[0] and "League-led" in league.hovertext[0]


def test_spans_stay_solid_when_a_milestone_is_selected(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    spans = [t for t in fig.data if t.yaxis == "y" and t.x is not None and list(t.x) != [None]]
    assert len(spans) == 5  # programmes, cycles, ongoing arrows, two lead types
    assert all(t.unselected.marker.opacity == 1 for t in spans)
    assert all(t.unselected.marker.opacity is None for t in milestone_traces(fig))  # plotly dims these


def test_span_hover_shows_name_dates_label_and_status(freedonia, frames):
    hover = trace_named(draw_timeline(freedonia, frames), "programmes").hovertext
    assert "Northern Forum" in hover[0] and "since June 1995" in hover[0] and "active" in hover[0]
    assert "March 2004 – 2015" in hover[2] and "2004-03-01" not in hover[2]


def test_span_bars_are_made_once_per_set_of_rows_and_each_caller_gets_its_own_copy(freedonia, frames, monkeypatch):
    made = []
    real = timeline._span_traces
    monkeypatch.setattr(timeline, "_span_traces", lambda *args: made.append(args) or real(*args))
    fresh = pd.Timestamp("2031-01-01")  # an end no other test draws to, so nothing is kept for it yet
    first, _ = timeline.span_traces(freedonia, frames.programmes, frames.cycles, frames.missions, fresh, ongoing_label="ongoing")
    first[0]["hovertext"][0] = "scribbled on by a caller"
    again, labels = timeline.span_traces(freedonia, frames.programmes, frames.cycles, frames.missions, fresh, ongoing_label="ongoing")
    assert len(made) == 1  # the second call made nothing
    assert "Northern Forum" in again[0]["hovertext"][0]  # and the first caller's edit did not reach it
    assert labels == ["Northern Forum", "Training Partnership", "Planning Process", "SSF", "OSR"]
    fewer, _ = timeline.span_traces(freedonia, frames.programmes.head(1), frames.cycles.head(0), None, fresh, ongoing_label="ongoing")
    assert len(made) == 2 and len(fewer[0]["y"]) == 1  # other rows are other bars
    with i18n.language("ru"):
        russian, _ = timeline.span_traces(freedonia, frames.programmes, frames.cycles, frames.missions, fresh, ongoing_label="ongoing")
    assert len(made) == 3 and russian[0]["hovertext"][0] != again[0]["hovertext"][0]  # kept per language


# --------------------------------------------------------------------------------------------
# timeline_figure: milestones
# --------------------------------------------------------------------------------------------


def test_milestones_sit_in_category_lanes_at_their_dates(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    assert list(fig.layout.yaxis2.ticktext) == ["Accession", "Mission", "Visit"]
    points = by_id(fig)
    assert len(milestone_points(fig)) == 6
    expected = {
        "forum-joined": ("1995-06-01", 0),
        "training-starts": ("2001-01-01", 0),
        "syl-deploys": ("2000-02-10", 1),
        "osr-deploys": ("2003-08-15", 1),
        "chief-visits": ("2004-11-04", 2),
        "info-centre": ("2006-01-01", 2),
    }
    for mid, (date, lane) in expected.items():
        assert points[mid]["x"] == pd.Timestamp(date), mid
        assert round(points[mid]["y"]) == lane and abs(points[mid]["y"] - lane) < 0.4, mid
    assert all(p["trace"].yaxis == "y2" for p in milestone_points(fig))


def test_programme_lanes_repeat_shared_milestones_and_gather_the_rest(freedonia, frames):
    fig = draw_timeline(freedonia, frames, lanes="programme", other_label="Elsewhere")
    assert list(fig.layout.yaxis2.ticktext) == ["Northern Forum", "Training Partnership", "Planning Process", "Elsewhere"]
    lanes: dict[str, list[int]] = {}
    for p in milestone_points(fig):
        lanes.setdefault(p["id"], []).append(round(p["y"]))
    assert {mid: sorted(rows) for mid, rows in lanes.items()} == {
        "forum-joined": [0],
        "chief-visits": [0, 2],
        "training-starts": [1],
        "syl-deploys": [3],
        "osr-deploys": [3],
        "info-centre": [3],
    }


def test_unknown_lane_mode_is_refused(freedonia, frames):
    with pytest.raises(ValueError, match="lanes"):
        draw_timeline(freedonia, frames, lanes="mission")


def test_close_milestones_in_one_lane_do_not_overlap(freedonia, frames):
    twins = pd.concat([frames.milestones.iloc[[0]], frames.milestones.iloc[[0]].assign(id="twin")], ignore_index=True)
    fig = timeline.timeline_figure(freedonia, twins, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    ys = sorted(p["y"] for p in milestone_points(fig))
    assert len(ys) == 2 and ys[0] != ys[1] and all(round(y) == 0 for y in ys)


def test_marker_colour_is_the_first_programme_colour_or_neutral_grey(freedonia, frames):
    points = by_id(draw_timeline(freedonia, frames))
    assert points["chief-visits"]["colour"] == "#0072B2"  # FORUM;PLAN -> FORUM
    assert points["training-starts"]["colour"] == "#E69F00"
    assert points["syl-deploys"]["colour"] == style.NEUTRAL_COLOUR


def test_marker_symbol_follows_confidence(freedonia, frames):
    points = by_id(draw_timeline(freedonia, frames))
    symbols = {mid: p["symbol"] for mid, p in points.items()}
    assert symbols == {
        "forum-joined": "circle",
        "syl-deploys": "circle",
        "osr-deploys": "circle",
        "chief-visits": "circle",
        "training-starts": "circle-open",
        "info-centre": "diamond-open",
    }
    assert points["training-starts"]["trace"].marker.line.width >= 2  # open markers need a thick line


def test_legend_has_lead_types_then_one_key_per_confidence_level(freedonia, frames):
    assert legend_names(draw_timeline(freedonia, frames)) == [
        "League-led",
        "Coalition",
        "Confirmed",
        "Approximate",
        "Unconfirmed",
        "ongoing",
    ]


def test_milestone_hover_uses_date_labels_programme_names_and_confidence_labels(freedonia, frames):
    points = by_id(draw_timeline(freedonia, frames))
    chief = points["chief-visits"]["hover"]
    assert "4–5 November 2004" in chief and "2004-11-04" not in chief
    assert "League chief visits Marxville" in chief and "Northern Forum, Planning Process" in chief and "Confirmed" in chief
    assert "June 1995" in points["forum-joined"]["hover"] and "1995-06-01" not in points["forum-joined"]["hover"]
    assert "Approximate" in points["training-starts"]["hover"]


def test_customdata_starts_with_the_milestone_id(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    ids = [p["id"] for p in milestone_points(fig)]
    assert sorted(ids) == sorted(frames.milestones["id"])
    for trace in milestone_traces(fig):
        assert len(trace.customdata) == len(trace.x)


def test_hostile_milestone_title_is_escaped(freedonia, frames):
    hostile = frames.milestones.copy()
    hostile.loc[hostile["id"] == "chief-visits", "title"] = HOSTILE
    fig = timeline.timeline_figure(freedonia, hostile, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    hover = by_id(fig)["chief-visits"]["hover"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in hover
    assert "<img" not in fig.to_json()


def test_empty_inputs_give_a_note_not_an_error(freedonia, frames):
    none = [frame.iloc[0:0] for frame in (frames.milestones, frames.programmes, frames.cycles, frames.missions)]
    fig = timeline.timeline_figure(freedonia, *none, today=TODAY)
    assert [a.text for a in fig.layout.annotations] == ["No milestones match these filters"]
    assert not milestone_traces(fig)
    fig.to_json()
    custom = timeline.timeline_figure(freedonia, none[0], frames.programmes, frames.cycles, frames.missions, empty_text="Nothing here")
    assert [a.text for a in custom.layout.annotations] == ["Nothing here"]
    assert custom.layout.annotations[0].yref == "y2 domain"  # in the milestones panel, under the spans
    assert trace_named(custom, "programmes").y is not None


def test_webgl_is_used_above_the_threshold_only(freedonia, frames):
    def repeated(n):
        rows = frames.milestones.iloc[[i % len(frames.milestones) for i in range(n)]].reset_index(drop=True)
        return rows.assign(id=[f"m{i}" for i in range(n)])

    at = timeline.timeline_figure(
        freedonia, repeated(style.WEBGL_THRESHOLD), frames.programmes, frames.cycles, frames.missions, today=TODAY
    )
    above = timeline.timeline_figure(
        freedonia, repeated(style.WEBGL_THRESHOLD + 1), frames.programmes, frames.cycles, frames.missions, today=TODAY
    )
    assert {type(t) for t in milestone_traces(at)} == {go.Scatter}
    assert {type(t) for t in milestone_traces(above)} == {go.Scattergl}
    assert sum(len(t.x) for t in milestone_traces(above)) == style.WEBGL_THRESHOLD + 1


# --------------------------------------------------------------------------------------------
# milestone_id_from_selection
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([{"curve_number": 5, "point_index": 0, "customdata": ["chief-visits"]}], "chief-visits"),
        ([{"curve_number": 5, "point_index": 0, "customdata": ["chief-visits", "Visit"]}], "chief-visits"),
        ([{"curve_number": 0, "point_index": 2}, {"curve_number": 5, "point_index": 1, "customdata": ["osr-deploys"]}], "osr-deploys"),
        ([{"curve_number": 5, "point_index": 0, "customdata": "info-centre"}], "info-centre"),
        ([{"curve_number": 0, "point_index": 0, "customdata": []}], None),
        ([], None),
        (None, None),
    ],
)
def test_milestone_id_from_selection(points, expected):
    assert timeline.milestone_id_from_selection(points) == expected


def test_selection_of_a_real_point_maps_back_to_its_row(freedonia, frames):
    fig = draw_timeline(freedonia, frames)
    curve = fig.data.index(milestone_traces(fig)[0])
    point = {"curve_number": curve, "point_index": 1, "customdata": list(fig.data[curve].customdata[1])}
    mid = timeline.milestone_id_from_selection([point])
    assert frames.milestones.set_index("id").loc[mid, "date"] == pd.Timestamp(fig.data[curve].x[1])


# --------------------------------------------------------------------------------------------
# year_strip_figure
# --------------------------------------------------------------------------------------------


def test_year_strip_stacks_counts_per_year_by_category(freedonia, frames):
    fig = charts.year_strip_figure(freedonia, frames.milestones)
    assert fig.layout.barmode == "stack" and fig.layout.height == 220
    assert [t.name for t in fig.data] == ["Accession", "Mission", "Visit"]
    accession = fig.data[0]
    assert list(accession.x) == list(range(1995, 2007))
    assert dict(zip(accession.x, accession.y, strict=True)) == {year: int(year in (1995, 2001)) for year in range(1995, 2007)}
    assert sum(sum(t.y) for t in fig.data) == len(frames.milestones)
    assert [t.marker.color for t in fig.data] == list(style.CATEGORY_COLOURS[:3])


@pytest.mark.parametrize(("largest", "step", "top"), [(1, 1, 1), (4, 1, 4), (9, 3, 9), (11, 3, 12), (12, 3, 12), (13, 4, 16)])
def test_count_axes_end_on_a_labelled_gridline_at_or_above_the_tallest_bar(largest, step, top):
    axis = style.count_axis(largest)
    assert axis["dtick"] == step and axis["range"] == [0, top]
    assert top >= largest and top % step == 0


def _relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a '#rrggbb' colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    darker, lighter = sorted((_relative_luminance(a), _relative_luminance(b)))
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_measure_matches_wcag_examples():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21)
    assert _contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_every_category_colour_stands_out_from_the_white_page(freedonia, frames):
    """WCAG 1.4.11 asks 3:1 for the parts of a chart a reader needs. The palette's light greys and
    blue (#d9d9d9 at 1.4:1, #a9cce3 at 1.7:1) washed out on a projector; stacked neighbours are
    kept apart by a white line, not by one of them being pale."""
    assert all(_contrast(colour, "#ffffff") >= 3 for colour in style.CATEGORY_COLOURS)
    assert len(set(style.CATEGORY_COLOURS)) == len(style.CATEGORY_COLOURS)
    for trace in charts.year_strip_figure(freedonia, frames.milestones).data:
        assert trace.marker.line.color == "#ffffff" and trace.marker.line.width >= 1


def test_year_strip_colours_follow_the_category_order_not_the_filter(freedonia, frames):
    visits = frames.milestones[frames.milestones["category"] == "visit"]
    (trace,) = charts.year_strip_figure(freedonia, visits).data
    assert trace.name == "Visit" and trace.marker.color == style.CATEGORY_COLOURS[2]


def test_year_strip_hatches_categories_past_the_palette_over_their_colour(freedonia, frames, monkeypatch):
    """Past the palette's length a category is told apart by hatching. plotly's default pattern
    mode draws the hatching alone (white lines on nothing), and such a category vanished from the
    chart and its legend; the hatching now lies over the category's colour."""
    monkeypatch.setattr(charts, "CATEGORY_COLOURS", ("#08306b",))
    fig = charts.year_strip_figure(freedonia, frames.milestones)
    hatched = [t for t in fig.data if t.marker.pattern.shape]
    assert [t.name for t in hatched] == ["Mission", "Visit"]  # the 2nd and 3rd categories, with one colour
    for trace in hatched:
        assert trace.marker.color == "#08306b" and trace.marker.pattern.fillmode == "overlay"


def test_year_strip_on_a_narrow_screen_puts_the_legend_below_and_grows_by_it(freedonia, frames):
    wide = charts.year_strip_figure(freedonia, frames.milestones)
    narrow = charts.year_strip_figure(freedonia, frames.milestones, narrow=True)
    assert wide.layout.legend.orientation == "h" and wide.layout.legend.yanchor == "bottom"  # above the bars
    legend = narrow.layout.legend
    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == ("v", "container", 0, "bottom")
    legend_px = 3 * style.LEGEND_ROW_PX + style.LEGEND_GAP_PX  # three categories, one a line
    assert narrow.layout.height == wide.layout.height + legend_px
    assert narrow.layout.margin.b >= legend_px  # the bars keep the height they have on a wide screen
    assert [t.name for t in narrow.data] == [t.name for t in wide.data]


def test_personnel_on_a_narrow_screen_puts_the_legend_below(freedonia, frames):
    wide = charts.personnel_figure(freedonia, frames.deployments, frames.missions)
    narrow = charts.personnel_figure(freedonia, frames.deployments, frames.missions, narrow=True)
    entries = [t.name for t in narrow.data if t.showlegend is not False and t.name]
    assert entries and narrow.layout.legend.yref == "container" and narrow.layout.legend.orientation == "v"
    assert narrow.layout.height == wide.layout.height + len(entries) * style.LEGEND_ROW_PX + style.LEGEND_GAP_PX


def test_year_strip_empty(freedonia, frames):
    fig = charts.year_strip_figure(freedonia, frames.milestones.iloc[0:0])
    assert not fig.data and [a.text for a in fig.layout.annotations] == ["No milestones match these filters"]


# --------------------------------------------------------------------------------------------
# personnel_figure
# --------------------------------------------------------------------------------------------


def test_personnel_lines_leave_gaps_where_there_is_no_figure(freedonia, frames):
    fig = charts.personnel_figure(freedonia, frames.deployments, frames.missions)
    ssf = trace_named(fig, "SSF")
    assert list(ssf.x) == [2000, 2001, 2002] and list(ssf.y) == [30, None, 34]
    assert ssf.connectgaps is False and ssf.mode == "lines+markers"
    assert "no figure found" in ssf.hovertext[1] and "No figure found for this year." in ssf.hovertext[1]
    assert list(trace_named(fig, "OSR").y) == [150, 151]
    assert fig.layout.yaxis.title.text == "Personnel"


def test_personnel_year_without_a_row_is_a_gap_too(freedonia, frames):
    no_2001 = frames.deployments[~((frames.deployments["mission"] == "SYL") & (frames.deployments["year"] == 2001))]
    ssf = trace_named(charts.personnel_figure(freedonia, no_2001, frames.missions), "SSF")
    assert list(ssf.x) == [2000, 2001, 2002] and list(ssf.y) == [30, None, 34]


def test_approximate_figures_have_open_markers_and_say_so(freedonia, frames):
    fig = charts.personnel_figure(freedonia, frames.deployments, frames.missions)
    ssf = trace_named(fig, "SSF")
    assert list(ssf.marker.symbol) == ["circle", "circle", "circle-open"]
    assert "Approximate" in ssf.hovertext[2] and "30 or 34 by source." in ssf.hovertext[2]
    assert legend_names(fig) == ["SSF", "OSR", "Confirmed", "Approximate"]


def test_personnel_colours_by_lead_type_and_dashes_missions_that_share_one(freedonia, frames):
    fig = charts.personnel_figure(freedonia, frames.deployments, frames.missions)
    assert (trace_named(fig, "SSF").line.color, trace_named(fig, "OSR").line.color) == ("#0072B2", "#D55E00")
    same_lead = frames.missions.assign(lead_type="league")
    fig = charts.personnel_figure(freedonia, frames.deployments, same_lead)
    ssf, osr = trace_named(fig, "SSF"), trace_named(fig, "OSR")
    assert ssf.line.color == osr.line.color == "#0072B2"
    assert ssf.line.dash != osr.line.dash


def test_personnel_note_is_escaped_and_cut(freedonia, frames):
    long_note = HOSTILE + " " + "word " * 100
    deployments = frames.deployments.assign(note=long_note)
    fig = charts.personnel_figure(freedonia, deployments, frames.missions)
    hover = trace_named(fig, "SSF").hovertext[0]
    assert "&lt;img" in hover and "<img" not in hover and "…" in hover
    assert len(hover.replace("<br>", " ")) < 400


def test_personnel_empty(freedonia, frames):
    fig = charts.personnel_figure(freedonia, frames.deployments.iloc[0:0], frames.missions)
    assert not fig.data and [a.text for a in fig.layout.annotations] == ["No deployment figures match these filters"]


# --------------------------------------------------------------------------------------------
# programme_matrix_figure and programme_spans_figure
# --------------------------------------------------------------------------------------------


def matrix_cells(fig) -> set[tuple[str, str, str]]:
    (trace,) = fig.data
    rows, columns = fig.layout.yaxis.ticktext, fig.layout.xaxis.ticktext
    return {(rows[y], columns[x], colour) for x, y, colour in zip(trace.x, trace.y, trace.marker.color, strict=True)}


def test_matrix_cells_match_focus_areas_in_programme_colours(freedonia, frames):
    fig = charts.programme_matrix_figure(freedonia, frames.programmes)
    assert list(fig.layout.xaxis.ticktext) == ["Political dialogue", "Training", "Peace-support operations"]
    assert matrix_cells(fig) == {
        ("Northern Forum", "Political dialogue", "#0072B2"),
        ("Training Partnership", "Training", "#E69F00"),
        ("Training Partnership", "Peace-support operations", "#E69F00"),
        ("Planning Process", "Training", "#009E73"),
    }
    assert fig.data[0].marker.symbol == "square"
    assert "Training Partnership — Peace-support operations" in fig.data[0].hovertext


def test_matrix_shows_only_the_focus_areas_in_use_and_grows_with_rows(freedonia, frames):
    one = charts.programme_matrix_figure(freedonia, frames.programmes[frames.programmes["code"] == "PLAN"])
    assert list(one.layout.xaxis.ticktext) == ["Training"]
    assert one.layout.height < charts.programme_matrix_figure(freedonia, frames.programmes).layout.height


def test_programme_spans_mark_ongoing_programmes(freedonia, frames):
    fig = charts.programme_spans_figure(freedonia, frames.programmes, frames.cycles, today=TODAY)
    bars = trace_named(fig, "programmes")
    assert bar_ends(bars)[0] == TODAY + pd.Timedelta(days=1)
    arrows = [t for t in fig.data if t.name == "ongoing" and t.showlegend is False]
    assert len(arrows) == 1 and list(arrows[0].y) == [0] and pd.Timestamp(arrows[0].x[0]) == TODAY
    assert legend_names(fig) == ["ongoing"]
    assert list(trace_named(fig, "cycles").text) == ["Cycle 1", "Cycle 2"]
    assert "Training programme" in bars.hovertext[1] and "2001 – 31 December 2010" in bars.hovertext[1]
    assert "superseded" in bars.hovertext[2]


def test_programme_empty_figures(freedonia, frames):
    assert [a.text for a in charts.programme_matrix_figure(freedonia, frames.programmes.iloc[0:0]).layout.annotations] == [
        "No programmes match these filters"
    ]
    spans = charts.programme_spans_figure(freedonia, frames.programmes.iloc[0:0], frames.cycles.iloc[0:0], today=TODAY)
    assert not spans.data and len(spans.layout.annotations) == 1


# --------------------------------------------------------------------------------------------
# map_country_values
# --------------------------------------------------------------------------------------------


def test_map_values_per_country(frames):
    values = geo.map_country_values(frames.missions, frames.deployments)
    assert values.to_dict("records") == [
        {"iso3": "SYL", "country_name": "Sylvania", "missions": "SSF", "peak_personnel": 34.0, "lead_labels": "League-led"},
        {"iso3": "OSR", "country_name": "Osterlich", "missions": "OSR", "peak_personnel": 151.0, "lead_labels": "Coalition"},
    ]


def test_map_peak_adds_missions_in_one_country_in_the_same_year(frames):
    one_country = frames.missions.assign(country="SYL", country_name="Sylvania")
    overlapping = frames.deployments.assign(year=frames.deployments["year"].where(frames.deployments["mission"] != "OSR", 2002))
    overlapping = overlapping.drop_duplicates(["mission", "year"])  # OSR keeps 150 in 2002
    (row,) = geo.map_country_values(one_country, overlapping).to_dict("records")
    assert row["missions"] == "SSF; OSR" and row["peak_personnel"] == 34.0 + 150.0
    assert row["lead_labels"] == "League-led; Coalition"


def test_map_peak_is_nan_without_figures(frames):
    values = geo.map_country_values(frames.missions, frames.deployments.iloc[0:0])
    assert values["peak_personnel"].isna().all() and len(values) == 2
    empty = geo.map_country_values(frames.missions.iloc[0:0], frames.deployments)
    assert list(empty.columns) == ["iso3", "country_name", "missions", "peak_personnel", "lead_labels"] and empty.empty


# --------------------------------------------------------------------------------------------
# Every builder
# --------------------------------------------------------------------------------------------


def every_figure(dataset, f):
    return {
        "timeline": timeline.timeline_figure(dataset, f.milestones, f.programmes, f.cycles, f.missions, today=TODAY),
        "timeline by programme": timeline.timeline_figure(
            dataset, f.milestones, f.programmes, f.cycles, f.missions, "programme", today=TODAY
        ),
        "year strip": charts.year_strip_figure(dataset, f.milestones),
        "personnel": charts.personnel_figure(dataset, f.deployments, f.missions),
        "matrix": charts.programme_matrix_figure(dataset, f.programmes),
        "spans": charts.programme_spans_figure(dataset, f.programmes, f.cycles, today=TODAY),
    }


def test_builders_do_not_change_their_inputs(freedonia, frames):
    before = {name: frame.copy(deep=True) for name, frame in vars(frames).items()}
    dataset_before = {
        name: getattr(freedonia, name).copy(deep=True) for name in ("milestones", "programmes", "cycles", "missions", "deployments")
    }
    every_figure(freedonia, frames)
    geo.map_country_values(frames.missions, frames.deployments)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(frames, name), frame)
    for name, frame in dataset_before.items():
        pd.testing.assert_frame_equal(getattr(freedonia, name), frame)


def test_hostile_names_from_the_data_are_escaped_everywhere(freedonia, frames):
    programmes = frames.programmes.assign(name=HOSTILE, dates_label=HOSTILE, type=HOSTILE)
    missions = frames.missions.assign(short_name=HOSTILE, name=HOSTILE)
    cycles = frames.cycles.assign(label=HOSTILE)
    milestones = frames.milestones.assign(title=HOSTILE)
    hostile_dataset = dataclasses.replace(freedonia, programmes=freedonia.programmes.assign(name=HOSTILE))
    f = SimpleNamespace(milestones=milestones, programmes=programmes, cycles=cycles, missions=missions, deployments=frames.deployments)
    for name, fig in every_figure(hostile_dataset, f).items():
        text = fig.to_json()
        assert "<img" not in text, name
    assert "&lt;img" in every_figure(hostile_dataset, f)["timeline by programme"].layout.yaxis2.ticktext[0]


def test_figures_share_one_sober_style(freedonia, frames):
    for name, fig in every_figure(freedonia, frames).items():
        layout = fig.layout
        assert layout.font.size == 15 and layout.plot_bgcolor == layout.paper_bgcolor == "white", name
        assert layout.font.family == style.FONT_FAMILY, name
        # above the plot; the timeline's in one column, so that its height is known in advance
        assert layout.legend.orientation == ("v" if name.startswith("timeline") else "h") and layout.legend.yanchor == "bottom", name
        assert layout.title.text is None, name
        assert isinstance(layout.height, int) and 150 <= layout.height <= 2000, name
        assert layout.yaxis.showgrid is False or layout.yaxis.gridcolor == style.GRID_COLOUR, name


def test_plotly_config_keeps_png_export_and_drops_selection_tools():
    config = style.PLOTLY_CONFIG
    assert config["displaylogo"] is False and config["responsive"] is True
    assert config["toImageButtonOptions"] == {"format": "png", "scale": 2}
    assert {"lasso2d", "select2d"} <= set(config["modeBarButtonsToRemove"])


def test_charts_module_imports_no_streamlit_and_opens_nothing():
    tree = ast.parse(inspect.getsource(charts))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "collections", "functools", "hashlib", "html", "textwrap", "numpy", "pandas", "plotly", "dashboard"}
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert "open" not in called


def test_superseded_programme_without_end_is_not_drawn_as_ongoing(freedonia):
    """A programme that ended at an unknown date runs solid to its last evidence, then a pale tail;
    only active programmes get the 'ongoing' arrow."""
    programmes = freedonia.programmes.copy()
    train = programmes["code"] == "TRAIN"
    programmes.loc[train, "span_end"] = pd.NaT
    programmes.loc[train, "status"] = "superseded"
    today = pd.Timestamp("2026-01-01")
    fig = timeline.timeline_figure(
        freedonia, freedonia.milestones.iloc[:0], programmes, freedonia.cycles, freedonia.missions.iloc[:0], today=today
    )
    bars = next(t for t in fig.data if t.name == "programmes")
    row = programmes.index[train][0]
    end = pd.Timestamp(bars.base[row]) + pd.Timedelta(milliseconds=bars.x[row])
    assert end == pd.Timestamp("2011-01-01")  # through 31 December 2010, the end of its last cycle
    tail = next(t for t in fig.data if t.name == "end date not known" and t.base is not None)
    assert [pd.Timestamp(b) for b in tail.base] == [pd.Timestamp("2011-01-01")]
    arrows = [t for t in fig.data if t.name == "ongoing" and t.x and t.x[0] is not None]
    assert all(y != row for t in arrows for y in t.y)
    assert timeline.known_until(freedonia, programmes).loc[programmes.index[train][0]] == pd.Timestamp("2010-12-31")


# --------------------------------------------------------------------------------------------
# Many milestones: binned markers
# --------------------------------------------------------------------------------------------


def spread(frames, n):
    """n milestones made from the fixture's, one every ten days from 1995 on."""
    rows = frames.milestones.iloc[[i % len(frames.milestones) for i in range(n)]].reset_index(drop=True)
    dates = pd.Timestamp("1995-01-01") + pd.to_timedelta([10 * i % 10_950 for i in range(n)], unit="D")
    return rows.assign(id=[f"m{i}" for i in range(n)], date=dates.astype("datetime64[us]"), year=dates.year.astype("int64"))


def test_past_the_point_limit_milestones_are_binned_into_fewer_markers(freedonia, frames):
    many = spread(frames, style.MAX_MILESTONE_POINTS + 1)
    fig = timeline.timeline_figure(freedonia, many, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    markers = sum(len(t.x) for t in milestone_traces(fig))
    assert 0 < markers <= style.MAX_MILESTONE_POINTS
    assert any(t.name.startswith("marker size: milestones per") for t in fig.data)
    totals = [
        int(text.split(" milestones")[0].removeprefix("<b>").replace(",", "")) if " milestones</b>" in text else 1
        for t in milestone_traces(fig)
        for text in t.hovertext
    ]
    assert sum(totals) == len(many)


def test_at_the_point_limit_every_milestone_is_its_own_marker(freedonia, frames):
    many = spread(frames, style.MAX_MILESTONE_POINTS)
    fig = timeline.timeline_figure(freedonia, many, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    assert sum(len(t.x) for t in milestone_traces(fig)) == style.MAX_MILESTONE_POINTS


def test_bins_count_milestones_per_lane_period_and_confidence(freedonia, frames):
    rows, _ = timeline._lane_rows(freedonia, spread(frames, 400), frames.programmes, "category", "Other")
    bins = timeline.milestone_bins(freedonia, rows, "year")
    assert bins["count"].sum() == len(rows)
    assert not bins.duplicated(["lane", "start", "confidence"]).any()
    first = bins.iloc[0]
    members = rows[
        (rows["lane"] == first["lane"])
        & (rows["date"].dt.year == 1970 + first["start"] // 12)
        & (rows["confidence"] == first["confidence"])
    ]
    assert first["count"] == len(members) and first["id"] == members["id"].iloc[0]
    colours = members["programmes"].map(
        lambda codes: freedonia.programme_colours.get(codes[0], style.NEUTRAL_COLOUR) if codes else style.NEUTRAL_COLOUR
    )
    assert first["colour"] == colours.value_counts().index[0]


def test_a_marker_of_one_milestone_can_still_be_picked_and_one_of_many_cannot(freedonia, frames):
    many = spread(frames, style.MAX_MILESTONE_POINTS + 1)
    lone = many.iloc[[0]].assign(id="lonely", date=pd.Timestamp("2030-06-15"), year=2030, confidence="unconfirmed")
    fig = timeline.timeline_figure(
        freedonia, pd.concat([many, lone], ignore_index=True), frames.programmes, frames.cycles, frames.missions, today=TODAY
    )
    picks = [(c[0], text) for t in milestone_traces(fig) for c, text in zip(t.customdata, t.hovertext, strict=True)]
    assert "lonely" in [pick for pick, _ in picks]
    assert all(pick == "" for pick, text in picks if " milestones</b>" in text)
    assert timeline.milestone_id_from_selection([{"customdata": [""]}]) is None


def test_bin_width_grows_until_the_markers_fit(freedonia, frames):
    rows, _ = timeline._lane_rows(freedonia, spread(frames, 3000), frames.programmes, "programme", "Other")
    assert timeline.bin_size(rows, limit=10_000) == "month"
    widths = list(timeline.BIN_MONTHS)
    assert widths.index(timeline.bin_size(rows, limit=200)) > widths.index("month")
    assert timeline.bin_size(rows, limit=1) == "10 years"


def test_binned_timeline_of_100000_milestones_sends_under_2_mb(freedonia, frames):
    many = spread(frames, 100_000)
    for lanes in ("category", "programme"):
        fig = timeline.timeline_figure(freedonia, many, frames.programmes, frames.cycles, frames.missions, lanes=lanes, today=TODAY)
        assert len(fig.to_json()) < 2_000_000


def test_last_evidence_is_worked_out_once_per_dataset(freedonia, frames):
    first = timeline.known_until(freedonia, frames.programmes)
    memo = vars(freedonia)["latest_evidence"]  # a cached property of the Dataset
    assert timeline.known_until(freedonia, frames.programmes).equals(first)
    assert vars(freedonia)["latest_evidence"] is memo


def test_timeline_axis_follows_the_chosen_years(freedonia):
    f = Filters(year_from=2000, year_to=2004)
    programmes = filter_programmes(freedonia, f)
    fig = timeline.timeline_figure(
        freedonia,
        filter_milestones(freedonia, f),
        programmes,
        filter_cycles(freedonia, f, programmes),
        filter_missions(freedonia, f),
        year_range=(2000, 2004),
    )
    assert list(fig.layout.xaxis2.range) == ["1999-10-01", "2005-03-31"]
    assert (
        timeline.timeline_figure(
            freedonia, freedonia.milestones, freedonia.programmes, freedonia.cycles, freedonia.missions
        ).layout.xaxis2.range
        is None
    )


def test_timeline_axis_with_only_a_first_year_still_reaches_today(freedonia):
    today = pd.Timestamp("2026-11-21")
    fig = timeline.timeline_figure(
        freedonia, freedonia.milestones, freedonia.programmes, freedonia.cycles, freedonia.missions, year_range=(2000, None), today=today
    )
    assert list(fig.layout.xaxis2.range) == ["1999-10-01", "2027-03-31"]  # ongoing spans run to today, and stay visible


def test_label_widths_are_worked_out_in_the_charts_font():
    # Arial advance widths: 'Iraq (MNF-I)' is 278+333+556+556+278+333+833+722+611+333+278+333 = 5,444 thousandths of an em
    assert style.text_px("Iraq (MNF-I)", 10) == pytest.approx(54.44)
    assert style.text_px("&#x27;a&#x27;", 10) == style.text_px("'a'", 10)  # escaped labels are measured as shown
    assert style.text_px("Ə", 10) == 7.22  # letters outside the table count as wide ones


def test_timeline_margins_fit_its_longest_row_label_and_its_legend(freedonia, frames):
    fig = timeline.timeline_figure(freedonia, frames.milestones, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    labels = [*fig.layout.yaxis.ticktext, *fig.layout.yaxis2.ticktext]
    assert fig.layout.margin.l == round(max(style.text_px(label) for label in labels)) + style.TICK_LABEL_GAP_PX
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    assert fig.layout.margin.t == len(entries) * style.LEGEND_ROW_PX + style.LEGEND_GAP_PX
    assert fig.layout.yaxis.automargin and fig.layout.yaxis2.automargin  # still a safety net


# ---------------------------------------------------------------------------------------------
# settled: what the chart component gets (tests/browser/test_redraw.py checks plotly.js's side)
# ---------------------------------------------------------------------------------------------


def test_settled_figures_carry_no_template_and_a_revision_that_follows_the_data(freedonia, frames):
    for name, fig in every_figure(freedonia, frames).items():
        sent = json.loads(pio.to_json(style.settled(fig), validate=False))
        assert sent["layout"].get("template") is None, name  # absent, or null in an unvalidated figure
        revision = sent["layout"]["datarevision"]
        assert isinstance(revision, str) and len(revision) == 16, name
        again = every_figure(freedonia, frames)[name]
        assert style.settled(again).layout.datarevision == revision, f"{name}: same figure, same revision"
        assert style.settled(style.settled(again)).layout.datarevision == revision, f"{name}: settling twice changes nothing"
    some = Filters(year_to=2005)
    programmes = filter_programmes(freedonia, some)
    fewer = timeline.timeline_figure(
        freedonia,
        filter_milestones(freedonia, some),
        programmes,
        filter_cycles(freedonia, some, programmes),
        filter_missions(freedonia, some),
        today=TODAY,
    )
    assert style.settled(fewer).layout.datarevision != style.settled(draw_timeline(freedonia, frames)).layout.datarevision


def test_settled_gives_a_selectable_chart_the_click_modes_streamlit_would_set(freedonia, frames):
    fig = style.settled(draw_timeline(freedonia, frames), selectable=True)
    assert (fig.layout.clickmode, fig.layout.dragmode, fig.layout.hovermode) == ("event+select", "pan", "closest")
    plain = style.settled(draw_timeline(freedonia, frames))
    assert plain.layout.clickmode is None and plain.layout.dragmode is None
    own = draw_timeline(freedonia, frames)
    own.layout.dragmode = "zoom"
    assert style.settled(own, selectable=True).layout.dragmode == "zoom"  # a builder's own choice stays


def test_the_timeline_built_without_validation_is_what_validation_gives(freedonia, frames):
    """timeline_figure skips plotly's validation for speed; validating its output must neither
    raise nor change anything."""
    some = Filters(year_from=2000, confidence=("confirmed",))
    programmes = filter_programmes(freedonia, some)
    views = {
        "everything": draw_timeline(freedonia, frames),
        "by programme": draw_timeline(freedonia, frames, lanes="programme"),
        "narrowed": timeline.timeline_figure(
            freedonia,
            filter_milestones(freedonia, some),
            programmes,
            filter_cycles(freedonia, some, programmes),
            filter_missions(freedonia, some),
            today=TODAY,
            year_range=some.chosen_years(),
        ),
        "empty": timeline.timeline_figure(
            freedonia, frames.milestones.head(0), frames.programmes.head(0), frames.cycles.head(0), frames.missions.head(0), today=TODAY
        ),
        "binned": timeline.timeline_figure(
            freedonia, spread(frames, style.MAX_MILESTONE_POINTS + 1), frames.programmes, frames.cycles, frames.missions, today=TODAY
        ),
    }
    for name, fig in views.items():
        sent, validated = (json.loads(pio.to_json(f)) for f in (fig, go.Figure(fig.to_dict())))
        for spec in (sent, validated):
            spec["layout"].pop("template")  # plotly's default, dropped by style.settled either way
        assert validated == sent, name
    with pytest.raises(ValueError):
        go.Figure({"data": [{"type": "scatter", "colour": "red"}]})  # the check above would catch a wrong property name


def test_map_labels_read_on_any_fill_and_keep_clear_of_home(freedonia, frames):
    """Issue 14: no dark label on a dark fill (a white halo), personnel shaded in a colour no
    marker uses, and an empty map's note at the top, not over the home country."""
    world = geo.load_world()
    fig = geo.mission_map_figure(freedonia, frames.missions, frames.deployments, world)
    markers = [t for t in fig.data if t.type == "scattergeo"]
    assert markers and all(t.textfont.shadow for t in markers)
    shaded = [t for t in fig.data if t.type == "choropleth" and t.colorbar.title.text]
    lead_colours = {c.colour.lower() for c in freedonia.meta.lead_types if c.colour}
    assert shaded and not {c.lower() for _, c in shaded[0].colorscale} & lead_colours
    empty = geo.mission_map_figure(freedonia, frames.missions.iloc[0:0], frames.deployments.iloc[0:0], world)
    (note,) = empty.layout.annotations
    assert note.y > 0.9 and note.yanchor == "top"


def test_a_mission_just_south_of_home_is_labelled_below_its_marker(freedonia, frames):
    partner = freedonia.meta.partner
    near = frames.missions.assign(lat=partner.lat - 5, lon=partner.lon + 3).head(1)
    fig = geo.mission_map_figure(freedonia, near, frames.deployments, geo.load_world())
    (mission,) = [t for t in fig.data if t.type == "scattergeo" and t.marker.symbol != "star"]
    assert list(mission.textposition) == ["bottom center"]


def test_the_map_on_a_narrow_screen_drops_the_colour_bar_and_labels_and_breaks_long_legend_lines(freedonia, frames):
    fig = geo.mission_map_figure(freedonia, frames.missions, frames.deployments, geo.load_world())
    fig.data[-1].name = "UN-mandated; lead nations, then League-led, then a long tail"  # as long as the real lead types
    geo.for_narrow_screen(fig)
    assert fig.layout.height == 320
    assert all(t.showscale is False for t in fig.data if t.type == "choropleth")
    missions = [t for t in fig.data if t.type == "scattergeo" and t.marker.symbol != "star"]
    assert missions and all(t.mode == "markers" for t in missions)
    assert fig.data[-1].name == "UN-mandated; lead nations, then<br>League-led, then a long tail"
    assert all(len(line) <= geo.NARROW_LEGEND_CHARS for t in fig.data if t.name for line in t.name.split("<br>"))


def test_the_maps_outlines_are_arrays_in_memory_and_plain_coordinates_in_json(freedonia, frames):
    """Issue 12: each ring of the outlines is one numpy array, so the deep copies plotly and
    Streamlit make of a map figure on every rerun are cheap; the JSON sent is the same as with
    lists (GeoJSON coordinates, not plotly's base64 arrays)."""
    import numpy as np

    world = geo.load_world()
    geometry = world["features"][0]["geometry"]
    ring = geometry["coordinates"][0][0] if geometry["type"] == "MultiPolygon" else geometry["coordinates"][0]
    assert isinstance(ring, np.ndarray) and ring.shape[1] == 2
    fig = geo.mission_map_figure(freedonia, frames.missions, frames.deployments, world)
    sent = json.loads(pio.to_json(fig, validate=False))
    outlines = [t["geojson"] for t in sent["data"] if t["type"] == "choropleth"]
    first = outlines[0]["features"][0]["geometry"]
    coordinates = first["coordinates"][0][0] if first["type"] == "MultiPolygon" else first["coordinates"][0]
    assert isinstance(coordinates, list) and all(isinstance(p, list) and len(p) == 2 for p in coordinates)
    assert "bdata" not in json.dumps(outlines)


def test_plotly_dates_are_iso_strings_that_plotly_reads_as_the_same_dates():
    days = pd.Series(pd.to_datetime(["2004-05-19", None, "1992-03-01"]))
    assert style.plotly_dates(days) == ["2004-05-19", None, "1992-03-01"]
    assert style.plotly_dates([pd.Timestamp("2024-11-26 14:30")]) == ["2024-11-26T14:30:00"]  # a time is kept
    assert style.plotly_dates(pd.Series([], dtype="datetime64[us]")) == []


def test_the_timeline_sends_its_dates_as_strings(freedonia, frames):
    """Timestamps in a figure cost a deep copy by pickling and a JSON encoder call each, several
    times per rerun; strings cost neither (docs/PERFORMANCE.md, "Code choices")."""
    fig = timeline.timeline_figure(freedonia, frames.milestones, frames.programmes, frames.cycles, frames.missions, today=TODAY)
    for trace in fig.data:
        for field in ("x", "base"):
            values = getattr(trace, field, None)
            if values is not None and not isinstance(values, (int, float)):
                assert not any(isinstance(v, pd.Timestamp) for v in values), (trace.name, field)

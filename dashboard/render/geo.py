"""The missions map, drawn with no request leaving the machine.

plotly.js draws geo maps from outline files it fetches from a CDN unless told otherwise; with no
internet the map stays blank. We ship the outlines: countries (Natural Earth 1:110m, Kosovo
included) as GeoJSON embedded in the figure, and plotly's own base layer served by Streamlit from
dashboard/static (`MAP_CONFIG`), or inlined into standalone HTML (`geo_assets_script`).
"""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import _, pgettext
from dashboard.model import personnel
from dashboard.model.dataset import Dataset

GEO_DIR = Path(__file__).resolve().parent.parent / "static" / "geo"
WORLD_FILE = GEO_DIR / "countries-110m.geojson"
BASE_LAYER_FILE = GEO_DIR / "topojson" / "world_110m.json"
# Streamlit serves dashboard/static/ at /app/static/ (server.enableStaticServing).
MAP_CONFIG = {"topojsonURL": "/app/static/geo/topojson/"}
# Sequential purples: personnel is the only thing shaded, and no lead type's marker colour (blue,
# green, orange in the data) or the home country's amber means it too.
PERSONNEL_SCALE = [[0, "#E7E1EF"], [0.5, "#9E9AC8"], [1, "#3F007D"]]
# Labels carry a white halo, so they read on any fill, the darkest purple included.
LABEL_HALO = "0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff"
HOME_COLOUR = "#E69F00"
BACKGROUND = "#E3E5E8"


def load_world() -> dict:
    """The country outlines, each ring of coordinates a numpy array. A map figure carries its
    outlines three times (background, home, mission countries), and plotly and Streamlit copy a
    figure deeply four to six times per rerun; copying an array is one step, copying a ring as
    lists is one per number (about 60 % of the missions page's rerun). JSON writes both alike."""
    world = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    for feature in world["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        arrays = [[np.asarray(ring, dtype=float) for ring in polygon] for polygon in polygons]
        geometry["coordinates"] = arrays if geometry["type"] == "MultiPolygon" else arrays[0]
    return world


def geo_assets_script() -> str:
    """A <script> for standalone HTML: plotly's base layer inlined, so nothing is fetched."""
    return f'<script>window.PlotlyGeoAssets = {{topojson: {{"world_110m": {BASE_LAYER_FILE.read_text(encoding="utf-8")}}}}};</script>'


def _points(geometry: dict) -> np.ndarray:
    coords = geometry["coordinates"]
    rings = [ring for polygon in coords for ring in polygon] if geometry["type"] == "MultiPolygon" else coords
    return np.concatenate([np.asarray(ring, dtype=float) for ring in rings])


def view_box(lons, lats, padding: float = 6.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """(lon range, lat range) around the given points, padded and never narrower than 30°×20°."""
    lon_lo, lon_hi = min(lons) - padding, max(lons) + padding
    lat_lo, lat_hi = min(lats) - padding, max(lats) + padding
    if lon_hi - lon_lo < 30:
        mid = (lon_lo + lon_hi) / 2
        lon_lo, lon_hi = mid - 15, mid + 15
    # A map about twice as wide as it is tall fills a wide chart instead of a thin strip.
    min_lat_span = max(20.0, (lon_hi - lon_lo) * 0.5)
    if lat_hi - lat_lo < min_lat_span:
        mid = (lat_lo + lat_hi) / 2
        lat_lo, lat_hi = mid - min_lat_span / 2, mid + min_lat_span / 2
    return (max(lon_lo, -180), min(lon_hi, 180)), (max(lat_lo, -85), min(lat_hi, 85))


def countries_in_box(world: dict, lon_range, lat_range) -> dict:
    """Only the outlines that can be seen: keeps the figure small."""
    features = []
    for feature in world["features"]:
        pts = _points(feature["geometry"])
        if (
            pts[:, 0].max() >= lon_range[0]
            and pts[:, 0].min() <= lon_range[1]
            and pts[:, 1].max() >= lat_range[0]
            and pts[:, 1].min() <= lat_range[1]
        ):
            features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def _peak_line(peak) -> str:
    """'Peak personnel in view: 150', or that no source gives a figure."""
    return _("Peak personnel in view: {peak}").format(peak=int(peak) if pd.notna(peak) else _("no figure"))


def mission_map_figure(
    dataset: Dataset, missions: pd.DataFrame, deployments: pd.DataFrame, world: dict, empty_text: str | None = None
) -> go.Figure:
    """Missions on the map, shaded host countries, the partner's home; `empty_text` (in the
    reader's language by default) when no mission is shown."""
    empty_text = _("No missions in these years") if empty_text is None else empty_text
    partner = dataset.meta.partner
    lons = [partner.lon, *missions["lon"].tolist()]
    lats = [partner.lat, *missions["lat"].tolist()]
    lon_range, lat_range = view_box(lons, lats)
    visible = countries_in_box(world, lon_range, lat_range)
    codes = [f["properties"]["iso_a3"] for f in visible["features"]]
    names = {f["properties"]["iso_a3"]: f["properties"]["name"] for f in visible["features"]}
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=visible,
            featureidkey="properties.iso_a3",
            locations=codes,
            z=[0] * len(codes),
            colorscale=[[0, BACKGROUND], [1, BACKGROUND]],
            showscale=False,
            marker_line_color="white",
            marker_line_width=0.6,
            hoverinfo="skip",
            name="",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Choropleth(
            geojson=visible,
            featureidkey="properties.iso_a3",
            locations=[partner.iso3],
            z=[1],
            colorscale=[[0, HOME_COLOUR], [1, HOME_COLOUR]],
            showscale=False,
            marker_line_color="#7A5200",
            marker_line_width=1.2,
            name=html.escape(partner.name),
            # data text goes in as hovertext, never into a template, where plotly reads %{...}
            hovertext=[
                f"<b>{html.escape(partner.name)}</b><br>"
                + html.escape(_("Home country · capital {capital}").format(capital=partner.capital))
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    countries = map_country_values(missions, deployments)
    if len(countries):
        peaks = countries["peak_personnel"].astype(float)
        hover = [
            f"<b>{html.escape(str(row.country_name))}</b><br>"
            + html.escape(_("Missions: {missions}").format(missions=row.missions))
            + "<br>"
            + html.escape(_peak_line(row.peak_personnel))
            for row in countries.itertuples()
        ]
        fig.add_trace(
            go.Choropleth(
                geojson=visible,
                featureidkey="properties.iso_a3",
                locations=countries["iso3"].tolist(),
                z=peaks.fillna(0).tolist(),
                zmin=0,
                zmax=max(float(peaks.max()) if peaks.notna().any() else 1, 1),
                colorscale=PERSONNEL_SCALE,
                marker_line_color="#1A1F2B",
                marker_line_width=1.2,
                colorbar=dict(
                    # on two lines: plotly breaks a title only at <br>
                    title=dict(text=pgettext("map colour bar title; <br> breaks the line", "Peak<br>personnel")),
                    thickness=12,
                    len=0.6,
                    x=1.0,
                ),
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                name=html.escape(_("Mission countries")),
                showlegend=False,
            )
        )
    peaks_by_mission = personnel.peaks(deployments)
    placed = spread_colocated(missions)
    # A label above a mission just south of the home country would run into the capital's own
    # label: it goes below its marker instead.
    near_home = ((placed["lon"].astype(float) - partner.lon).abs() < 15) & (placed["lat"].astype(float) < partner.lat)
    placed.loc[near_home, "text_position"] = "bottom center"
    for lead_type, group in placed.groupby("lead_type", sort=False):
        lead = dataset.lead_types.get(lead_type)
        sizes = [
            12 + 18 * (peaks_by_mission.get(m, 0) / max(peaks_by_mission.max(), 1) if len(peaks_by_mission) else 0) for m in group["id"]
        ]
        hover = [
            "<br>".join(
                [
                    f"<b>{html.escape(r.name)}</b> ({html.escape(r.short_name)})",
                    html.escape(r.lead),
                    html.escape(_("{adjective} participation: {dates}").format(adjective=partner.adjective, dates=r.participation_dates)),
                    html.escape(_("Where: {place}").format(place=r.location_name)),
                    html.escape(_("Role: {role}").format(role=_clip(r.role))),
                    html.escape(_peak_line(peaks_by_mission[r.id] if r.id in peaks_by_mission.index else None)),
                ]
            )
            for r in group.itertuples()
        ]
        fig.add_trace(
            go.Scattergeo(
                lon=group["marker_lon"].tolist(),
                lat=group["lat"].tolist(),
                mode="markers+text",
                text=[html.escape(s) for s in group["short_name"]],
                textposition=group["text_position"].tolist(),
                textfont=dict(size=14, color="#1A1F2B", shadow=LABEL_HALO),
                marker=dict(
                    size=sizes, color=lead.colour if lead and lead.colour else "#555555", line=dict(color="white", width=1.5), opacity=0.95
                ),
                customdata=[[m, h] for m, h in zip(group["id"], hover)],
                hovertemplate="%{customdata[1]}<extra></extra>",
                name=html.escape(lead.label if lead else lead_type),
            )
        )
    fig.add_trace(
        go.Scattergeo(
            lon=[partner.lon],
            lat=[partner.lat],
            mode="markers+text",
            text=[html.escape(partner.capital)],
            textposition="bottom center",
            textfont=dict(size=13, color="#5C3D00", shadow=LABEL_HALO),
            marker=dict(symbol="star", size=14, color="#7A5200"),
            name=html.escape(_("{country} (home)").format(country=partner.name)),
            hovertext=[f"<b>{html.escape(partner.capital)}</b>, {html.escape(partner.name)}"],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_geos(
        projection_type="natural earth",
        lonaxis_range=list(lon_range),
        lataxis_range=list(lat_range),
        showframe=False,
        showcoastlines=False,
        showland=False,
        showcountries=False,
        showocean=True,
        oceancolor="#F4F7FA",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        height=560,
        margin=dict(l=0, r=0, t=10, b=10),
        font=dict(size=15),
        paper_bgcolor="white",
        # below the map, so that it never covers a country at presenter font sizes
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0.0),
        meta={"countries": names},
    )
    if missions.empty:  # at the top, on a white box: never over the home country in the middle
        fig.add_annotation(
            text=html.escape(empty_text),
            showarrow=False,
            x=0.5,
            y=0.97,
            xref="paper",
            yref="paper",
            yanchor="top",
            font=dict(size=18, color="#444444"),
            bgcolor="rgba(255,255,255,0.9)",
            borderpad=6,
        )
    return fig


NARROW_LEGEND_CHARS = 36  # a legend line that fits 390 px at 12 px type


def for_narrow_screen(fig: go.Figure) -> go.Figure:
    """The mission map laid out for a phone's width, in place: it fills the width, with no colour
    bar beside it, no place labels to collide (the legend names the markers), and legend lines
    broken where they would run off the screen."""
    fig.update_layout(height=320, legend=dict(font=dict(size=12)))
    fig.update_traces(showscale=False, selector=dict(type="choropleth"))
    fig.update_traces(mode="markers", selector=lambda t: t.type == "scattergeo" and t.marker.symbol != "star")
    for trace in fig.data:
        if trace.name and len(trace.name) > NARROW_LEGEND_CHARS and "<br>" not in trace.name:
            trace.name = "<br>".join(textwrap.wrap(trace.name, NARROW_LEGEND_CHARS, break_long_words=False, break_on_hyphens=False))
    return fig


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
        .groupby(["iso3", "year"])["personnel"]
        .sum(min_count=1)
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


def spread_colocated(missions: pd.DataFrame, step: float = 2.0) -> pd.DataFrame:
    """Missions at the same place (e.g. two successive missions at one airport) get their markers
    spread sideways and their labels above and below, so each stays visible and clickable."""
    frame = missions.copy()
    frame["marker_lon"] = frame["lon"].astype(float)
    frame["text_position"] = "top center"
    keys = list(zip(frame["lat"].round(0), frame["lon"].round(0)))
    groups: dict = {}
    for index, key in zip(frame.index, keys):
        groups.setdefault(key, []).append(index)
    for members in groups.values():
        for k, index in enumerate(members):
            frame.loc[index, "marker_lon"] = frame.loc[index, "lon"] + (k - (len(members) - 1) / 2) * step
            frame.loc[index, "text_position"] = "top center" if k % 2 == 0 else "bottom center"
    return frame


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mission_id_from_selection(points: list[dict]) -> str | None:
    """The mission a click on the map chose (markers carry [id, hover] as customdata)."""
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, (list, tuple)) and data and isinstance(data[0], str):
            return data[0]
    return None

"""Briefing slides and the offline briefing pack (pure: no Streamlit).

A slide is a view (timeline, map, personnel, programme matrix or spans, milestones per year, or
a single milestone) with its own filters and speaker notes. `slide_content` builds what a slide
shows; `deck_html` writes a whole deck as ONE self-contained HTML file: plotly.js and the map
outlines inlined, arrow-key navigation, nothing fetched from anywhere.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from dashboard import charts, geo, schema
from dashboard.data import Dataset
from dashboard.decks import slide_filters
from dashboard.filters import (
    Filters,
    cited_source_ids,
    filter_cycles,
    filter_deployments,
    filter_milestones,
    filter_missions,
    filter_programmes,
)
from dashboard.summary import matrix_sentence, milestones_sentence, missions_sentence, programmes_sentence
from dashboard.urlstate import describe_filters

VIEW_LABELS = {
    "timeline": "Timeline",
    "map": "Mission map",
    "personnel": "Personnel by year",
    "programme_matrix": "Programme focus areas",
    "programme_spans": "Programme spans",
    "year_strip": "Milestones per year",
    "milestone": "Milestone",
}
PRESENTER_FONT = 20


@dataclass(frozen=True)
class SlideContent:
    """What one slide shows: a figure (or a milestone row), a one-sentence summary, its sources."""

    figure: go.Figure | None
    milestone: pd.Series | None
    summary: str
    filters_text: str
    source_ids: tuple[str, ...]


def slide_content(dataset: Dataset, slide: schema.Slide, world: dict | None = None) -> SlideContent:
    filters = slide_filters(slide)
    milestones = filter_milestones(dataset, filters)
    programmes = filter_programmes(dataset, filters)
    missions = filter_missions(dataset, filters)
    deployments = filter_deployments(dataset, filters, missions)
    figure, milestone, summary = None, None, ""
    sources: set[str] = set()
    if slide.view == "milestone":
        rows = dataset.milestones[dataset.milestones["id"] == slide.milestone]
        if len(rows):
            milestone = rows.iloc[0]
            summary = f"{milestone['date_label']}: {milestone['title']}."
            sources = set(milestone["source_ids"])
    elif slide.view == "timeline":
        figure = charts.timeline_figure(
            dataset, milestones, programmes, filter_cycles(dataset, filters, programmes), missions, year_range=filters.chosen_years()
        )
        summary = milestones_sentence(dataset, filters, milestones)
        sources = cited_source_ids(milestones)
    elif slide.view == "year_strip":
        figure = charts.year_strip_figure(dataset, milestones)
        summary = milestones_sentence(dataset, filters, milestones)
        sources = cited_source_ids(milestones)
    elif slide.view == "map":
        figure = geo.mission_map_figure(dataset, missions, deployments, world if world is not None else geo.load_world())
        summary = missions_sentence(dataset, missions, deployments)
        sources = cited_source_ids(missions)
    elif slide.view == "personnel":
        figure = charts.personnel_figure(dataset, deployments, missions)
        summary = missions_sentence(dataset, missions, deployments)
        sources = cited_source_ids(deployments)
    elif slide.view == "programme_matrix":
        figure = charts.programme_matrix_figure(dataset, programmes)
        summary = matrix_sentence(dataset, programmes)
        sources = cited_source_ids(programmes)
    elif slide.view == "programme_spans":
        figure = charts.programme_spans_figure(dataset, programmes, filter_cycles(dataset, filters, programmes))
        summary = programmes_sentence(dataset, programmes)
        sources = cited_source_ids(programmes)
    if figure is not None:
        figure.update_layout(font=dict(size=PRESENTER_FONT))
    known = list(dataset.sources["id"])
    return SlideContent(figure, milestone, summary, describe_filters(filters, dataset), tuple(s for s in known if s in sources))


def view_slide(title: str, view: str, filters: Filters, milestone: str | None = None, notes: str = "") -> schema.Slide:
    """A slide for the ad-hoc deck, from the view a user is looking at."""
    return schema.Slide(
        title=title,
        view=view,
        milestone=milestone,
        notes=notes,
        filters=schema.SlideFilters(
            years=[filters.year_from, filters.year_to] if filters.year_from is not None and filters.year_to is not None else None,
            programmes=list(filters.programmes),
            categories=list(filters.categories),
            missions=list(filters.missions),
            confidence=list(filters.confidence),
            q=filters.query,
        ),
    )


# --------------------------------------------------------------------------------------------
# The offline HTML pack
# --------------------------------------------------------------------------------------------


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no '</script>' or comment can break out."""
    text = value if isinstance(value, str) else json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _source_note(dataset: Dataset, source_ids) -> str:
    sources = dataset.sources.set_index("id")
    items = []
    for source_id in source_ids:
        s = sources.loc[source_id]
        date = f" ({html.escape(s['date_label'])})" if s["date_label"] else ""
        url = s["url"] if str(s["url"]).startswith(("http://", "https://")) else ""
        # The URL is shown as text, never as a link: the pack must not load or open anything.
        where = f" <span class=url>{html.escape(url)}</span>" if url else ""
        items.append(f"<li><b>[{html.escape(source_id)}]</b> {html.escape(s['publisher'])}, “{html.escape(s['title'])}”{date}{where}</li>")
    return "".join(items)


def _milestone_html(dataset: Dataset, row: pd.Series) -> str:
    confidence = dataset.meta.confidence[row["confidence"]].label
    parts = [
        f"<div class=card><div class=date>{html.escape(row['date_label'])}</div>",
        f"<h3>{html.escape(row['title'])}</h3><p>{html.escape(row['summary'])}</p>",
        f"<p class=meta>{html.escape(dataset.category_labels.get(row['category'], row['category']))} · confidence: {html.escape(confidence)}</p>",
    ]
    if row["note"]:
        parts.append(f"<p class=note><b>Sources disagree / note:</b> {html.escape(row['note'])}</p>")
    parts.append("</div>")
    return "".join(parts)


PACK_STYLE = """
body{margin:0;font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;color:#1A1F2B;background:#fff}
header{display:flex;justify-content:space-between;align-items:baseline;padding:14px 32px;border-bottom:3px solid #0B4F8A}
header h1{font-size:22px;margin:0}
header .counter{font-size:20px;color:#555}
section.slide{display:none;padding:16px 32px}
section.slide.active{display:block}
section h2{font-size:38px;margin:8px 0 4px}
.filters{color:#555;font-size:17px;margin-bottom:8px}
.chart{width:100%;height:64vh}
.summary{font-size:19px;margin:8px 0}
.notes{background:#F1F3F6;border-left:5px solid #0B4F8A;padding:10px 16px;font-size:19px}
.sources{font-size:14px;color:#444}
.sources .url{color:#666;word-break:break-all}
.card{font-size:22px;max-width:1100px}
.card .date{font-size:26px;color:#0B4F8A;font-weight:bold}
.card .note{background:#FFF4D6;padding:8px 12px}
nav{position:fixed;bottom:12px;right:24px}
nav button{font-size:18px;padding:6px 16px;margin-left:6px}
@media print{section.slide{display:block;page-break-after:always}nav{display:none}.chart{height:520px}}
"""

PACK_SCRIPT = """
const slides=[...document.querySelectorAll('section.slide')];
const drawn=new Set(); let current=0;
function draw(i){ if(drawn.has(i)) return; const el=slides[i].querySelector('.chart');
  if(el){ const fig=FIGURES[i]; Plotly.newPlot(el, fig.data, fig.layout, {displaylogo:false, responsive:true}); }
  drawn.add(i); }
function show(i){ current=Math.max(0,Math.min(slides.length-1,i));
  slides.forEach((s,k)=>s.classList.toggle('active',k===current)); draw(current);
  document.querySelector('.counter').textContent=(current+1)+' / '+slides.length;
  history.replaceState(null,'','#'+(current+1)); }
document.addEventListener('keydown',e=>{
  if(['ArrowRight','PageDown',' '].includes(e.key)){show(current+1);e.preventDefault();}
  if(['ArrowLeft','PageUp'].includes(e.key)){show(current-1);e.preventDefault();}
  if(e.key==='Home') show(0); if(e.key==='End') show(slides.length-1); });
window.addEventListener('beforeprint',()=>slides.forEach((s,i)=>{s.classList.add('active');draw(i);}));
show((parseInt(location.hash.slice(1))||1)-1);
"""


def deck_html(dataset: Dataset, deck: schema.Deck, world: dict | None = None) -> str:
    """The whole deck as one self-contained HTML file."""
    world = world if world is not None else geo.load_world()
    sections, figures = [], []
    for index, slide in enumerate(deck.slides):
        content = slide_content(dataset, slide, world)
        body = ""
        if content.figure is not None:
            body = f'<div class=chart id="chart-{index}" role="img" aria-label="{html.escape(content.summary)}"></div>'
            figures.append(json.loads(content.figure.to_json()))
        else:
            figures.append(None)
            if content.milestone is not None:
                body = _milestone_html(dataset, content.milestone)
        notes = f"<div class=notes><b>Speaker notes.</b> {html.escape(slide.notes.strip())}</div>" if slide.notes.strip() else ""
        sources = _source_note(dataset, content.source_ids)
        sections.append(
            f'<section class=slide aria-label="Slide {index + 1}"><h2>{html.escape(slide.title)}</h2>'
            f"<div class=filters>{html.escape(VIEW_LABELS[slide.view])} · {html.escape(content.filters_text)}</div>{body}"
            f"<p class=summary>{html.escape(content.summary)}</p>{notes}"
            f"<details class=sources open><summary>Sources ({len(content.source_ids)})</summary><ol>{sources}</ol></details></section>"
        )
    title = f"{dataset.meta.title}: {deck.title}"
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<meta name=viewport content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
        f"<style>{PACK_STYLE}</style>"
        # The map's base layer must be defined before plotly.js loads, or it is fetched from a CDN.
        f"{geo.geo_assets_script()}"
        f"<script>{get_plotlyjs()}</script>"
        "</head><body>"
        f"<header><h1>{html.escape(title)}</h1><span class=counter></span></header>"
        + "".join(sections)
        + "<nav><button onclick='show(current-1)' aria-label='Previous slide'>◀</button>"
        "<button onclick='show(current+1)' aria-label='Next slide'>▶</button></nav>"
        f"<footer class=sources style='padding:8px 32px'>{html.escape(dataset.meta.citation)}</footer>"
        f"<script>const FIGURES={_script_json(figures)};{PACK_SCRIPT}</script>"
        "</body></html>"
    )


def pack_file_name(deck: schema.Deck) -> str:
    return f"briefing_{deck.id}.html"

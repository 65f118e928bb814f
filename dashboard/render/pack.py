"""The offline briefing pack: a whole deck as ONE self-contained HTML file (plotly.js and the
map outlines inlined, arrow-key navigation, nothing fetched from anywhere). It renders the slide
descriptions of render/slides.py, as the Streamlit briefing page does.
"""

from __future__ import annotations

import html
import json

from plotly.offline import get_plotlyjs

from dashboard.model import schema
from dashboard.model.cards import MilestoneCard
from dashboard.model.citations import Citation
from dashboard.model.dataset import Dataset
from dashboard.render import geo
from dashboard.render.slides import SlideSpec, describe


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no '</script>' or comment can break out."""
    text = value if isinstance(value, str) else json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _citations_html(citations: tuple[Citation, ...]) -> str:
    # The URL is shown as text, never as a link: the pack must not load or open anything.
    items = []
    for c in citations:
        date = f", {html.escape(c.date_label)}" if c.date_label else ""
        where = f" <span class=url>{html.escape(c.url)}</span>" if c.url else ""
        items.append(f"<li>{html.escape(c.publisher)}, “{html.escape(c.title)}”{date}{where}</li>")
    return "".join(items)


def _card_html(card: MilestoneCard) -> str:
    parts = [
        f"<div class=card><div class=date>{html.escape(card.date_label)}</div>",
        f"<h3>{html.escape(card.title)}</h3><p>{html.escape(card.summary)}</p>",
        f"<p class=meta>{html.escape(card.category)} · confidence: {html.escape(card.confidence)}</p>",
    ]
    if card.details:
        parts.append("<p class=meta>" + "<br>".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in card.details) + "</p>")
    if card.note:
        parts.append(f"<p class=note><b>Sources disagree / note:</b> {html.escape(card.note)}</p>")
    parts.append("</div>")
    return "".join(parts)


def _section_html(index: int, spec: SlideSpec) -> str:
    body = ""
    if spec.figure is not None:
        body = f'<div class=chart id="chart-{index}" role="img" aria-label="{html.escape(spec.summary)}"></div>'
    elif spec.card is not None:
        body = _card_html(spec.card)
    notes = f"<div class=notes><b>Speaker notes.</b> {html.escape(spec.notes)}</div>" if spec.notes else ""
    confidence = f"<p class=confidence>{html.escape(spec.confidence)}</p>" if spec.confidence and spec.card is None else ""
    return (
        f'<section class=slide aria-label="Slide {index + 1}"><h2>{html.escape(spec.title)}</h2>'
        f"<div class=filters>{html.escape(spec.kind_label)} · {html.escape(spec.filters_text)}</div>{body}"
        f"<p class=summary>{html.escape(spec.summary)}</p>{confidence}{notes}"
        "<details class=sources open><summary>Sources "
        f"({len(spec.citations)})</summary><ol>{_citations_html(spec.citations)}</ol></details></section>"
    )


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
.confidence{font-size:16px;color:#444;margin:4px 0}
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
    specs = [describe(dataset, slide, world) for slide in deck.slides]
    figures = [json.loads(spec.figure.to_json()) if spec.figure is not None else None for spec in specs]
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
        + "".join(_section_html(index, spec) for index, spec in enumerate(specs))
        + "<nav><button onclick='show(current-1)' aria-label='Previous slide'>◀</button>"
        "<button onclick='show(current+1)' aria-label='Next slide'>▶</button></nav>"
        f"<footer class=sources style='padding:8px 32px'>{html.escape(dataset.meta.citation)}</footer>"
        f"<script>const FIGURES={_script_json(figures)};{PACK_SCRIPT}</script>"
        "</body></html>"
    )


def pack_file_name(deck: schema.Deck) -> str:
    return f"briefing_{deck.id}.html"

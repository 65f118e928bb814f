"""The offline briefing pack: a whole deck as ONE self-contained HTML file, a reveal.js
presentation. reveal.js 6.0.2 (vendored in dashboard/static/reveal, see its README), plotly.js and
the map outlines are inlined; nothing is fetched from anywhere, and the file opens from disk.

It renders the slide descriptions of render/slides.py, as the Streamlit briefing page does: a
title slide, then each slide's title, kind and filters, chart (or milestone card), summary,
confidence, conflict notes and a numbered source list, with the speaker notes in
`<aside class="notes">` for reveal's speaker view (`S`). Slides are laid out at a 16:9 design size
and reveal.js scales them to any screen; `?print-pdf` prints one slide per page.
"""

from __future__ import annotations

import html
import json
from datetime import date
from functools import cache
from pathlib import Path

from plotly.offline import get_plotlyjs

from dashboard import i18n
from dashboard.i18n import _, ngettext, pgettext
from dashboard.model import schema
from dashboard.model.cards import MilestoneCard
from dashboard.model.citations import Citation
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date
from dashboard.render import geo
from dashboard.render.slides import SlideSpec, describe, file_stem

REVEAL_DIR = Path(__file__).resolve().parent.parent / "static" / "reveal"
DESIGN_WIDTH, DESIGN_HEIGHT = 1280, 720  # reveal.js scales this 16:9 slide to fit the screen
CHART_FONT = 16  # chart text on a slide; row labels shrink (not below 9) when their rows are closer
CHART_HEIGHT = 550  # about the height of a chart's box on a slide, in design pixels
TIMELINE_GAP_PX = 48  # between the timeline's two panels: the upper one's date labels
LANE_WEIGHT = 1.25  # a timeline lane of milestone dots needs a little more height than a row of spans


@cache
def _vendored(name: str) -> str:
    return (REVEAL_DIR / name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    # A vendored file must not end the <script> element it is inlined into.
    if "</script" in code.lower():
        raise ValueError("script text contains '</script'; it cannot be inlined")
    return f"<script>{code}</script>"


def script_json(value) -> str:
    """`value` as JSON that is safe inside <script>: no '</script>' or comment can break out
    (a str is taken as JSON text already made)."""
    text = value if isinstance(value, str) else json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def _say(message: str, **values) -> str:
    """A translated message as the text of an element: its own quotes and apostrophes left as they
    are (nothing to escape outside an attribute), every value escaped."""
    return html.escape(message, quote=False).format(**{name: _text(str(value)) for name, value in values.items()})


def _citations_html(citations: tuple[Citation, ...]) -> str:
    # The URL is shown as text, never as a link: the pack must not load or open anything.
    items = []
    for c in citations:
        date_text = f", {_text(c.date_label)}" if c.date_label else ""
        where = f" <span class=url>{_text(c.url)}</span>" if c.url else ""
        items.append(f"<li>{_text(c.publisher)}, “{_text(c.title)}”{date_text}{where}</li>")
    return "".join(items)


def _sources_html(citations: tuple[Citation, ...]) -> str:
    if not citations:
        heading, none = _text(_("Sources")), _text(_("No sources: this slide shows no rows."))
        return f"<div class=sources><h3>{heading}</h3><p class=none>{none}</p></div>"
    # Every source is in the file; the deck script hides those that do not fit the slide and says how many.
    heading = _("Sources ({count})").format(count=len(citations))
    return f"<div class=sources><h3>{_text(heading)}</h3><ol>{_citations_html(citations)}</ol><p class=more hidden></p></div>"


def _card_html(card: MilestoneCard) -> str:
    details = "".join(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in card.details)
    confidence = _("confidence: {level}").format(level=card.confidence)
    return (
        f"<div class=card><p class=date>{_text(card.date_label)}</p><h3>{_text(card.title)}</h3>"
        f"<p class=card-summary>{_text(card.summary)}</p>"
        f"<p class=meta>{_text(card.category)} · {_text(confidence)}</p>" + (f"<dl>{details}</dl>" if details else "") + "</div>"
    )


def _slide_html(index: int, spec: SlideSpec) -> str:
    disagree = _text(_("Sources disagree / note:"))
    conflicts = "".join(f"<p class=conflict><b>{disagree}</b> {_text(note)}</p>" for note in spec.conflicts)
    if spec.figure is not None:
        main = f'<div class=chart id="chart-{index}" role=img aria-label="{_text(spec.summary)}"></div>'
        text = f"<p class=summary>{_text(spec.summary)}</p>" + (
            f"<p class=confidence>{_text(spec.confidence)}</p>" if spec.confidence else ""
        )
    else:  # a milestone card: the card says what the summary and confidence sentences would repeat
        main = _card_html(spec.card) if spec.card is not None else f"<p class=summary>{_text(spec.summary)}</p>"
        text = ""
    notes = f"<aside class=notes>{_text(spec.notes)}</aside>" if spec.notes else ""
    name = _("Slide {number}").format(number=index + 1)
    return (
        f'<section class="slide kind-{_text(spec.kind)}" aria-label="{_text(name)}"><div class=frame>'
        f"<header class=head><h2>{_text(spec.title)}</h2>"
        f"<p class=kind>{_text(spec.kind_label)} · {_text(spec.filters_text)}</p></header>"
        f"<div class=body><div class=main>{main}</div>"
        f"<div class=panel>{text}{conflicts}{_sources_html(spec.citations)}</div></div>"
        f"</div>{notes}</section>"
    )


def slide_count(count: int) -> str:
    """'1 slide', '12 slides', in the reader's language."""
    return ngettext("{count} slide", "{count} slides", count).format(count=count)


def _title_html(dataset: Dataset, deck: schema.Deck, made: date) -> str:
    subtitle = f"<p class=subtitle>{_text(deck.subtitle)}</p>" if deck.subtitle else ""
    name = pgettext("the title slide, as a screen reader names it", "Title")
    made_text = _("Briefing pack made {date} · {slides}").format(date=format_date(made, "day"), slides=slide_count(len(deck.slides)))
    cite = _say(_("Cite the data as: {citation}"), citation=dataset.meta.citation)
    keys = _(
        "→ and ← step through the slides · S opens the speaker view with the notes · F full screen · "
        "Esc all slides · to print one slide a page, add ?print-pdf to the file's address"
    )
    return (
        f'<section class="slide title-slide" aria-label="{_text(name)}"><div class=frame>'
        f"<h1>{_text(deck.title)}</h1>{subtitle}"
        f"<p class=dataset>{_text(dataset.meta.title)}</p>"
        f"<p class=made>{_text(made_text)}</p>"
        f"<p class=made>{_text(dataset.version.text)}</p>"
        f"<p class=citation>{cite}</p>"
        f"<p class=keys>{_say(keys)}</p>"
        "</div></section>"
    )


def _timeline_rows(layout: dict) -> None:
    """The timeline's two panels (spans above, milestone lanes below) share the slide's height
    by their rows (a lane of dots counts for LANE_WEIGHT label rows), with room between them for the upper
    panel's date labels; the figure's own split was worked out for a page that scrolls."""
    spans, lanes = layout.get("yaxis", {}), layout.get("yaxis2", {})
    span_rows = max(len(spans.get("tickvals") or []), 1)
    lane_rows = max(len(lanes.get("tickvals") or []), 2) * LANE_WEIGHT
    gap = TIMELINE_GAP_PX / CHART_HEIGHT
    split = lane_rows / (span_rows + lane_rows) * (1 - gap)
    spans["domain"] = [split + gap, 1.0]
    lanes["domain"] = [0.0, split]


def _slide_figure(spec: SlideSpec) -> dict:
    """The figure as plotly JSON, laid out for a slide: it fills its box (no fixed height), with
    its legend in one band across the top instead of a column that eats the plot."""
    figure = json.loads(spec.figure.to_json())
    layout = figure["layout"]
    for key in ("template", "height", "width"):
        layout.pop(key, None)
    layout["autosize"] = True
    layout["font"] = {**layout.get("font", {}), "size": CHART_FONT}
    if spec.kind != "map":  # the map keeps its own narrow margins
        # margins grow to fit the labels (automargin); the figures' own were worked out for a page
        layout["margin"] = {"l": 8, "r": 90 if spec.kind == "programme_matrix" else 24, "t": 8, "b": 8}
    if layout.get("showlegend", True):
        layout["legend"] = {
            **layout.get("legend", {}),
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": CHART_FONT - 3},
        }
    if spec.kind == "timeline" and "yaxis2" in layout:
        _timeline_rows(layout)
    return figure


PACK_STYLE = """
:root{--r-heading-text-transform:none;--r-heading-font-weight:600;--r-main-font-size:22px;--r-main-color:#1A1F2B;
  --r-heading-color:#1A1F2B;--r-heading-letter-spacing:0}
.reveal{font-size:22px}
.reveal .slides{text-align:left}
.reveal .slides section.slide{height:720px;padding:0}
.reveal .frame{box-sizing:border-box;height:720px;width:1280px;padding:18px 28px 26px;display:flex;flex-direction:column;gap:10px}
.reveal .head{flex:0 0 auto;border-bottom:3px solid #0B4F8A;padding-bottom:6px}
.reveal .head h2{font-size:38px;line-height:1.15;margin:0;color:#1A1F2B}
.reveal .head .kind{font-size:17px;line-height:1.3;margin:4px 0 0;color:#4A5060;
  display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.reveal .body{flex:1 1 auto;min-height:0;display:flex;gap:24px}
.reveal .main{flex:1 1 auto;min-width:0;display:flex;flex-direction:column}
.reveal .chart{flex:1 1 auto;min-height:0;width:100%;overflow:hidden}
/* the panel stops short of the bottom: reveal's arrows and slide number sit in that corner */
.reveal .panel{flex:0 0 390px;min-height:0;overflow:hidden;display:flex;flex-direction:column;gap:8px;margin-bottom:40px}
.reveal .panel p{margin:0}
.reveal .summary{font-size:21px;line-height:1.3}
.reveal .confidence{font-size:17px;line-height:1.3;color:#3D4352}
.reveal .conflict{font-size:17px;line-height:1.3;background:#FFF4D6;border-left:5px solid #C99A1E;padding:6px 10px}
.reveal .sources{font-size:14px;line-height:1.3;color:#3D4352;min-height:0;border-top:1px solid #D5D9E0;padding-top:6px}
.reveal .sources h3{font-size:15px;margin:0 0 3px;color:#3D4352;font-weight:600}
.reveal .sources ol{margin:0;padding-left:2.2em}
.reveal .sources li{margin:0 0 2px;display:list-item;overflow-wrap:anywhere}
.reveal .sources li[hidden]{display:none}
.reveal .sources .url{color:#5A6070}
.reveal .sources .more{font-style:italic}
.reveal .card{font-size:26px;line-height:1.35}
.reveal .card .date{font-size:28px;color:#0B4F8A;font-weight:600;margin:0}
.reveal .card h3{font-size:32px;margin:4px 0 10px;line-height:1.2}
.reveal .card p{margin:0 0 10px}
.reveal .card .meta{font-size:19px;color:#3D4352}
.reveal .card dl{font-size:19px;display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
.reveal .card dt{font-weight:600;color:#3D4352}
.reveal .card dd{margin:0}
.reveal .kind-milestone .panel{flex-basis:480px}
.reveal .title-slide .frame{justify-content:center;padding:60px 90px;gap:14px}
.reveal .title-slide h1{font-size:64px;line-height:1.1;margin:0;color:#0B4F8A}
.reveal .title-slide .subtitle{font-size:30px;margin:0}
.reveal .title-slide .dataset{font-size:26px;margin:18px 0 0;font-weight:600}
.reveal .title-slide .made{font-size:22px;margin:0;color:#3D4352}
.reveal .title-slide .citation{font-size:18px;margin:18px 0 0;color:#3D4352;border-top:1px solid #D5D9E0;padding-top:12px}
.reveal .title-slide .keys{font-size:15px;margin:0;color:#5A6070}
.reveal .slide-number{font-size:14px;background:#0B4F8A}
html.reveal-print .reveal .title-slide .keys{display:none}
"""

PACK_SCRIPT = r"""
const CONFIG = {displaylogo: false, displayModeBar: false, responsive: false};
// '… and 3 more' for 1, 2, 3… sources hidden, in the pack's language (worded in Python: plural rules differ)
const MORE = %(more)s;
const BASE_FONT = %(base_font)d, MIN_FONT = 9;
// Row labels (programmes, lanes, focus areas) are sized to the rows plotly gave them once the
// chart is drawn in its box, so no two labels overlap however many rows a slide shows.
function rowLabelSizes(el) {
  const update = {};
  for (const [name, axis] of Object.entries(el.layout)) {
    if (!/^[xy]axis[0-9]*$/.test(name) || !axis || !Array.isArray(axis.ticktext) || !axis.ticktext.length) continue;
    const drawn = el._fullLayout[name];
    if (!drawn || !drawn._length) continue;
    const lines = Math.max(...axis.ticktext.map(t => String(t).split(/<br ?\/?>/i).length));
    const slant = name[0] === 'x' && axis.tickangle ? Math.abs(Math.sin(axis.tickangle * Math.PI / 180)) : 1;
    const room = drawn._length / axis.ticktext.length * slant / lines;
    const size = Math.max(MIN_FONT, Math.min(BASE_FONT, Math.floor(room / 1.35)));  // a line of text and a gap
    if (size !== ((axis.tickfont || {}).size || BASE_FONT)) update[name + '.tickfont.size'] = size;
  }
  return update;
}
// A legend above the plot starts at the chart's left edge, not the plot's: plotly wraps a legend
// at the plot's width unless it starts left of the plot, and the row labels take a third of it.
function legendAcross(el) {
  const legend = el.layout.legend, size = el._fullLayout._size;
  if (!legend || legend.orientation !== 'h' || !(legend.y >= 1) || !size.w) return {};
  const x = -Math.max(size.l - 4, 0) / size.w;
  return Math.abs(x - (legend.x || 0)) > 0.002 ? {'legend.x': x} : {};
}
function relayoutIf(el, update) { return Object.keys(update).length ? Plotly.relayout(el, update) : Promise.resolve(); }
function drawChart(el) {
  if (!el || el.dataset.drawn || !el.clientHeight) return;
  const fig = FIGURES[el.id];
  el.dataset.drawn = 'drawing';
  Plotly.newPlot(el, fig.data, fig.layout, CONFIG)
    .then(() => relayoutIf(el, rowLabelSizes(el)))
    .then(() => relayoutIf(el, legendAcross(el)))
    .then(() => { el.dataset.drawn = 'yes'; });
}
// Sources that do not fit under the text are hidden, last first, and counted in a closing line.
function fitSources(section) {
  const panel = section.querySelector('.panel');
  if (!panel || panel.dataset.fitted || !panel.clientHeight) return;
  const items = [...panel.querySelectorAll('.sources li')];
  const more = panel.querySelector('.sources .more');
  let shown = items.length;
  const overflows = () => panel.scrollHeight > panel.clientHeight + 1;
  while (shown > 0 && overflows()) {
    items[--shown].hidden = true;
    more.hidden = false;
    more.textContent = MORE[items.length - shown - 1];
  }
  panel.dataset.fitted = 'yes';
}
function prepare(section) {
  if (!section) return;
  fitSources(section);
  section.querySelectorAll('.chart').forEach(drawChart);
}
function prepareAll() { document.querySelectorAll('.reveal .slides section.slide').forEach(prepare); }
function whenFontsReady(then) { (document.fonts ? document.fonts.ready : Promise.resolve()).then(then); }
Reveal.on('ready', event => whenFontsReady(() => Reveal.isPrintView() ? null : prepare(event.currentSlide)));
Reveal.on('slidechanged', event => whenFontsReady(() => prepare(event.currentSlide)));
Reveal.on('pdf-ready', () => whenFontsReady(prepareAll));
Reveal.on('overviewshown', () => whenFontsReady(prepareAll));  // Esc: every slide at once
Reveal.on('resize', () => document.querySelectorAll('.chart[data-drawn="yes"]').forEach(el => Plotly.Plots.resize(el)));
window.addEventListener('beforeprint', prepareAll);
Reveal.initialize({
  width: %(width)d, height: %(height)d, margin: 0.04, minScale: 0.1, maxScale: 3,
  // the slide in the address (#/3) only where there is one: inside an iframe's srcdoc it throws
  center: false, hash: /^(file|https?):$/.test(location.protocol), controls: true, controlsTutorial: false,
  progress: true, slideNumber: 'c/t', transition: 'none', backgroundTransition: 'none',
  pdfMaxPagesPerSlide: 1, pdfSeparateFragments: false, plugins: [RevealNotes]
});
"""


def deck_html(dataset: Dataset, deck: schema.Deck, world: dict | None = None) -> str:
    """The whole deck as one self-contained HTML file."""
    world = world if world is not None else geo.load_world()
    specs = [describe(dataset, slide, world) for slide in deck.slides]
    figures = {f"chart-{index}": _slide_figure(spec) for index, spec in enumerate(specs) if spec.figure is not None}
    title = f"{deck.title}: {dataset.meta.title}"
    most = max((len(spec.citations) for spec in specs), default=0)
    more = [ngettext("… and {count} more", "… and {count} more", n).format(count=n) for n in range(1, most + 1)]
    script = PACK_SCRIPT % {"base_font": CHART_FONT, "width": DESIGN_WIDTH, "height": DESIGN_HEIGHT, "more": script_json(more)}
    return (
        f"<!DOCTYPE html><html lang={i18n.current()}><head><meta charset=utf-8>"
        f"<meta name=viewport content='width=device-width, initial-scale=1'><title>{_text(title)}</title>"
        f"<meta name=data-version content='{_text(dataset.version.short)}'>"
        f"<style>{_vendored('reveal.css')}\n{_vendored('white.css')}\n{PACK_STYLE}</style>"
        # The map's base layer must be defined before plotly.js loads, or it is fetched from a CDN.
        f"{geo.geo_assets_script()}"
        f"<script>{get_plotlyjs()}</script>"
        "</head><body><div class=reveal><div class=slides>"
        + _title_html(dataset, deck, date.today())
        + "".join(_slide_html(index, spec) for index, spec in enumerate(specs))
        + "</div></div>"
        + _inline_script(_vendored("reveal.js"))
        + _inline_script(_vendored("notes.js"))
        + f"<script>const FIGURES={script_json(figures)};{script}</script>"
        "</body></html>"
    )


def pack_file_name(deck: schema.Deck) -> str:
    return f"{file_stem(deck)}.html"

"""A briefing deck as a PDF handout: a title page, one landscape 16:9 page per slide (title, what
it shows, the chart or the milestone card, summary, confidence, notes where sources disagree,
numbered source footnotes), then every cited source under its number; renderer of
`render.slides.SlideSpec`.

How: a self-contained print page (charts as PNG data: URIs rendered by kaleido, no external
reference of any kind, CSS `@page` for the size, page numbers and the credit line in the page
margins) printed to PDF by the same headless browser that drew the charts (`images.Browser.pdf`,
the DevTools protocol's Page.printToPDF). Printing HTML rather than drawing PDF ourselves gives
selectable, searchable text in the fonts the charts use, and lets the browser break the long
source list over as many pages as it needs; printing with the browser that is already running
saves the second or so a `chromium --print-to-pdf` process would take to start. Every text box
has a fixed size and clips rather than overflows (CSS line clamps), so nothing runs off a page.
"""

from __future__ import annotations

import html
from datetime import date

from dashboard import i18n
from dashboard.i18n import _
from dashboard.model import schema
from dashboard.model.cards import MilestoneCard
from dashboard.model.dataset import Dataset
from dashboard.render import images
from dashboard.render.briefing import Briefing, drawn, footnotes, made_line, source_text
from dashboard.render.briefing import chart_jobs as briefing_charts
from dashboard.render.slides import SlideSpec, file_stem

PAGE_W_IN, PAGE_H_IN = 13.333, 7.5
CHART_W_IN, CHART_H_IN = 8.6, 4.3
CSS_PX_PER_INCH = 128  # as in the PPTX: PRESENTER_FONT px reads as ~11 pt on the page
FOOTNOTE_ROWS = 6

STYLE = """
@page{size:13.333in 7.5in;margin:0.32in 0.45in 0.42in 0.45in;
  @bottom-left{content:CREDIT;font:8pt Arial,'Liberation Sans',sans-serif;color:#555B66}
  @bottom-right{content:counter(page) " / " counter(pages);font:8pt Arial,'Liberation Sans',sans-serif;color:#555B66}}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:Arial,'Liberation Sans',Helvetica,sans-serif;color:#1A1F2B;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.page{height:6.74in;overflow:hidden;break-after:page;position:relative}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}
h1{font-size:26pt;margin:0 0 2pt;line-height:1.15;-webkit-line-clamp:2}
.sub{font-size:12pt;color:#555B66;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;margin-bottom:8pt}
.main{display:flex;gap:0.25in;height:4.3in}
.chart{width:8.6in;height:4.3in;flex:none;display:flex;align-items:flex-start;justify-content:flex-start}
.chart img{max-width:100%;max-height:100%;object-fit:contain}
.panel{flex:1;min-width:0;height:4.3in;overflow:hidden;display:flex;flex-direction:column;gap:9pt}
.summary{font-size:14pt;line-height:1.25;-webkit-line-clamp:18}
.confidence{font-size:11pt;color:#555B66;line-height:1.25;-webkit-line-clamp:5}
.note{font-size:10.5pt;line-height:1.25;background:#FFF4D6;padding:6pt 8pt;-webkit-line-clamp:12}
.foot{position:absolute;left:0;right:0;bottom:0;border-top:0.5pt solid #555B66;padding-top:3pt;width:100%}
.foot div{font-size:8.5pt;color:#444;line-height:1.25;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.card .date{font-size:20pt;font-weight:bold;color:#0B4F8A;margin-bottom:6pt}
.card h2{font-size:20pt;margin:0 0 8pt;-webkit-line-clamp:2}
.card .text{font-size:15pt;line-height:1.3;-webkit-line-clamp:8;margin-bottom:8pt}
.card .details{font-size:12pt;color:#555B66;line-height:1.3;-webkit-line-clamp:5}
.cover{display:flex;flex-direction:column;justify-content:center;padding:0 0.4in}
.cover h1{font-size:36pt;color:#0B4F8A;-webkit-line-clamp:3}
.cover .deck-sub{font-size:18pt;margin:6pt 0 18pt}
.cover .meta{font-size:14pt;color:#555B66;margin-bottom:4pt}
.cover .cite{font-size:11pt;color:#555B66;margin-top:24pt}
.sources{break-before:page}
.sources h1{font-size:24pt;margin-bottom:8pt}
.sources .cite{font-size:10pt;color:#555B66;margin-bottom:8pt}
.sources ol{columns:2;column-gap:0.35in;margin:0;padding-left:2.4em;font-size:9.5pt;line-height:1.3}
.sources li{break-inside:avoid;margin-bottom:3pt;overflow-wrap:anywhere}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _say(message: str, **values) -> str:
    """A translated message as the text of an element: its own quotes and apostrophes left as they
    are (nothing to escape outside an attribute), every value escaped."""
    return html.escape(message, quote=False).format(**{name: _e(str(value)) for name, value in values.items()})


def _css_string(text: str) -> str:
    """A quoted CSS string that cannot end the string or the <style> element it stands in."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace(">", "\\3E ")
    return '"' + " ".join(escaped.splitlines()) + '"'


def _panel(spec: SlideSpec, *, summary: bool = True) -> str:
    parts = []
    if summary and spec.summary:
        parts.append(f"<div class='summary clamp'>{_e(spec.summary)}</div>")
    if spec.confidence:
        parts.append(f"<div class='confidence clamp'>{_e(spec.confidence)}</div>")
    disagree = _e(_("Sources disagree:"))
    parts.extend(f"<div class='note clamp'><b>{disagree}</b> {_e(note)}</div>" for note in spec.conflicts)
    return f"<div class=panel>{''.join(parts)}</div>"


def _card(card: MilestoneCard) -> str:
    details = "<br>".join(f"{_e(label)}: {_e(text)}" for label, text in card.details)
    return (
        f"<div class='chart card' style='display:block'><div class=date>{_e(card.date_label)}</div>"
        f"<h2 class=clamp>{_e(card.title)}</h2><div class='text clamp'>{_e(card.summary)}</div>"
        f"<div class='details clamp'>{details}</div></div>"
    )


def _slide_page(briefing: Briefing, spec: SlideSpec, png: bytes | None) -> str:
    if png is not None:
        body = f"<div class=chart><img src='{images.data_uri(png)}' alt='{_e(spec.summary)}'></div>{_panel(spec)}"
        sub = f"{spec.kind_label} · {spec.filters_text}"
    elif spec.card is not None:
        body = _card(spec.card) + _panel(spec, summary=False)
        sub = f"{spec.kind_label} · {spec.card.date_label} · {spec.card.category}"
    else:
        nothing = _("Nothing to show for this slide.")
        body, sub = f"<div class=chart>{_e(nothing)}</div>", spec.kind_label
    notes = "".join(f"<div>{_e(line)}</div>" for line in footnotes(briefing, spec, FOOTNOTE_ROWS))
    foot = f"<div class=foot>{notes}</div>" if notes else ""
    head = f"<h1 class=clamp>{_e(spec.title)}</h1><div class=sub>{_e(sub)}</div>"
    return f"<section class=page>{head}<div class=main>{body}</div>{foot}</section>"


def _cover(briefing: Briefing) -> str:
    subtitle = f"<div class=deck-sub>{_e(briefing.deck_subtitle)}</div>" if briefing.deck_subtitle else "<div class=deck-sub></div>"
    cite = _say(_("Cite as: {citation}"), citation=briefing.citation)
    return (
        f"<section class='page cover'><h1 class=clamp>{_e(briefing.deck_title)}</h1>{subtitle}"
        f"<div class=meta>{_e(briefing.dataset_title)}</div>"
        f"<div class=meta>{_e(made_line(briefing))}</div>"
        f"<div class=meta>{_e(briefing.data_version)}</div>"
        f"<div class=cite>{cite}</div></section>"
    )


def _sources(briefing: Briefing) -> str:
    items = "".join(f"<li value={n}>{_e(source_text(c))}</li>" for n, c in enumerate(briefing.sources, start=1))
    heading, none = _e(_("Sources")), _e(_("No sources cited."))
    cite = _say(_("Cite this briefing's data as: {citation}"), citation=briefing.citation)
    return f"<section class=sources><h1>{heading}</h1><div class=cite>{cite}</div><ol>{items or f'<li>{none}</li>'}</ol></section>"


def handout_html(briefing: Briefing, chart_pngs: dict[int, bytes]) -> str:
    """The print page: self-contained (images inline, no link, script or font to fetch)."""
    pages = "".join(_slide_page(briefing, spec, chart_pngs.get(index)) for index, spec in enumerate(briefing.specs))
    title = f"{briefing.deck_title} · {briefing.dataset_title}"
    return (
        f"<!DOCTYPE html><html lang={i18n.current()}><head><meta charset=utf-8>"
        f"<title>{_e(title)}</title><style>{STYLE.replace('CREDIT', _css_string(briefing.credit))}</style></head>"
        f"<body>{_cover(briefing)}{pages}{_sources(briefing)}</body></html>"
    )


def chart_jobs(briefing: Briefing) -> dict[int, images.Chart]:
    """The chart of each slide that has one, sized for this output's chart box."""
    return briefing_charts(briefing, round(CHART_W_IN * CSS_PX_PER_INCH), round(CHART_H_IN * CSS_PX_PER_INCH), 2.0)


def deck_pdf(dataset: Dataset, deck: schema.Deck, world: dict | None = None, made: date | None = None) -> bytes:
    with images.Browser() as browser:
        briefing, pngs = drawn(browser, dataset, deck, world, made, chart_jobs)
        return browser.pdf(handout_html(briefing, pngs))


def pdf_file_name(deck: schema.Deck) -> str:
    return f"{file_stem(deck)}.pdf"

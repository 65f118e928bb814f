"""A briefing slide as one PNG image that stands on its own, like Our World in Data's chart images:
its title and what it shows above the chart (or the milestone card), the sources and the dataset
below it, 1600 x 900 px. A whole deck is a zip of them, one per slide. Renderer of
`render.slides.SlideSpec`.

Each image is a fixed-size HTML page (the chart as a PNG data: URI from kaleido, text clamped to
its box) photographed by the same headless browser that drew the charts
(`images.Browser.screenshots`): the browser lays out and wraps the text, which a chart image
cannot do for itself.
"""

from __future__ import annotations

import html
import io
import zipfile
from datetime import date

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.model import schema
from dashboard.model.dataset import Dataset
from dashboard.render import images
from dashboard.render.briefing import Briefing, drawn, publishers
from dashboard.render.briefing import chart_jobs as briefing_charts
from dashboard.render.slides import SlideSpec, file_stem

WIDTH, HEIGHT = 1600, 900
CHART_W, CHART_H = 1536, 640

STYLE = f"""
*{{box-sizing:border-box}}
html,body{{margin:0;padding:0;background:#fff}}
body{{font-family:Arial,'Liberation Sans',Helvetica,sans-serif;color:#1A1F2B}}
.image{{width:{WIDTH}px;height:{HEIGHT}px;overflow:hidden;padding:26px 32px 18px;display:flex;flex-direction:column}}
.clamp{{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}}
h1{{font-size:40px;line-height:1.15;margin:0;-webkit-line-clamp:1}}
.sub{{font-size:22px;color:#555B66;margin:6px 0 10px;line-height:1.3;-webkit-line-clamp:2}}
.chart{{flex:1;min-height:0;display:flex;align-items:center;justify-content:center}}
.chart img{{max-width:100%;max-height:100%;object-fit:contain}}
.card{{flex:1;min-height:0;overflow:hidden;padding:10px 0;display:flex;flex-direction:column;justify-content:center}}
.card .date{{font-size:34px;font-weight:bold;color:#0B4F8A;margin-bottom:10px}}
.card h2{{font-size:34px;margin:0 0 14px;-webkit-line-clamp:2;line-height:1.2}}
.card .text{{font-size:26px;line-height:1.35;-webkit-line-clamp:6;margin-bottom:14px}}
.card .meta{{font-size:20px;color:#555B66;line-height:1.35;-webkit-line-clamp:3}}
.card .note{{font-size:19px;line-height:1.35;background:#FFF4D6;padding:8px 12px;margin-top:14px;-webkit-line-clamp:4}}
.source{{border-top:1px solid #C9CDD3;padding-top:8px;margin-top:8px;font-size:17px;color:#444;line-height:1.35}}
.source .who{{-webkit-line-clamp:2}}
.source .cite{{-webkit-line-clamp:2;color:#6B7280}}
.source .credit{{color:#6B7280;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def source_line(spec: SlideSpec) -> str:
    """'Source: NATO; Ministry of Foreign Affairs of Azerbaijan; … (12 sources)'."""
    if not spec.citations:
        return _("Source: none cited")
    names = publishers(spec)
    count = len(spec.citations)
    return ngettext("Source: {publishers} ({count} source)", "Source: {publishers} ({count} sources)", count).format(
        publishers="; ".join(names), count=count
    )


def _image(briefing: Briefing, spec: SlideSpec, png: bytes | None) -> str:
    if png is not None:
        body = f"<div class=chart><img src='{images.data_uri(png)}' alt='{_e(spec.summary)}'></div>"
        sub = f"{spec.kind_label} · {spec.filters_text}"
    elif spec.card is not None:
        card = spec.card
        confidence = _("confidence: {level}").format(level=card.confidence)
        meta = " · ".join([card.category, confidence, *(f"{k}: {v}" for k, v in card.details)])
        disagree = _("Sources disagree:")
        note = f"<div class='note clamp'><b>{_e(disagree)}</b> {_e(card.note)}</div>" if card.note else ""
        body = (
            f"<div class=card><div class=date>{_e(card.date_label)}</div><h2 class=clamp>{_e(card.title)}</h2>"
            f"<div class='text clamp'>{_e(card.summary)}</div><div class='meta clamp'>{_e(meta)}</div>{note}</div>"
        )
        sub = f"{spec.kind_label} · {card.date_label}"
    else:
        nothing = _("Nothing to show for this slide.")
        body, sub = f"<div class=card>{_e(nothing)}</div>", spec.kind_label
    return (
        f"<div class=image><h1 class=clamp>{_e(spec.title)}</h1><div class='sub clamp'>{_e(sub)}</div>{body}"
        f"<div class=source><div class='who clamp'>{_e(source_line(spec))}</div>"
        f"<div class='cite clamp'>{_e(briefing.citation)}</div><div class=credit>{_e(briefing.credit)}</div></div></div>"
    )


def images_html(briefing: Briefing, chart_pngs: dict[int, bytes]) -> str:
    """One page holding every slide's image, each WIDTH x HEIGHT, one under the other."""
    body = "".join(_image(briefing, spec, chart_pngs.get(index)) for index, spec in enumerate(briefing.specs))
    return f"<!DOCTYPE html><html lang={i18n.current()}><head><meta charset=utf-8><style>{STYLE}</style></head><body>{body}</body></html>"


def chart_jobs(briefing: Briefing) -> dict[int, images.Chart]:
    """The chart of each slide that has one, sized for this output's chart box."""
    return briefing_charts(briefing, CHART_W, CHART_H, 1.0)


def deck_pngs(dataset: Dataset, deck: schema.Deck, world: dict | None = None, made: date | None = None) -> list[bytes]:
    """One PNG per slide, in order."""
    with images.Browser() as browser:
        briefing, pngs = drawn(browser, dataset, deck, world, made, chart_jobs)
        return browser.screenshots(images_html(briefing, pngs), WIDTH, HEIGHT, len(briefing.specs))


def png_names(deck: schema.Deck) -> list[str]:
    return [f"{deck.id}_{index:02d}.png" for index in range(1, len(deck.slides) + 1)]


def deck_png_zip(dataset: Dataset, deck: schema.Deck, world: dict | None = None, made: date | None = None) -> bytes:
    pngs = deck_pngs(dataset, deck, world, made)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already
        for name, png in zip(png_names(deck), pngs, strict=True):
            archive.writestr(name, png)
    return out.getvalue()


def png_zip_file_name(deck: schema.Deck) -> str:
    return f"{file_stem(deck)}_png.zip"

"""A briefing deck as a PowerPoint file (python-pptx), renderer of `render.slides.SlideSpec`.

A title slide; one 16:9 slide per deck slide: its title, what it shows and for which filters, the
chart as a picture (PNG at twice the size it is shown) or the milestone card as text, the
one-sentence summary, the confidence sentence, any note where sources disagree, numbered source
footnotes, and the deck's speaker notes in PowerPoint's notes; then "Sources" slides listing every
cited source under its footnote number, continued over as many slides as the list needs.

PowerPoint does not grow a text box to fit its text, and a box that overflows runs over whatever
is below it. So every box here has a fixed place, and its text is measured before it is placed
(`briefing.fit`, Arial's advance widths): a long text steps down through smaller sizes and, at the
smallest, is cut with an ellipsis; a footnote that does not fit the slide is summed up by its
number and listed in full on the Sources slides. Text is set in Arial, which every Office
install has (and which LibreOffice replaces with the metric-compatible Liberation Sans).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.i18n import _
from dashboard.model import schema
from dashboard.model.dataset import Dataset
from dashboard.render import images
from dashboard.render.briefing import Briefing, clip_line, drawn, fit, footnotes, made_line, source_text, wrap
from dashboard.render.briefing import chart_jobs as briefing_charts
from dashboard.render.slides import SlideSpec, file_stem

FONT = "Arial"
INK = RGBColor(0x1A, 0x1F, 0x2B)
GREY = RGBColor(0x55, 0x5B, 0x66)
ACCENT = RGBColor(0x0B, 0x4F, 0x8A)
NOTE_FILL = RGBColor(0xFF, 0xF4, 0xD6)
SLIDE_W, SLIDE_H = 13.333, 7.5  # inches: 16:9
MARGIN = 0.45
CONTENT_W = SLIDE_W - 2 * MARGIN
CHART_X, CHART_Y, CHART_W, CHART_H = MARGIN, 1.42, 8.6, 4.55
PANEL_X = CHART_X + CHART_W + 0.25
PANEL_W = SLIDE_W - MARGIN - PANEL_X
FOOTNOTES_Y, FOOTNOTES_H = 6.1, 0.92
FOOTER_Y = 7.1
CSS_PX_PER_INCH = 128  # chart layout pixels per inch on the slide: PRESENTER_FONT px reads as ~11 pt
FOOTNOTE_PT = 9
LEADING = 1.2
SOURCES_PT = 10
SOURCES_GAP_PT = 3
SOURCES_COLUMN_GAP = 0.35
SAFETY = 0.96  # measured text may use this share of a box's width (a renderer's font may be a hair wider)


def _pt(inches: float) -> float:
    return inches * 72


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float
    h: float


def _text(slide, box: _Box, paragraphs, *, anchor=MSO_ANCHOR.TOP, fill: RGBColor | None = None):
    """A text box with no inner margins (what is measured is what is drawn). `paragraphs` is a
    list of (text, size_pt, bold, colour, align)."""
    shape = slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    if fill is not None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = fill
    for index, (text, size, bold, colour, align) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.line_spacing = 1.0
        run = paragraph.add_run()
        run.text = text
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
    return shape


def _fitted(slide, box: _Box, text: str, sizes: tuple[float, ...], *, bold=False, colour=INK, align=PP_ALIGN.LEFT, fill=None, pad=0.0):
    """`text` at the largest of `sizes` that fits `box` (cut with an ellipsis at the smallest);
    returns the height in inches it takes."""
    inner_w = _pt(box.w - 2 * pad) * SAFETY
    size, lines = fit(text, inner_w, _pt(box.h - 2 * pad), sizes, LEADING)
    shown = "\n".join(lines) if lines and lines[-1].endswith("…") else text
    used = len(lines) * size * LEADING / 72 + 2 * pad
    target = _Box(box.x, box.y, box.w, min(box.h, used)) if fill is None else _Box(box.x, box.y, box.w, min(box.h, used))
    shape = _text(slide, target, [(shown, size, bold, colour, align)], fill=fill)
    if pad:
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Inches(pad)
    return target.h


def _footer(slide, briefing: Briefing, page: int, pages: int) -> None:
    credit = clip_line(briefing.credit, _pt(CONTENT_W - 1.2) * SAFETY, 8)
    _text(slide, _Box(MARGIN, FOOTER_Y, CONTENT_W - 1.2, 0.22), [(credit, 8, False, GREY, PP_ALIGN.LEFT)])
    _text(slide, _Box(SLIDE_W - MARGIN - 1.1, FOOTER_Y, 1.1, 0.22), [(f"{page} / {pages}", 8, False, GREY, PP_ALIGN.RIGHT)])


def _title(slide, title: str, subtitle: str) -> None:
    _fitted(slide, _Box(MARGIN, 0.3, CONTENT_W, 0.75), title, (28, 24, 20), bold=True)
    line = clip_line(subtitle, _pt(CONTENT_W) * SAFETY, 12)
    _text(slide, _Box(MARGIN, 1.06, CONTENT_W, 0.26), [(line, 12, False, GREY, PP_ALIGN.LEFT)])


def _footnotes(slide, briefing: Briefing, spec: SlideSpec) -> None:
    if not spec.citations:
        return
    rows = int(_pt(FOOTNOTES_H) // (FOOTNOTE_PT * LEADING))
    lines = [clip_line(line, _pt(CONTENT_W) * SAFETY, FOOTNOTE_PT) for line in footnotes(briefing, spec, rows)]
    rule = slide.shapes.add_connector(1, Inches(MARGIN), Inches(FOOTNOTES_Y - 0.06), Inches(MARGIN + 2.5), Inches(FOOTNOTES_Y - 0.06))
    rule.line.color.rgb = GREY
    rule.line.width = Pt(0.5)
    _text(slide, _Box(MARGIN, FOOTNOTES_Y, CONTENT_W, FOOTNOTES_H), [(line, FOOTNOTE_PT, False, GREY, PP_ALIGN.LEFT) for line in lines])


def _panel(slide, spec: SlideSpec, y: float, height: float, *, summary: bool = True) -> None:
    """The right-hand column: summary, confidence, and any note where sources disagree."""
    bottom = y + height
    if summary and spec.summary:
        y += _fitted(slide, _Box(PANEL_X, y, PANEL_W, height * 0.55), spec.summary, (16, 14, 13, 12)) + 0.15
    if spec.confidence:
        y += _fitted(slide, _Box(PANEL_X, y, PANEL_W, min(1.1, bottom - y)), spec.confidence, (12, 11, 10), colour=GREY) + 0.15
    for note in spec.conflicts:
        if bottom - y < 0.5:
            break
        text = _("Sources disagree: {note}").format(note=note)
        y += _fitted(slide, _Box(PANEL_X, y, PANEL_W, bottom - y), text, (12, 11, 10, 9), fill=NOTE_FILL, pad=0.08)
        y += 0.1


def _chart_slide(slide, briefing: Briefing, spec: SlideSpec, png: bytes) -> None:
    _title(slide, spec.title, f"{spec.kind_label} · {spec.filters_text}")
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(CHART_X), Inches(CHART_Y), Inches(CHART_W), Inches(CHART_H))
    picture.name = _("Chart: {title}").format(title=spec.title)[:200]
    # the chart's text alternative, as PowerPoint's "Alt Text" reads it
    picture._element.nvPicPr.cNvPr.set("descr", spec.summary)
    _panel(slide, spec, CHART_Y, CHART_H)
    _footnotes(slide, briefing, spec)


def _card_slide(slide, briefing: Briefing, spec: SlideSpec) -> None:
    card = spec.card
    _title(slide, spec.title, f"{spec.kind_label} · {card.date_label} · {card.category}")
    y, bottom = CHART_Y, CHART_Y + CHART_H
    _text(
        slide, _Box(CHART_X, y, CHART_W, 0.45), [(clip_line(card.date_label, _pt(CHART_W) * SAFETY, 22), 22, True, ACCENT, PP_ALIGN.LEFT)]
    )
    y += 0.5
    y += _fitted(slide, _Box(CHART_X, y, CHART_W, 0.9), card.title, (24, 20, 18), bold=True) + 0.15
    details = "\n".join(f"{label}: {text}" for label, text in card.details)
    details_h = 0.0
    if details:
        size, lines = fit(details, _pt(CHART_W) * SAFETY, _pt(1.4), (14, 12, 11), LEADING)
        details_h = len(lines) * size * LEADING / 72
    y += _fitted(slide, _Box(CHART_X, y, CHART_W, bottom - y - details_h - 0.15), card.summary, (20, 18, 16, 14, 12)) + 0.15
    if details:
        _fitted(slide, _Box(CHART_X, y, CHART_W, bottom - y), details, (14, 12, 11), colour=GREY)
    _panel(slide, spec, CHART_Y, CHART_H, summary=False)
    _footnotes(slide, briefing, spec)


def _title_slide(slide, briefing: Briefing) -> None:
    y = 1.6
    y += _fitted(slide, _Box(MARGIN + 0.4, y, CONTENT_W - 0.8, 1.5), briefing.deck_title, (40, 36, 32, 28), bold=True, colour=ACCENT) + 0.15
    if briefing.deck_subtitle:
        y += _fitted(slide, _Box(MARGIN + 0.4, y, CONTENT_W - 0.8, 1.0), briefing.deck_subtitle, (22, 20, 18)) + 0.3
    y += _fitted(slide, _Box(MARGIN + 0.4, y, CONTENT_W - 0.8, 0.6), briefing.dataset_title, (20, 18), colour=GREY) + 0.1
    y += _fitted(slide, _Box(MARGIN + 0.4, y, CONTENT_W - 0.8, 0.4), made_line(briefing), (14, 12), colour=GREY) + 0.05
    y += _fitted(slide, _Box(MARGIN + 0.4, y, CONTENT_W - 0.8, 0.4), briefing.data_version, (14, 12), colour=GREY) + 0.45
    _fitted(
        slide,
        _Box(MARGIN + 0.4, y, CONTENT_W - 0.8, max(0.3, FOOTER_Y - 0.2 - y)),
        _("Cite as: {citation}").format(citation=briefing.citation),
        (12, 11, 10),
        colour=GREY,
    )


def source_columns(briefing: Briefing, width_pt: float, height_pt: float, size: float = SOURCES_PT) -> list[list[str]]:
    """Every source as a numbered entry, split into columns that each fit `height_pt` (an entry
    never breaks across columns)."""
    columns: list[list[str]] = [[]]
    used = 0.0
    for number, citation in enumerate(briefing.sources, start=1):
        entry = f"{number}  {source_text(citation)}"
        need = len(wrap(entry, width_pt, size)) * size * LEADING + SOURCES_GAP_PT
        if columns[-1] and used + need > height_pt:
            columns.append([])
            used = 0.0
        columns[-1].append(entry)
        used += need
    return columns


def _sources_slides(presentation, layout, briefing: Briefing) -> None:
    cite = _("Cite this briefing's data as: {citation}").format(citation=briefing.citation)
    cite_size, cite_lines = fit(cite, _pt(CONTENT_W) * SAFETY, _pt(0.6), (11, 10), LEADING)
    cite_h = len(cite_lines) * cite_size * LEADING / 72
    top = 1.15 + cite_h + 0.15
    height = FOOTER_Y - 0.15 - top
    column_w = (CONTENT_W - SOURCES_COLUMN_GAP) / 2
    columns = source_columns(briefing, _pt(column_w) * SAFETY, _pt(height))
    pages = [columns[i : i + 2] for i in range(0, len(columns), 2)]
    for index, page in enumerate(pages):
        slide = presentation.slides.add_slide(layout)
        title = _("Sources") if len(pages) == 1 else _("Sources ({page} of {pages})").format(page=index + 1, pages=len(pages))
        _fitted(slide, _Box(MARGIN, 0.3, CONTENT_W, 0.75), title, (28,), bold=True)
        _text(slide, _Box(MARGIN, 1.15, CONTENT_W, cite_h), [("\n".join(cite_lines), cite_size, False, GREY, PP_ALIGN.LEFT)])
        for number, column in enumerate(page):
            paragraphs = [(entry, SOURCES_PT, False, INK, PP_ALIGN.LEFT) for entry in column]
            if not paragraphs:
                paragraphs = [(_("No sources cited."), SOURCES_PT, False, GREY, PP_ALIGN.LEFT)]
            box = _text(slide, _Box(MARGIN + number * (column_w + SOURCES_COLUMN_GAP), top, column_w, height), paragraphs)
            for paragraph in box.text_frame.paragraphs:
                paragraph.space_after = Pt(SOURCES_GAP_PT)


def briefing_pptx(briefing: Briefing, chart_pngs: dict[int, bytes]) -> bytes:
    """The PPTX bytes of a described deck; `chart_pngs` maps a slide's index to its chart image."""
    presentation = Presentation()
    presentation.slide_width = Emu(12192000)  # 13.333 in: PowerPoint's own 16:9, exactly
    presentation.slide_height = Emu(6858000)
    blank = presentation.slide_layouts[6]
    presentation.core_properties.title = f"{briefing.deck_title} · {briefing.dataset_title}"
    presentation.core_properties.subject = briefing.citation[:255]
    presentation.core_properties.comments = _("Made {date} · {version}").format(date=briefing.made_label, version=briefing.data_version)
    presentation.core_properties.version = briefing.data_version_short[:255]
    _title_slide(presentation.slides.add_slide(blank), briefing)
    for index, spec in enumerate(briefing.specs):
        slide = presentation.slides.add_slide(blank)
        if index in chart_pngs:
            _chart_slide(slide, briefing, spec, chart_pngs[index])
        elif spec.card is not None:
            _card_slide(slide, briefing, spec)
        else:  # a milestone slide whose milestone is gone: say so rather than leave a hole
            _title(slide, spec.title, spec.kind_label)
            nothing = _("Nothing to show for this slide.")
            _text(slide, _Box(CHART_X, CHART_Y, CHART_W, 0.5), [(nothing, 18, False, GREY, PP_ALIGN.LEFT)])
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    _sources_slides(presentation, blank, briefing)
    pages = len(presentation.slides)
    for page, slide in enumerate(presentation.slides, start=1):
        _footer(slide, briefing, page, pages)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def chart_jobs(briefing: Briefing) -> dict[int, images.Chart]:
    """The chart of each slide that has one, sized for this output's chart box."""
    return briefing_charts(briefing, round(CHART_W * CSS_PX_PER_INCH), round(CHART_H * CSS_PX_PER_INCH), 2.0)


def deck_pptx(dataset: Dataset, deck: schema.Deck, world: dict | None = None, made: date | None = None) -> bytes:
    with images.Browser() as browser:
        briefing, pngs = drawn(browser, dataset, deck, world, made, chart_jobs)
    return briefing_pptx(briefing, pngs)


def pptx_file_name(deck: schema.Deck) -> str:
    return f"{file_stem(deck)}.pptx"

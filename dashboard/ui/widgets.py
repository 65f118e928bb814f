"""Small Streamlit helpers every page uses: charts, tables, CSV downloads, escaped text."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, ngettext, pgettext
from dashboard.model.dataset import Dataset
from dashboard.model.filters import Filters
from dashboard.model.urlstate import describe_filters
from dashboard.render import export
from dashboard.render.style import PLOTLY_CONFIG, settled
from dashboard.ui import session

GLOBAL_STYLE = """<style>
/* Captions at 4.5:1 or better on white (Streamlit's grey at 60% opacity is 4.35:1). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #50555d !important; opacity: 1 !important;}
/* A visible focus ring on every control, page links included, for keyboard users. */
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, [role="tab"]:focus-visible,
[role="radio"]:focus-visible, [role="option"]:focus-visible, [role="slider"]:focus-visible, summary:focus-visible,
[tabindex]:focus-visible, [data-testid="stPageLink-NavLink"]:focus {outline: 3px solid #0B4F8A !important; outline-offset: 2px !important;}
/* The page links above each page wrap a long name onto a second line instead of clipping it
   (Russian "Что изменилось" is wider than a seventh of a 1280 px projector's page). */
[data-testid="stMainBlockContainer"] [data-testid="stPageLink-NavLink"] span,
[data-testid="stMainBlockContainer"] [data-testid="stPageLink-NavLink"] p {
  white-space: normal; text-overflow: clip; text-align: center; line-height: 1.25;
}
</style>"""


def global_style() -> None:
    # With the page's language, for screen readers (their voice) and browsers (hyphenation, translation offers).
    language = f"<script>document.documentElement.lang = {i18n.current()!r};</script>"
    # Streamlit's own upload hint ("200MB per file • YAML") is English whatever the language; our
    # help texts say what to upload and the size limit, so other languages do without it.
    # Its button says "Upload" in English too: outside English the word is replaced by ours (the
    # English one taken out of the page, so that screen readers read ours alone).
    upload = ""
    if i18n.current() != i18n.DEFAULT:
        button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
        word = css_string(pgettext("file upload button", "Upload"))  # outside the f-string, where Babel finds it
        upload = (
            '<style>[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}'
            f"{button} p {{display: none;}} {button}::after {{content: {word};}}</style>"
        )
    st.html(GLOBAL_STYLE + upload + language, unsafe_allow_javascript=True)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string (for `content:`): quotes, backslashes and line ends escaped,
    and `<` too, so that the string cannot close the style element it sits in."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in text)
    return f'"{escaped}"'


def escape(text: str) -> str:
    """For the rare markdown we build ourselves from data: show data as text, never as markup."""
    return (
        html.escape(str(text))
        .replace("[", "&#91;")
        .replace("]", "&#93;")
        .replace("*", "&#42;")
        .replace("_", "&#95;")
        .replace("$", "&#36;")  # '$x^2$' would be typeset as maths
    )


def chart(fig, key: str, summary: str, on_select=None, file_name: str = "chart", config: dict | None = None) -> object:
    """A chart with its one-sentence text alternative below it (also given to screen readers)."""
    config = {**PLOTLY_CONFIG, **(config or {})}
    # The image a reader saves from the chart's camera button is named with the data version, as
    # the CSV extracts are (render/export.extract_file_name).
    stamped = f"{file_name}_{session.dataset().version.slug}"
    config["toImageButtonOptions"] = {**config.get("toImageButtonOptions", {}), "filename": stamped}
    kwargs = {"on_select": on_select, "selection_mode": ("points",)} if on_select else {}
    event = st.plotly_chart(
        settled(fig, selectable=bool(on_select)), key=key, width="stretch", config=config, alt=summary, theme=None, **kwargs
    )
    st.caption(escape(summary))
    return event


# Rows sent to the browser per table. Past this a table is scrolled by nobody, while every row
# costs Arrow bytes on each rerun (about 50 MB for 100,000 milestones); the CSV has them all.
MAX_TABLE_ROWS = 1000
COLUMN_WIDTHS = {
    "Date": "medium",
    "Title": "large",
    "Programmes": "medium",
    "Summary": "large",
    "Note": "large",
    "Sources disagree / note": "large",
    "Sources": "large",
    "About": "large",
    "Cited by": "large",
}


def column_label(column: str) -> str:
    """A table's column as the reader sees it on screen. The frames keep their English names (they
    are the CSV's stable column names); only the heading shown is worded in the reader's language."""
    labels = {
        "Date": pgettext("table column", "Date"),
        "Date (ISO)": pgettext("table column", "Date (ISO)"),
        "Date precision": pgettext("table column", "Date precision"),
        "End date (ISO)": pgettext("table column", "End date (ISO)"),
        "Title": pgettext("table column", "Title"),
        "Category": pgettext("table column", "Category"),
        "Programmes": pgettext("table column", "Programmes"),
        "Programme": pgettext("table column", "Programme"),
        "Mission": pgettext("table column", "Mission"),
        "People": pgettext("table column", "People"),
        "Place": pgettext("table column", "Place"),
        "Summary": pgettext("table column", "Summary"),
        "Confidence": pgettext("table column", "Confidence"),
        "Sources disagree / note": pgettext("table column", "Sources disagree / note"),
        "Sources": pgettext("table column", "Sources"),
        "ID": pgettext("table column", "ID"),
        "Code": pgettext("table column", "Code"),
        "Type": pgettext("table column", "Type"),
        "Dates": pgettext("table column", "Dates"),
        "Status": pgettext("table column", "Status"),
        "Milestones": pgettext("table column", "Milestones"),
        "Focus areas": pgettext("table column", "Focus areas"),
        "Also known as": pgettext("table column", "Also known as"),
        "Description": pgettext("table column", "Description"),
        "Short name": pgettext("table column", "Short name"),
        "Country": pgettext("table column", "Country"),
        "Led by": pgettext("table column", "Led by"),
        "Lead type": pgettext("table column", "Lead type"),
        "Mission dates": pgettext("table column", "Mission dates"),
        "Role": pgettext("table column", "Role"),
        "Deployment area": pgettext("table column", "Deployment area"),
        "Peak personnel (years shown)": pgettext("table column", "Peak personnel (years shown)"),
        "Year": pgettext("table column", "Year"),
        "Personnel": pgettext("table column", "Personnel"),
        "Note": pgettext("table column", "Note"),
        "Publisher": pgettext("table column", "Publisher"),
        "Kind": pgettext("table column", "Kind"),
        "URL": pgettext("table column", "URL"),
        "Cited by": pgettext("table column", "Cited by"),
        "Cycle": pgettext("table column", "Cycle"),
        "Record": pgettext("table column", "Record"),
        "About": pgettext("table column", "About"),
    }
    if column in labels:
        return labels[column]
    partner, space, rest = column.rpartition(" ")
    if space and rest == "participation":  # "<partner adjective> participation" (missions)
        return pgettext("table column", "{partner} participation").format(partner=partner)
    return column


def table(frame: pd.DataFrame, key: str, height: int | str = "auto", total: int | None = None) -> None:
    """At most MAX_TABLE_ROWS rows; `total` is how many rows the full table (and its CSV) has."""
    total = len(frame) if total is None else total
    shown = export.on_screen(frame.head(MAX_TABLE_ROWS))
    # Headings in the reader's language; the frame (and its CSV) keeps its column names.
    labels = {c: column_label(c) for c in shown.columns}
    config = {c: st.column_config.Column(labels[c]) for c in shown.columns if labels[c] != c}
    config |= {c: st.column_config.LinkColumn(labels[c]) for c in shown.columns if c == "URL"}
    # Wide enough that a reader sees the date, the programmes and the start of a note uncut.
    config |= {c: st.column_config.TextColumn(labels[c], width=w) for c, w in COLUMN_WIDTHS.items() if c in shown.columns}
    st.dataframe(shown, hide_index=True, width="stretch", key=key, height=height, column_config=config)
    if total > len(shown):
        st.caption(
            ngettext(
                "The table shows the first {shown} of {total} row; the CSV below has all of them.",
                "The table shows the first {shown} of {total} rows; the CSV below has all of them.",
                total,
            ).format(shown=i18n.format_number(len(shown)), total=i18n.format_number(total))
        )


def in_this_language(build: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download made on click, worded in this run's language. Streamlit calls it later from
    another thread, where the run's language (a context variable) is not set."""
    language = i18n.current()

    def made() -> bytes:
        with i18n.language(language):
            return build()

    return made


def download_csv(
    label: str, frame: pd.DataFrame | Callable[[], pd.DataFrame], kind: str, dataset: Dataset, filters: Filters, key: str
) -> None:
    """A CSV download. Given a function, the table is built and written only when the button is
    clicked, not on every rerun (at 100,000 milestones that is seconds per rerun)."""
    build = frame if callable(frame) else (lambda: frame)
    st.download_button(
        label,
        data=in_this_language(lambda: export.csv_bytes(build())),
        file_name=export.extract_file_name(kind, filters, dataset),
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def url_notices() -> None:
    for notice in st.session_state.pop("_url_notices", []):
        st.warning(escape(notice))


def page_header(dataset: Dataset, title: str, filters: Filters) -> None:
    st.title(escape(title), anchor=False)
    st.caption(escape(_("Showing {filters}").format(filters=describe_filters(filters, dataset))))
    url_notices()


def selection_points(key: str) -> list:
    """Points of a chart's current selection, read from session state inside an on_select callback."""
    state = st.session_state.get(key) or {}
    selection = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    points = selection.get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    return list(points or [])

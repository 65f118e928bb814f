"""The Streamlit edge: cached loading, the shared sidebar, URL sync and small render helpers.

Everything below this module (data, filters, charts, export, summary) is pure and knows nothing
of Streamlit.
"""

from __future__ import annotations

import gc
import html
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import export, urlstate
from dashboard.charts import PLOTLY_CONFIG, settled
from dashboard.data import DATA_FILES, DataError, Dataset, data_dir_from_env, load_dataset
from dashboard.filters import Filters
from dashboard.schema import CONFIDENCE_LEVELS

VIEWS = Path(__file__).parent / "views"
SESSION_DECK = "session"
# The view a page adds to the session's briefing deck.
PAGE_VIEWS = {"": ("year_strip", "Overview"), "timeline": ("timeline", "Timeline"), "missions": ("map", "Missions"),
              "programmes": ("programme_matrix", "Programmes")}
# Parameters owned by single pages; the shared filter parser lets them through.
PAGE_PARAMS = ("milestone", "deck", "slide", "compare", "lanes", "view")
KEYS = {
    urlstate.YEARS: "f_years",
    urlstate.PROGRAMME: "f_programme",
    urlstate.CATEGORY: "f_category",
    urlstate.MISSION: "f_mission",
    urlstate.CONFIDENCE: "f_confidence",
    urlstate.QUERY: "f_q",
}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _fingerprint(data_dir: Path) -> tuple:
    """Modification times of the data files: editing a file and reloading shows the change,
    while an ordinary rerun reads nothing."""
    stamps = []
    for name in DATA_FILES:
        try:
            stamps.append((name, (data_dir / name).stat().st_mtime_ns))
        except OSError:
            stamps.append((name, None))
    return tuple(stamps)


@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def _load(data_dir: str, fingerprint: tuple) -> Dataset:
    # cache_resource, not cache_data: the validated Dataset is shared read-only by every session
    # and rerun, instead of being unpickled again on each one.
    return load_dataset(Path(data_dir))


_frozen = False
_completed_runs = 0


def freeze_long_lived_objects() -> None:
    """Call at the start of every script run. At the start of the second run in the process,
    moves every object alive (modules, the cached data, plotly's validators) out of the garbage
    collector's sight: Streamlit runs a full collection after every script run, and those
    objects, which live as long as the server, cost it 80-150 ms on each rerun
    (docs/PERFORMANCE.md). Not during the first run, so that the first page waits for nothing:
    Streamlit's collection after that run has already freed the loader's garbage, and freezing
    itself is instant. Objects still reachable are freed as usual when their last reference
    goes; only cycles among them would outlive their use, once."""
    global _frozen
    if not _frozen and _completed_runs:
        _frozen = True
        gc.freeze()


def run_completed() -> None:
    global _completed_runs
    _completed_runs += 1


def dataset() -> Dataset:
    data_dir = data_dir_from_env().resolve()
    return _load(str(data_dir), _fingerprint(data_dir))


def show_data_error(error: DataError) -> None:
    st.title("The data could not be loaded")
    st.error(
        f"The data directory has {len(error.problems)} problem{'s' if len(error.problems) != 1 else ''}. "
        "Nothing is shown until they are fixed. Each line names the file, the line and the column."
    )
    st.code("\n".join(str(p) for p in error.problems[:200]), language=None, wrap_lines=True)
    if len(error.problems) > 200:
        st.caption(f"…and {len(error.problems) - 200} more. Run `python -m dashboard.validate` for the full list.")
    st.caption("Check the directory with `python -m dashboard.validate [DATA_DIR]`; the data dictionary is docs/DATA.md.")


# --------------------------------------------------------------------------------------------
# Filters <-> widgets <-> URL
# --------------------------------------------------------------------------------------------


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _seed_widgets(data: Dataset) -> None:
    """On the first run of a session, the URL decides the widgets' starting values. Streamlit
    drops a widget's state in a run that does not draw it (the briefing page hides the filters),
    so the URL, which always carries the filters, decides again then."""
    if st.session_state.get("_seeded") and KEYS[urlstate.YEARS] in st.session_state:
        return
    filters, notices = urlstate.parse_query_params(_url_params(), data, extra=PAGE_PARAMS)
    _set_widgets(data, filters)
    st.session_state["_url_notices"] = notices
    st.session_state["_seeded"] = True


def _set_widgets(data: Dataset, filters: Filters) -> None:
    st.session_state[KEYS[urlstate.YEARS]] = filters.years(data)
    st.session_state[KEYS[urlstate.PROGRAMME]] = list(filters.programmes)
    st.session_state[KEYS[urlstate.CATEGORY]] = list(filters.categories)
    st.session_state[KEYS[urlstate.MISSION]] = list(filters.missions)
    st.session_state[KEYS[urlstate.CONFIDENCE]] = list(filters.confidence)
    st.session_state[KEYS[urlstate.QUERY]] = filters.query


def current_filters(data: Dataset) -> Filters:
    state = st.session_state
    low, high = state.get(KEYS[urlstate.YEARS], data.year_bounds)
    bounds = data.year_bounds
    return Filters(
        year_from=low if low != bounds[0] else None,
        year_to=high if high != bounds[1] else None,
        programmes=tuple(state.get(KEYS[urlstate.PROGRAMME], ())),
        categories=tuple(state.get(KEYS[urlstate.CATEGORY], ())),
        missions=tuple(state.get(KEYS[urlstate.MISSION], ())),
        confidence=tuple(state.get(KEYS[urlstate.CONFIDENCE], ())),
        query=(state.get(KEYS[urlstate.QUERY]) or "").strip()[: urlstate.MAX_QUERY_LENGTH],
    )


def _reset(data: Dataset) -> None:
    _set_widgets(data, Filters())


def sync_url(data: Dataset, filters: Filters) -> None:
    """Write the filters into the address bar, leaving page-owned parameters alone."""
    wanted = urlstate.to_query_params(filters, data)
    current = _url_params()
    for key in urlstate.FILTER_PARAMS:
        if key in wanted and current.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in current:
            del st.query_params[key]
    for key in current:
        if key not in urlstate.FILTER_PARAMS and key not in PAGE_PARAMS:
            del st.query_params[key]


def page_params(data: Dataset, filters: Filters) -> dict[str, list[str]]:
    """Query parameters that carry the current filters to another page."""
    return urlstate.to_query_params(filters, data)


def sidebar_filters(data: Dataset) -> Filters:
    _seed_widgets(data)
    low, high = data.year_bounds
    with st.sidebar:
        st.subheader("Filters")
        st.slider("Years", min_value=low, max_value=high, key=KEYS[urlstate.YEARS], step=1)
        st.text_input(
            "Search",
            key=KEYS[urlstate.QUERY],
            placeholder="e.g. Kabul, SNT, IPAP",
            help="Searches titles, summaries, people, places and every name the press uses for a programme.",
            max_chars=urlstate.MAX_QUERY_LENGTH,
        )
        names = data.programme_names
        st.multiselect(
            "Programmes",
            options=data.programmes["code"].tolist(),
            format_func=lambda code: f"{code} · {names[code]}" if names[code] != code else code,
            key=KEYS[urlstate.PROGRAMME],
            placeholder="All programmes",
        )
        st.multiselect(
            "Categories",
            options=[c.code for c in data.meta.categories],
            format_func=lambda code: data.category_labels[code],
            key=KEYS[urlstate.CATEGORY],
            placeholder="All categories",
        )
        st.multiselect(
            "Missions",
            options=data.missions["id"].tolist(),
            format_func=lambda code: data.mission_names[code],
            key=KEYS[urlstate.MISSION],
            placeholder="All missions",
        )
        st.multiselect(
            "Confidence",
            options=list(CONFIDENCE_LEVELS),
            format_func=lambda level: data.meta.confidence[level].label,
            key=KEYS[urlstate.CONFIDENCE],
            placeholder="Any confidence",
            help="; ".join(f"{escape(c.label)}: {escape(c.description)}" for c in data.meta.confidence.values()),
        )
        st.button("Reset filters", on_click=_reset, args=(data,), key="f_reset", width="stretch")
    filters = current_filters(data)
    sync_url(data, filters)
    return filters


def url_notices() -> None:
    for notice in st.session_state.pop("_url_notices", []):
        st.warning(escape(notice))


# --------------------------------------------------------------------------------------------
# Rendering helpers
# --------------------------------------------------------------------------------------------


def chart(fig, key: str, summary: str, on_select=None, file_name: str = "chart", config: dict | None = None) -> object:
    """A chart with its one-sentence text alternative below it (also given to screen readers)."""
    config = {**PLOTLY_CONFIG, **(config or {})}
    config["toImageButtonOptions"] = {**config.get("toImageButtonOptions", {}), "filename": file_name}
    kwargs = {"on_select": on_select, "selection_mode": ("points",)} if on_select else {}
    event = st.plotly_chart(settled(fig, selectable=bool(on_select)), key=key, width="stretch", config=config, alt=summary, theme=None, **kwargs)
    st.caption(escape(summary))
    return event


# Rows sent to the browser per table. Past this a table is scrolled by nobody, while every row
# costs Arrow bytes on each rerun (about 50 MB for 100,000 milestones); the CSV has them all.
MAX_TABLE_ROWS = 1000


def table(frame: pd.DataFrame, key: str, height: int | str = "auto", total: int | None = None) -> None:
    """At most MAX_TABLE_ROWS rows; `total` is how many rows the full table (and its CSV) has."""
    total = len(frame) if total is None else total
    shown = frame.head(MAX_TABLE_ROWS)
    link_columns = {c: st.column_config.LinkColumn(c) for c in shown.columns if c == "URL"}
    st.dataframe(shown, hide_index=True, width="stretch", key=key, height=height, column_config=link_columns)
    if total > len(shown):
        st.caption(f"The table shows the first {len(shown):,} of {total:,} rows; the CSV below has all of them.")


def download_csv(label: str, frame: pd.DataFrame | Callable[[], pd.DataFrame], kind: str, data: Dataset, filters: Filters, key: str) -> None:
    """A CSV download. Given a function, the table is built and written only when the button is
    clicked, not on every rerun (at 100,000 milestones that is seconds per rerun)."""
    build = frame if callable(frame) else (lambda: frame)
    st.download_button(
        label,
        data=lambda: export.csv_bytes(build()),
        file_name=export.extract_file_name(kind, filters, data),
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def escape(text: str) -> str:
    """For the rare markdown we build ourselves from data: show data as text, never as markup."""
    return (
        html.escape(str(text)).replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;")
        .replace("$", "&#36;")  # '$x^2$' would be typeset as maths
    )


def page_header(data: Dataset, title: str, filters: Filters) -> None:
    st.title(escape(title))
    st.caption(escape(f"Showing {urlstate.describe_filters(filters, data)}"))
    url_notices()


@st.cache_resource
def world_geojson() -> dict:
    from dashboard import geo

    return geo.load_world()


def _safe_url(url: str) -> str | None:
    return url if url.startswith(("https://", "http://")) and not any(c in url for c in " <>()\"") else None


def source_lines(data: Dataset, source_ids) -> list[str]:
    """Markdown bullets for sources: text escaped, links only for plain http(s) URLs."""
    sources = data.sources.set_index("id")
    lines = []
    for source_id in source_ids:
        if source_id not in sources.index:
            continue
        s = sources.loc[source_id]
        date = f" ({escape(s['date_label'])})" if s["date_label"] else ""
        url = _safe_url(s["url"])
        link = f" · [link]({url})" if url else ""
        lines.append(f"- `{source_id}` {escape(s['publisher'])}, “{escape(s['title'])}”{date}{link}")
    return lines


def milestone_details(data: Dataset, row: pd.Series) -> None:
    confidence = data.meta.confidence[row["confidence"]]
    with st.container(border=True):
        st.markdown(f"### {escape(row['title'])}")
        facts = [f"**{escape(row['date_label'])}**", escape(data.category_labels.get(row["category"], row["category"])),
                 f"Confidence: **{escape(confidence.label)}**"]
        st.markdown(" · ".join(facts))
        st.markdown(escape(row["summary"]))
        details = []
        if row["programmes"]:
            details.append("Programmes: " + ", ".join(escape(data.programme_names.get(c, c)) for c in row["programmes"]))
        if isinstance(row["mission"], str) and row["mission"]:
            details.append("Mission: " + escape(data.mission_names.get(row["mission"], row["mission"])))
        if row["people"]:
            details.append("People: " + ", ".join(escape(p) for p in row["people"]))
        if row["place"]:
            details.append("Place: " + escape(row["place"]))
        if details:
            st.markdown("  \n".join(details))
        if row["note"]:
            st.warning("**Sources disagree / note:** " + escape(row["note"]))
        st.markdown("**Sources**")
        st.markdown("\n".join(source_lines(data, row["source_ids"])))


def selection_points(key: str) -> list:
    """Points of a chart's current selection, read from session state inside an on_select callback."""
    state = st.session_state.get(key) or {}
    selection = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    points = selection.get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    return list(points or [])


def mission_details(data: Dataset, row: pd.Series, deployments: pd.DataFrame) -> None:
    lead = data.lead_types.get(row["lead_type"])
    figures = deployments[(deployments["mission"] == row.name)].dropna(subset=["personnel"])
    peak = f"{int(figures['personnel'].max())} ({', '.join(str(y) for y in figures.loc[figures['personnel'] == figures['personnel'].max(), 'year'])})" if len(figures) else "no published figure in these years"
    with st.container(border=True):
        st.markdown(f"### {escape(row['name'])} ({escape(row['short_name'])})")
        st.markdown(f"**{escape(lead.label if lead else row['lead_type'])}** · {escape(row['lead'])}")
        st.markdown(
            f"Mission: {escape(row['mission_dates'])}  \n"
            f"{escape(data.meta.partner.adjective)} participation: **{escape(row['participation_dates'])}**  \n"
            f"Where: {escape(row['location_name'])}, {escape(row['country_name'])}  \n"
            f"Peak personnel: **{escape(peak)}**"
        )
        st.markdown(escape(row["role"]))
        if row["note"]:
            st.warning("**Sources disagree / note:** " + escape(row["note"]))
        st.markdown("**Sources**")
        st.markdown("\n".join(source_lines(data, row["source_ids"])))


def programme_card(data: Dataset, row: pd.Series, milestone_count: int) -> None:
    with st.container(border=True):
        colour = row["colour"] if str(row["colour"]).startswith("#") else "#777777"
        st.markdown(f"#### {escape(row['name'])}")
        st.html(f'<div style="height:6px;background:{html.escape(colour)};border-radius:3px"></div>')
        st.markdown(
            f"**{escape(row.name)}** · {escape(row['type'])}  \n"
            f"{escape(row['dates_label'])} · status: **{escape(row['status'])}**  \n"
            f"Milestones in view: **{milestone_count}** · confidence: {escape(data.meta.confidence[row['confidence']].label)}"
        )
        st.markdown("**Focus areas:** " + ", ".join(escape(data.focus_area_labels.get(c, c)) for c in row["focus_areas"]))
        st.markdown(escape(row["description"]))
        if row["aliases"]:
            st.markdown("**Also called:** " + "; ".join(escape(a) for a in row["aliases"]))
        if row["note"]:
            st.caption(escape(row["note"]))


def add_view_button(data: Dataset, page_path: str, filters: Filters) -> None:
    """'Add current view to briefing': appends this page's view, filtered, to the session deck."""
    if page_path not in PAGE_VIEWS:
        return

    def _add() -> None:
        from dashboard.briefing import view_slide

        view, label = PAGE_VIEWS[page_path]
        picked = st.session_state.get("milestone_pick") if page_path == "timeline" else None
        title = f"{label}: {urlstate.describe_filters(filters, data)}"
        slide = view_slide(title, view, filters)
        slides = st.session_state.setdefault("session_slides", [])
        slides.append(slide)
        if picked:
            row = data.milestones.set_index("id").loc[picked]
            slides.append(view_slide(f"{row['date_label']}: {row['title']}", "milestone", filters, milestone=picked))
        st.toast(f"Added to the briefing: {len(slides)} slide{'s' if len(slides) != 1 else ''} in this session's deck.")

    with st.sidebar:
        st.button("Add current view to briefing", on_click=_add, key="add_to_briefing", width="stretch",
                  help="Adds what this page shows, with its filters, to a deck on the Briefing page for the rest of this browser session.")
        count = len(st.session_state.get("session_slides", []))
        if count:
            st.caption(f"Session deck: {count} slide{'s' if count != 1 else ''}.")


def presenter_style() -> None:
    """Large type and no chrome for a projector."""
    st.html(
        """<style>
        [data-testid="stHeader"] {display: none;}
        [data-testid="stMainBlockContainer"] {padding-top: 1.2rem; max-width: 100%;}
        [data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {font-size: 1.3rem;}
        [data-testid="stMainBlockContainer"] h1 {font-size: 3rem;}
        .slide-counter {font-size: 1.6rem; text-align: center; font-weight: 600;}
        </style>"""
    )

"""The view in the URL and in the widgets: filters and page-owned parameters, both ways.

The URL decides the widgets' starting values on a session's first run (the filters) and on the
first run of each page (its own parameters: lanes, milestone, compare, deck, slide); after
that the widgets decide and the URL follows them, so a link always reproduces the view.
Parsing is pure (model/urlstate.py); this module only moves values between the URL and the
session state.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from dashboard import i18n
from dashboard.i18n import N_, _
from dashboard.loading.decks import deck_from_link, deck_link
from dashboard.model import schema, urlstate
from dashboard.model.dataset import Dataset
from dashboard.model.filters import Filters
from dashboard.model.registry import LANGUAGE_PARAM, PAGE_PARAMS, SESSION_DECK_PARAM, Page
from dashboard.model.urlstate import ViewState

KEYS = {
    urlstate.YEARS: "f_years",
    urlstate.PROGRAMME: "f_programme",
    urlstate.CATEGORY: "f_category",
    urlstate.MISSION: "f_mission",
    urlstate.CONFIDENCE: "f_confidence",
    urlstate.QUERY: "f_q",
}
# Session-state keys of the widgets that hold each page-owned parameter (the timeline's view: its
# code, 'Chart' or 'Table', whatever the language its labels are worded in).
VIEW_KEYS = {
    "lanes": "lanes",
    "tab": "timeline_tab",
    "milestone": "milestone_pick",
    "compare": "compare",
    "deck": "deck_pick",
    "slide": "slide_pos",
    "present": "presenting",
    "presenter": "presenter_screen",
}
# The URL parameter of a view field, where it is named otherwise.
VIEW_PARAMS = {"tab": "view"}


def url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def view_url() -> str:
    """The full address of exactly this view: the page and every parameter in the URL."""
    here = urlsplit(st.context.url or "")
    return urlunsplit((here.scheme, here.netloc, here.path, urlencode(url_params(), doseq=True), ""))


def follow_history() -> None:
    """Back, Forward, or an edited address: when the URL is not the one this session last wrote,
    it decides the view again (filters and the page's own parameters), as on a first visit. A
    change made with the widgets rewrites the URL (one history entry each, pushed by Streamlit),
    so stepping back through history steps back through the views."""
    state = st.session_state
    last = state.get("_last_url")
    if last is not None and url_params() != last:
        state.pop("_seeded", None)
        state.pop("_seeded_pages", None)


def remember_url() -> None:
    """The URL as this session last wrote it (every sync calls this)."""
    st.session_state["_last_url"] = url_params()


def seed_filters(dataset: Dataset) -> None:
    """On the first run of a session, the URL decides the filter widgets' starting values.
    Streamlit drops a widget's state in a run that does not draw it (the briefing page hides the
    filters), so the URL, which always carries the filters, decides again then."""
    state = st.session_state
    if state.get("_seeded") and KEYS[urlstate.YEARS] in state:
        return
    filters, notices = urlstate.parse_query_params(url_params(), dataset, extra=PAGE_PARAMS)
    set_filter_widgets(dataset, filters)
    state.setdefault("_url_notices", []).extend(notices)
    state["_seeded"] = True
    state["_seeded_pages"] = set()


def set_filter_widgets(dataset: Dataset, filters: Filters) -> None:
    state = st.session_state
    state[KEYS[urlstate.YEARS]] = filters.years(dataset)
    state[KEYS[urlstate.PROGRAMME]] = list(filters.programmes)
    state[KEYS[urlstate.CATEGORY]] = list(filters.categories)
    state[KEYS[urlstate.MISSION]] = list(filters.missions)
    state[KEYS[urlstate.CONFIDENCE]] = list(filters.confidence)
    state[KEYS[urlstate.QUERY]] = filters.query


def current_filters(dataset: Dataset) -> Filters:
    state = st.session_state
    low, high = state.get(KEYS[urlstate.YEARS], dataset.year_bounds)
    bounds = dataset.year_bounds
    return Filters(
        year_from=low if low != bounds[0] else None,
        year_to=high if high != bounds[1] else None,
        programmes=tuple(state.get(KEYS[urlstate.PROGRAMME], ())),
        categories=tuple(state.get(KEYS[urlstate.CATEGORY], ())),
        missions=tuple(state.get(KEYS[urlstate.MISSION], ())),
        confidence=tuple(state.get(KEYS[urlstate.CONFIDENCE], ())),
        query=(state.get(KEYS[urlstate.QUERY]) or "").strip()[: urlstate.MAX_QUERY_LENGTH],
    )


def sync_filters(dataset: Dataset, filters: Filters) -> None:
    """Write the filters into the address bar, leaving page-owned parameters alone."""
    wanted = urlstate.to_query_params(filters, dataset)
    current = url_params()
    for key in urlstate.FILTER_PARAMS:
        if key in wanted and current.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in current:
            del st.query_params[key]
    for key in current:
        if key not in urlstate.FILTER_PARAMS and key not in PAGE_PARAMS:
            del st.query_params[key]
    remember_url()


LANGUAGE_KEY = "f_lang"


def language() -> str:
    """The reader's language: the picker's value once it exists, else the link's `?lang=`, else
    English. An unknown language in the link is reported once and English is used."""
    state = st.session_state
    chosen = state.get(LANGUAGE_KEY)
    if chosen in i18n.LANGUAGES and not _url_changed_language(chosen):
        return chosen
    asked = st.query_params.get(LANGUAGE_PARAM)
    code = i18n.known(asked) or i18n.DEFAULT
    if asked and not i18n.known(asked):
        with i18n.language(code):  # the language this run will be worded in (it is not set yet)
            notice = _("Ignored unknown language “{language}” in the link.").format(language=asked[:20])
        state.setdefault("_url_notices", []).append(notice)
    state[LANGUAGE_KEY] = code
    return code


def _url_changed_language(chosen: str) -> bool:
    """Back, Forward or an edited address brought another language than the picker shows."""
    last = st.session_state.get("_last_url")
    asked = i18n.known(st.query_params.get(LANGUAGE_PARAM)) or i18n.DEFAULT
    return last is not None and url_params() != last and asked != chosen


def sync_language(code: str) -> None:
    """The language in the address bar (English, the default, is left out)."""
    if code == i18n.DEFAULT:
        if LANGUAGE_PARAM in st.query_params:
            del st.query_params[LANGUAGE_PARAM]
    elif st.query_params.get(LANGUAGE_PARAM) != code:
        st.query_params[LANGUAGE_PARAM] = code


def page_params(dataset: Dataset, filters: Filters) -> dict[str, list[str]]:
    """Query parameters that carry the current filters (the language, and the session's deck) to another page."""
    params = urlstate.to_query_params(filters, dataset)
    if i18n.current() != i18n.DEFAULT:
        params[LANGUAGE_PARAM] = [i18n.current()]
    deck = session_deck()
    if deck is not None:
        params[SESSION_DECK_PARAM] = [deck_link(deck)]
    return params


# --------------------------------------------------------------------------------------------
# The session's own deck: built with "Add current view to briefing", edited on the Briefing
# page, carried in every link (so it survives a reload and can be shared)
# --------------------------------------------------------------------------------------------

SESSION_DECK_ID = "session"
# Worded when the deck is made, in the reader's language; from then on the title is the deck's own.
SESSION_DECK_TITLE = N_("Views added this session")
_DECK_KEY = "session_deck"


def session_deck() -> schema.Deck | None:
    return st.session_state.get(_DECK_KEY)


def set_session_deck(deck: schema.Deck | None) -> None:
    """Keep `deck` as the session's deck (None removes it) and put it in the address bar."""
    if deck is None or not deck.slides:
        st.session_state.pop(_DECK_KEY, None)
    else:
        st.session_state[_DECK_KEY] = deck.model_copy(update={"id": SESSION_DECK_ID})
    sync_session_deck()


def add_to_session_deck(slides: list[schema.Slide]) -> schema.Deck:
    current = session_deck()
    if current is None:
        deck = schema.Deck(id=SESSION_DECK_ID, title=_(SESSION_DECK_TITLE), slides=slides)
    else:
        deck = current.model_copy(update={"slides": [*current.slides, *slides]})
    set_session_deck(deck)
    return deck


def seed_session_deck(dataset: Dataset) -> None:
    """On a session's first run, a deck carried in the link becomes the session's deck; one
    that does not check out is dropped with a notice naming what is wrong."""
    state = st.session_state
    if state.get("_seeded_deck"):
        return
    state["_seeded_deck"] = True
    token = st.query_params.get(SESSION_DECK_PARAM)
    if not token:
        return
    deck, problems = deck_from_link(token, dataset)
    if deck is None:
        reasons = "; ".join(f"{p.column + ': ' if p.column else ''}{p.message}" for p in problems[:3])
        state.setdefault("_url_notices", []).append(_("Ignored the briefing deck in the link: {reasons}.").format(reasons=reasons))
        del st.query_params[SESSION_DECK_PARAM]
        return
    state[_DECK_KEY] = deck.model_copy(update={"id": SESSION_DECK_ID})


def sync_session_deck() -> None:
    deck = session_deck()
    wanted = deck_link(deck) if deck is not None else None
    if wanted is None:
        if SESSION_DECK_PARAM in st.query_params:
            del st.query_params[SESSION_DECK_PARAM]
    elif st.query_params.get(SESSION_DECK_PARAM) != wanted:
        st.query_params[SESSION_DECK_PARAM] = wanted
    remember_url()  # also when called from a callback: a URL this session wrote is not history


def seed_view(dataset: Dataset, page: Page, deck_slides: dict[str, int] | None = None) -> None:
    """On the first run of `page` in a session (or after the URL was read anew), its own
    parameters in the URL decide its widgets; anything unusable is dropped with a notice."""
    state = st.session_state
    seeded = state.setdefault("_seeded_pages", set())
    if page.url_path in seeded:
        return
    view, notices = urlstate.parse_view(page, url_params(), dataset, deck_slides)
    defaults = ViewState()
    for name, key in VIEW_KEYS.items():
        if VIEW_PARAMS.get(name, name) in page.params:
            value = getattr(view, name)
            if value != getattr(defaults, name):
                state[key] = list(value) if isinstance(value, tuple) else value
            else:
                state.pop(key, None)
    state.setdefault("_url_notices", []).extend(notices)
    seeded.add(page.url_path)


def current_view(page: Page) -> ViewState:
    state = st.session_state
    compare = state.get(VIEW_KEYS["compare"])
    return ViewState(
        lanes=state.get(VIEW_KEYS["lanes"]) or ViewState.lanes,
        tab=state.get(VIEW_KEYS["tab"]) or ViewState.tab,
        milestone=state.get(VIEW_KEYS["milestone"]),
        compare=tuple(compare) if compare is not None else None,
        deck=state.get(VIEW_KEYS["deck"]),
        slide=int(state.get(VIEW_KEYS["slide"], 1)),
        present=bool(state.get(VIEW_KEYS["present"], False)),
        presenter=bool(state.get(VIEW_KEYS["presenter"], False)),
    )


def sync_view(page: Page, view: ViewState) -> None:
    """Write the page's own parameters into the address bar (defaults left out)."""
    wanted = urlstate.view_params(page, view)
    current = url_params()
    for key in page.params:
        if key in wanted and current.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in current:
            del st.query_params[key]
    remember_url()

"""The shared sidebar and navigation: filters bound to the URL, page links that carry them, and
'Add current view to briefing'."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.model import urlstate
from dashboard.model.dataset import Dataset
from dashboard.model.filters import Filters
from dashboard.model.registry import SLIDE_KINDS, Page
from dashboard.model.schema import CONFIDENCE_LEVELS
from dashboard.model.slides import view_slide
from dashboard.model.text import in_sentence
from dashboard.ui import state
from dashboard.ui.state import (
    KEYS,
    add_to_session_deck,
    current_filters,
    seed_filters,
    session_deck,
    set_filter_widgets,
    sync_filters,
    view_url,
)
from dashboard.ui.widgets import escape


def _reset(dataset: Dataset) -> None:
    set_filter_widgets(dataset, Filters())


def language_picker() -> None:
    """The interface's language. Its label is in all three languages, so that a reader who does
    not read the current one still finds it."""
    st.selectbox(
        " · ".join(dict.fromkeys(("Language", "Dil", "Язык"))),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: i18n.LANGUAGES[code][0],
        key=state.LANGUAGE_KEY,
    )


def sidebar_filters(dataset: Dataset) -> Filters:
    seed_filters(dataset)
    low, high = dataset.year_bounds
    with st.sidebar:
        st.subheader(_("Filters"), anchor=False)
        st.slider(_("Years"), min_value=low, max_value=high, key=KEYS[urlstate.YEARS], step=1)
        st.text_input(
            _("Search"),
            key=KEYS[urlstate.QUERY],
            placeholder=_("e.g. Kabul, SNT, IPAP"),
            help=_("Searches titles, summaries, people, places and every name the press uses for a programme."),
            max_chars=urlstate.MAX_QUERY_LENGTH,
        )
        names = dataset.programme_names
        st.multiselect(
            _("Programmes"),
            options=dataset.programmes["code"].tolist(),
            format_func=lambda code: f"{code} · {names[code]}" if names[code] != code else code,
            key=KEYS[urlstate.PROGRAMME],
            placeholder=_("All programmes"),
        )
        st.multiselect(
            _("Categories"),
            options=[c.code for c in dataset.meta.categories],
            format_func=lambda code: dataset.category_labels[code],
            key=KEYS[urlstate.CATEGORY],
            placeholder=_("All categories"),
        )
        st.multiselect(
            _("Missions"),
            options=dataset.missions["id"].tolist(),
            format_func=lambda code: dataset.mission_names[code],
            key=KEYS[urlstate.MISSION],
            placeholder=_("All missions"),
        )
        st.multiselect(
            _("Confidence"),
            options=list(CONFIDENCE_LEVELS),
            format_func=lambda level: dataset.meta.confidence[level].label,
            key=KEYS[urlstate.CONFIDENCE],
            placeholder=_("Any confidence"),
            help="; ".join(f"{escape(c.label)}: {escape(c.description)}" for c in dataset.meta.confidence.values()),
        )
        st.button(_("Reset filters"), on_click=_reset, args=(dataset,), key="f_reset", width="stretch")
    filters = current_filters(dataset)
    sync_filters(dataset, filters)
    return filters


def copy_link() -> None:
    """The address of exactly this view, ready to copy (the code box has a copy button)."""
    with st.sidebar, st.popover(_("Copy link to this view"), width="stretch", on_change="rerun", key="link_popover") as popover:
        if not popover.open:  # written only while open, as "Cite this view" (ui/cite.py)
            return
        st.caption(_("Anyone who opens this link sees this view: page, filters, lanes, chosen milestone or slide."))
        st.code(view_url(), language=None, wrap_lines=True)


def add_view_button(dataset: Dataset, page: Page, filters: Filters) -> None:
    """'Add current view to briefing': appends the page's view (its slide kind in the registry),
    filtered, to the session's deck; on the timeline, the chosen milestone follows as its own slide."""
    if page.slide_kind is None:
        return
    language = i18n.current()  # the callback runs before the next run has set its language

    def _add() -> None:
        with i18n.language(language):  # the slides' titles and the notice, in the reader's language
            picked = st.session_state.get(state.VIEW_KEYS["milestone"]) if "milestone" in page.params else None
            slides = [view_slide(f"{_(page.title)}: {urlstate.describe_filters(filters, dataset)}", page.slide_kind, filters)]
            if picked and picked in dataset.milestone_ids:
                row = dataset.milestones.set_index("id").loc[picked]
                slides.append(view_slide(f"{row['date_label']}: {row['title']}", "milestone", filters, milestone=picked))
            count = len(add_to_session_deck(slides).slides)
            st.toast(
                ngettext(
                    "Added to the briefing: {count} slide in this session's deck.",
                    "Added to the briefing: {count} slides in this session's deck.",
                    count,
                ).format(count=count)
            )

    with st.sidebar:
        st.button(
            _("Add current view to briefing"),
            on_click=_add,
            key="add_to_briefing",
            width="stretch",
            help=_(
                "Adds this page's {view}, with its filters, to a deck on the Briefing page for the rest of this browser session."
            ).format(view=in_sentence(_(SLIDE_KINDS[page.slide_kind].label), i18n.current())),
        )
        deck = session_deck()
        count = len(deck.slides) if deck is not None else 0
        if count:
            st.caption(ngettext("Session deck: {count} slide.", "Session deck: {count} slides.", count).format(count=count))

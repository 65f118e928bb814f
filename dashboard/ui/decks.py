"""The session's deck on the Briefing page: edit it (titles, notes, order, removal), download it
as a deck YAML, upload one; bad uploads get a message naming the line, and nothing is kept."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, pgettext
from dashboard.loading.decks import deck_from_upload, deck_yaml
from dashboard.model import schema
from dashboard.model.dataset import Dataset
from dashboard.ui.state import SESSION_DECK_ID, session_deck, set_session_deck
from dashboard.ui.widgets import escape

POSITION_KEY = "slide_pos"


def _edit(update) -> None:
    """Apply `update(deck dict)` to the session's deck, keeping it valid."""
    deck = session_deck()
    if deck is None:
        return
    data = deck.model_dump()
    update(data)
    if not data["slides"]:
        set_session_deck(None)
        return
    set_session_deck(schema.Deck.model_validate(data))


def _retitle_deck() -> None:
    title = (st.session_state.get("deck_title_edit") or "").strip()
    if title:
        _edit(lambda d: d.update(title=title))


def _retitle_slide(index: int) -> None:
    title = (st.session_state.get("slide_title_edit") or "").strip()
    if title:
        _edit(lambda d: d["slides"][index].update(title=title))


def _annotate_slide(index: int) -> None:
    notes = st.session_state.get("slide_notes_edit") or ""
    _edit(lambda d: d["slides"][index].update(notes=notes))


def _move(index: int, delta: int) -> None:
    def update(d):
        slides = d["slides"]
        target = min(max(index + delta, 0), len(slides) - 1)
        slides.insert(target, slides.pop(index))
        st.session_state[POSITION_KEY] = target + 1

    _edit(update)


def _remove(index: int) -> None:
    def update(d):
        d["slides"].pop(index)
        st.session_state[POSITION_KEY] = max(1, min(index + 1, len(d["slides"])))

    _edit(update)


def session_deck_editor(position: int) -> None:
    """Controls for the session's deck, for the slide at `position` (1-based)."""
    deck = session_deck()
    if deck is None:
        return
    index = position - 1
    slide = deck.slides[index]
    with st.expander(_("Edit this deck"), expanded=False):
        st.text_input(_("Deck title"), value=deck.title, key="deck_title_edit", on_change=_retitle_deck, max_chars=200)
        st.text_input(
            _("Title of slide {number}").format(number=position),
            value=slide.title,
            key="slide_title_edit",
            on_change=_retitle_slide,
            args=(index,),
            max_chars=200,
        )
        st.text_area(
            _("Speaker notes for slide {number}").format(number=position),
            value=slide.notes,
            key="slide_notes_edit",
            on_change=_annotate_slide,
            args=(index,),
            max_chars=4000,
            help=_("Shown to the presenter, never to the room."),
        )
        left, right, remove = st.columns(3)
        left.button(_("Move earlier"), on_click=_move, args=(index, -1), disabled=index == 0, key="slide_earlier", width="stretch")
        right.button(
            _("Move later"), on_click=_move, args=(index, 1), disabled=index == len(deck.slides) - 1, key="slide_later", width="stretch"
        )
        remove.button(_("Remove this slide"), on_click=_remove, args=(index,), key="slide_remove", width="stretch")
        st.caption(_("The deck travels in this page's link: bookmark or share the link to keep it."))


def deck_download(deck: schema.Deck) -> None:
    st.download_button(
        _("Download deck (YAML)"),
        data=deck_yaml(deck).encode("utf-8"),
        file_name=pgettext("file name", "deck_{deck}.yaml").format(deck=deck.id),
        mime="application/x-yaml",
        key="deck_yaml",
        on_click="ignore",
        help=_("A deck file like those in data/briefings/: upload it again here, or add it to the data directory."),
        width="stretch",
    )


def deck_upload(dataset: Dataset) -> None:
    """A deck YAML from the user's disk becomes the session's deck; checked in memory, never saved."""
    language = i18n.current()  # a callback runs before the next run has set its language

    def _uploaded() -> None:
        upload = st.session_state.get("deck_upload")
        st.session_state.pop("_deck_upload_problems", None)
        if upload is None:
            return
        with i18n.language(language):
            deck, problems = deck_from_upload(upload.getvalue(), upload.name, dataset)
            problems = [str(p) for p in problems[:20]]
        if deck is None:
            st.session_state["_deck_upload_problems"] = problems
            return
        set_session_deck(deck.model_copy(update={"id": SESSION_DECK_ID}))
        st.session_state["deck_pick"] = SESSION_DECK_ID
        st.session_state[POSITION_KEY] = 1

    st.file_uploader(
        _("Upload a deck (YAML)"),
        type=["yaml", "yml"],
        key="deck_upload",
        on_change=_uploaded,
        help=_("A deck downloaded from here, or one written like data/briefings/*.yaml."),
    )
    problems = st.session_state.get("_deck_upload_problems")
    if problems:
        st.error(_("This deck was not loaded; nothing was kept.") + "\n\n" + "\n".join(f"- {escape(p)}" for p in problems))

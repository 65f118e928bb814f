"""Briefing: prepare a deck (slides, notes, the session's own deck), present it, export it."""

from urllib.parse import urlencode

import streamlit as st

from dashboard.i18n import _, pgettext
from dashboard.model.registry import page
from dashboard.render import pack, pdf, png, pptx, presenter
from dashboard.render.slides import describe
from dashboard.ui import decks as deck_controls
from dashboard.ui import session, state, widgets
from dashboard.ui.pages import is_phone
from dashboard.ui.slides import audience_screen, presenter_screen, presenter_style, show_slide

PAGE = page("briefing")

dataset = session.dataset()
decks = {deck.id: deck for deck in dataset.decks}
own = state.session_deck()
if own is not None:
    decks[own.id] = own
presenter_style()

if not decks:
    st.title(_(PAGE.title), anchor=False)
    st.info(
        _("There are no decks yet. Add views with “Add current view to briefing” on the other pages, or add a deck to data/briefings/.")
    )
    with st.sidebar:
        deck_controls.deck_upload(dataset)
    st.stop()

state.seed_view(dataset, PAGE, {deck_id: len(deck.slides) for deck_id, deck in decks.items()})
if st.session_state.get("deck_pick") not in decks:
    st.session_state["deck_pick"] = next(iter(decks))


def _deck_changed() -> None:
    st.session_state["slide_pos"] = 1


with st.sidebar:
    st.selectbox(_("Deck"), options=list(decks), format_func=lambda d: decks[d].title, key="deck_pick", on_change=_deck_changed)
deck = decks[st.session_state["deck_pick"]]
count = len(deck.slides)
position = min(max(int(st.session_state.get("slide_pos", 1)), 1), count)
st.session_state["slide_pos"] = position


def _step(delta: int) -> None:
    st.session_state["slide_pos"] = min(max(int(st.session_state.get("slide_pos", 1)) + delta, 1), count)


view = state.current_view(PAGE)
state.sync_view(PAGE, view)
slide = deck.slides[position - 1]

if view.present:
    audience_screen(pack.deck_html(dataset, deck, session.world_geojson()), start=position, channel=presenter.channel_name(deck))
    st.stop()
if view.presenter:
    presenter_screen(presenter.presenter_html(dataset, deck, session.world_geojson(), start=position))
    st.stop()

top = st.columns([5, 2, 1, 2], vertical_alignment="center")
top[0].markdown(f"**{widgets.escape(deck.title)}**")
top[1].button(_("◀ Previous"), on_click=_step, args=(-1,), key="slide_prev", disabled=position == 1, shortcut="Left", width="stretch")
top[2].html(f"<div class='slide-counter'>{position} / {count}</div>")
top[3].button(_("Next ▶"), on_click=_step, args=(1,), key="slide_next", disabled=position == count, shortcut="Right", width="stretch")
widgets.url_notices()

phone = is_phone()
show_slide(
    describe(dataset, slide, session.world_geojson(), narrow=phone),
    key="slide_chart",
    file_name=pgettext("file name", "{deck}_slide_{number}").format(deck=deck.id, number=position),
    compact=phone,
)
if deck.id == state.SESSION_DECK_ID:
    deck_controls.session_deck_editor(position)

with st.sidebar:
    present_link = "?" + urlencode({**{k: v for k, v in state.url_params().items()}, "present": ["1"]}, doseq=True)
    st.link_button(
        _("Present ▶"),
        present_link,
        type="primary",
        width="stretch",
        help=_(
            "Opens the audience screen in a new window: only the slides, scaled to the screen. "
            "F11: full screen · arrow keys: step · Esc: overview. Open the presenter's screen beside it for the notes, "
            "the next slide and a timer."
        ),
    )
    presenter_link = "?" + urlencode({**{k: v for k, v in state.url_params().items()}, "presenter": ["1"]}, doseq=True)
    st.link_button(
        _("Presenter’s screen"),
        presenter_link,
        width="stretch",
        help=_(
            "Opens a second window for you alone: the current slide's speaker notes, the next slide and a timer. "
            "It follows the audience screen, and its arrow keys step both."
        ),
    )
    st.download_button(
        _("Download briefing (HTML)"),
        data=widgets.in_this_language(lambda: pack.deck_html(dataset, deck, session.world_geojson()).encode("utf-8")),
        file_name=pack.pack_file_name(deck),
        mime="text/html",
        on_click="ignore",
        key="briefing_html",
        help=_("One self-contained file: every slide with its chart, notes and sources. Works offline; arrow keys step through it."),
        width="stretch",
    )
    for label, build, name, mime in (
        (
            _("Download slides (PowerPoint)"),
            pptx.deck_pptx,
            pptx.pptx_file_name(deck),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (_("Download handout (PDF)"), pdf.deck_pdf, pdf.pdf_file_name(deck), "application/pdf"),
        (_("Download slide images (PNG, zip)"), png.deck_png_zip, png.png_zip_file_name(deck), "application/zip"),
    ):
        st.download_button(
            label,
            data=widgets.in_this_language(
                lambda build=build: build(dataset, deck, session.world_geojson())
            ),  # made on click: a few seconds
            file_name=name,
            mime=mime,
            on_click="ignore",
            key=f"briefing_{name.rsplit('.', 1)[-1]}",
            help=_("Every slide with its chart, summary, confidence and numbered sources; made offline on this machine."),
            width="stretch",
        )
    deck_controls.deck_download(deck)
    deck_controls.deck_upload(dataset)
    st.caption(_("Arrow keys ← → step through the slides."))

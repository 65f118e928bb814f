"""Briefing: a deck of slides for presenting, and its offline HTML pack."""

import streamlit as st

from dashboard import briefing, geo, schema, ui

data = ui.dataset()
decks = {deck.id: deck for deck in data.decks}
session_slides = st.session_state.get("session_slides", [])
if session_slides:
    decks[ui.SESSION_DECK] = schema.Deck(id=ui.SESSION_DECK, title="Views added this session", slides=session_slides)
ui.presenter_style()

if not decks:
    st.title("Briefing")
    st.info("There are no decks yet. Add views with “Add current view to briefing” on the other pages, or add a deck to data/briefings/.")
    st.stop()

notices = []
if "deck_pick" not in st.session_state:
    wanted = st.query_params.get("deck")
    if wanted and wanted not in decks:
        notices.append(f"Ignored unknown deck “{wanted[:40]}” in the link.")
    st.session_state["deck_pick"] = wanted if wanted in decks else next(iter(decks))
if st.session_state["deck_pick"] not in decks:
    st.session_state["deck_pick"] = next(iter(decks))


def _deck_changed() -> None:
    st.session_state["slide_pos"] = 1


with st.sidebar:
    st.selectbox("Deck", options=list(decks), format_func=lambda d: decks[d].title, key="deck_pick", on_change=_deck_changed)
deck = decks[st.session_state["deck_pick"]]
count = len(deck.slides)

if "slide_pos" not in st.session_state:
    raw = st.query_params.get("slide", "1")
    try:
        position = int(raw)
    except ValueError:
        position = 1
        notices.append(f"Ignored the slide “{raw[:20]}” in the link: it is not a number.")
    if not 1 <= position <= count:
        notices.append(f"The link asked for slide {position}; this deck has slides 1 to {count}.")
    st.session_state["slide_pos"] = min(max(position, 1), count)
position = min(max(int(st.session_state["slide_pos"]), 1), count)


def _step(delta: int) -> None:
    st.session_state["slide_pos"] = min(max(int(st.session_state.get("slide_pos", 1)) + delta, 1), count)


st.query_params["deck"] = deck.id
st.query_params["slide"] = str(position)
slide = deck.slides[position - 1]

top = st.columns([5, 2, 1, 2], vertical_alignment="center")
top[0].markdown(f"**{ui.escape(deck.title)}**")
top[1].button("◀ Previous", on_click=_step, args=(-1,), key="slide_prev", disabled=position == 1, shortcut="Left", width="stretch")
top[2].html(f"<div class='slide-counter'>{position} / {count}</div>")
top[3].button("Next ▶", on_click=_step, args=(1,), key="slide_next", disabled=position == count, shortcut="Right", width="stretch")
for notice in notices:
    st.warning(ui.escape(notice))

st.title(ui.escape(slide.title))
content = briefing.slide_content(data, slide, ui.world_geojson())
st.caption(ui.escape(f"{briefing.VIEW_LABELS[slide.view]} · {content.filters_text}"))
if content.figure is not None:
    ui.chart(content.figure, key="slide_chart", summary=content.summary, file_name=f"{deck.id}_slide_{position}",
             config=geo.MAP_CONFIG if slide.view == "map" else None)
elif content.milestone is not None:
    ui.milestone_details(data, content.milestone)

if slide.notes.strip():
    with st.container(border=True):
        st.markdown("**Speaker notes**")
        st.markdown(ui.escape(slide.notes.strip()))
with st.expander(f"Sources for this slide ({len(content.source_ids)})"):
    st.markdown("\n".join(ui.source_lines(data, content.source_ids)) or "No sources: this slide shows no rows.")

with st.sidebar:
    st.download_button(
        "Download briefing (HTML)",
        data=lambda: briefing.deck_html(data, deck, ui.world_geojson()).encode("utf-8"),
        file_name=briefing.pack_file_name(deck),
        mime="text/html",
        on_click="ignore",
        key="briefing_html",
        help="One self-contained file: every slide with its chart, notes and sources. Works offline; arrow keys step through it.",
        width="stretch",
    )
    st.caption("Arrow keys ← → step through the slides.")

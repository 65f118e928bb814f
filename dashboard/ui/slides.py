"""The Streamlit renderer of a slide description (render/slides.py), and presenter styling."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.i18n import _
from dashboard.render import geo
from dashboard.render.pack import script_json
from dashboard.render.slides import SlideSpec
from dashboard.ui.cards import show_milestone_card, sources_block
from dashboard.ui.widgets import chart, escape


def show_slide(spec: SlideSpec, key: str, file_name: str, compact: bool = False) -> None:
    """`compact` (a phone): a timeline of many lanes cannot be read 390 px wide, so its slide
    shows its summary and says where to see the chart; the map is laid out as on the Missions page."""
    st.title(escape(spec.title), anchor=False)
    st.caption(escape(f"{spec.kind_label} · {spec.filters_text}"))
    if compact and spec.kind == "timeline":
        st.markdown(escape(spec.summary))
        st.info(_("This slide's timeline needs a wider screen: open it on a laptop, or see the Timeline page's list."))
    elif spec.figure is not None:
        if compact and spec.kind == "map":
            geo.for_narrow_screen(spec.figure)
        chart(spec.figure, key=key, summary=spec.summary, file_name=file_name, config=geo.MAP_CONFIG if spec.kind == "map" else None)
        if spec.confidence:
            st.caption(escape(spec.confidence))
    elif spec.card is not None:
        show_milestone_card(spec.card)
    if spec.notes:
        with st.container(border=True):
            st.markdown("**" + _("Speaker notes") + "**")
            st.markdown(escape(spec.notes))
    if spec.card is None:
        with st.expander(_("Sources for this slide ({count})").format(count=len(spec.citations))):
            sources_block(spec.citations, empty=_("No sources: this slide shows no rows."))


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


AUDIENCE_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 0 !important; max-width: 100% !important;}
[data-testid="stIFrame"], iframe[title="st.iframe"], .stIFrame iframe {
  position: fixed !important; inset: 0 !important; width: 100vw !important; height: 100vh !important;
  border: 0 !important; z-index: 999990; background: #fff;
}
</style>"""


# The audience screen tells the presenter's screen (render/presenter.py) which slide it shows,
# and steps when that screen asks it to; both windows are pages of this server.
FOLLOW_JS = """var channel=('BroadcastChannel' in window)?new BroadcastChannel(%s):null;
if(channel){var tell=function(){channel.postMessage({index:Reveal.getIndices().h});};
Reveal.on('slidechanged',tell);Reveal.on('ready',tell);
channel.onmessage=function(e){var d=e.data||{};if(typeof d.go==='number'){Reveal.slide(d.go);}else if(d.hello){tell();}};}"""


def audience_screen(deck_html: str, start: int, channel: str) -> None:
    """The audience screen: the deck (reveal.js, render/pack.py) filling the window, nothing else.
    The deck scales itself to any screen; arrow keys step; Esc shows the overview; the browser's
    Back leaves. Inside the app the deck has no address of its own, which reveal.js's speaker
    view needs for its slide previews, so S is switched off here: the presenter's screen is the
    app's own (`presenter_screen`), which follows this one over `channel`."""
    st.html(AUDIENCE_STYLE)
    # Start on the chosen slide (1-based; slide 0 of the pack is its title slide).
    go = f"var go=function(){{try{{Reveal.removeKeyBinding(83);Reveal.slide({int(start)});}}catch(e){{}}}};"
    follow = FOLLOW_JS % script_json(json.dumps(channel))
    starter = (
        "<script>(function(){" + go + follow + "if(window.Reveal&&Reveal.isReady&&Reveal.isReady()){go();}"
        "else if(window.Reveal){Reveal.on('ready',go);}window.focus();})();</script>"
    )
    # The last </body>: the inlined speaker-notes plugin holds the string '</body>' itself.
    head, end, tail = deck_html.rpartition("</body>")
    st.iframe(head + starter + end + tail, height=720)


def presenter_screen(page_html: str) -> None:
    """The presenter's screen (render/presenter.py) filling its window, as the audience screen does."""
    st.html(AUDIENCE_STYLE)
    st.iframe(page_html, height=720)

"""What a reader sees when the server is gone or busy: a notice at the top of the page.

Streamlit's own signs of both ("Connecting", "Running…") sit in its toolbar, which the project's
`client.toolbarMode = "minimal"` hides with the menu. Without them a reader whose server restarts
sees the page go grey and stop answering, and one whose server is saturated sees it fade, with no
word of why (docs/PERFORMANCE.md, "Capacity"). The notice is markup sent with the page and shown
by CSS alone, from the two states Streamlit's frontend keeps on its root element
(`data-test-connection-state`, `data-test-script-state`): it still shows when the server can no
longer send anything. Short gaps never show it (a delay of 1.5 s while disconnected, 3 s while
a run is in progress), and it goes as soon as the frontend is connected again or the run ends:
the frontend reconnects by itself and reruns the page, whose filters are in its address.

The texts are in the reader's language, as every interface string.
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard.i18n import _

NOTICE_STYLE = """<style>
[data-testid="stElementContainer"]:has(.dash-notice), [data-testid="stHtml"]:has(> .dash-notice) {display: contents;}
.dash-notice {
  display: none; position: fixed; top: 0.75rem; left: 50%; transform: translateX(-50%); z-index: 1000100;
  box-sizing: border-box; width: min(38rem, calc(100vw - 2rem)); padding: 0.8rem 1rem;
  background: #FFF8E1; color: #1A1F2B; border: 1px solid #8A6500; border-left-width: 6px; border-radius: 0.5rem;
  box-shadow: 0 4px 18px rgba(0, 0, 0, 0.18); font-size: 1rem; line-height: 1.45;
}
.dash-notice strong {display: block; margin-bottom: 0.2rem;}
.dash-notice a {color: #0B4F8A; font-weight: 600;}
[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"]) .dash-notice.dash-offline {
  display: block; animation: dash-notice-wait 0s 1.5s backwards;
}
[data-testid="stApp"][data-test-connection-state="CONNECTED"]:is(
  [data-test-script-state="running"], [data-test-script-state="rerunRequested"]) .dash-notice.dash-busy {
  display: block; animation: dash-notice-wait 0s 3s backwards;
}
@keyframes dash-notice-wait { from {visibility: hidden;} to {visibility: hidden;} }
</style>"""

# The notice's markup, with its words in this run's language (escaped: translations are data).
NOTICE_MARKUP = """<div class="dash-notice dash-offline" role="status" data-testid="dashConnectionLost">
<strong>{offline_title}</strong>{offline_text} <a href="">{reload}</a>
</div>
<div class="dash-notice dash-busy" role="status" data-testid="dashServerBusy">
<strong>{busy_title}</strong>{busy_text}
</div>"""


def notice_html() -> str:
    words = {
        "offline_title": _("The connection to the dashboard's server was lost."),
        "offline_text": _(
            "The page reconnects by itself when the server answers again, and then shows this view as it was. "
            "If nothing changes within a minute, reload the page: its address keeps your filters."
        ),
        "reload": _("Reload the page"),
        "busy_title": _("The server is busy with many readers."),
        "busy_text": _("Your change is queued; the page updates as soon as it is done. There is no need to reload."),
    }
    return NOTICE_STYLE + "\n" + NOTICE_MARKUP.format(**{key: html.escape(text) for key, text in words.items()})


def notice() -> None:
    """Sends the notice with the page (hidden until the frontend loses the server or waits on it)."""
    st.html(notice_html())

"""The presenter's screen: one self-contained HTML page with the current slide's speaker notes,
the next slide and a timer, for a second window beside the audience screen.

The two windows talk over a BroadcastChannel named after the deck (`channel_name`): the audience
screen (ui/slides.py) says which slide it shows whenever it changes, and the presenter's screen
asks it to step when the presenter presses an arrow key there. Both are pages of the same server,
so the channel needs no network and no server round trip. The texts come from the same slide
descriptions (render/slides.py) as every other output; the pack's title slide comes first, as in
the audience screen.
"""

from __future__ import annotations

import html
import json

from dashboard import i18n
from dashboard.i18n import _
from dashboard.model import schema
from dashboard.model.dataset import Dataset
from dashboard.render.pack import script_json
from dashboard.render.slides import describe


def channel_name(deck: schema.Deck) -> str:
    return f"dashboard-deck:{deck.id}"


STYLE = """
* {box-sizing: border-box;}
body {margin: 0; font-family: "Source Sans 3", "Source Sans Pro", Arial, sans-serif; color: #1A1F2B; background: #fff;}
main {display: grid; grid-template-columns: 3fr 2fr; grid-template-rows: auto 1fr; gap: 1rem 2rem; height: 100vh; padding: 1.2rem 1.6rem;}
header {grid-column: 1 / 3; display: flex; align-items: baseline; justify-content: space-between;
        border-bottom: 2px solid #0B4F8A; padding-bottom: .5rem;}
#counter {font-size: 1.6rem; font-weight: 700;}
#clock {font-size: 2.4rem; font-variant-numeric: tabular-nums; font-weight: 700;}
#clock button {font-size: 1rem; margin-left: .8rem; padding: .3rem .8rem; border: 1px solid #0B4F8A;
              background: #fff; color: #0B4F8A; border-radius: .4rem; cursor: pointer;}
h2 {margin: 0 0 .4rem; font-size: 1rem; text-transform: uppercase; letter-spacing: .05em; color: #50555d;}
#title {font-size: 1.9rem; font-weight: 700; margin: 0 0 .8rem; line-height: 1.2;}
#notes {font-size: 1.55rem; line-height: 1.45; overflow-y: auto;}
#notes.none {color: #50555d; font-style: italic;}
aside {border-left: 1px solid #d0d4da; padding-left: 1.6rem; overflow-y: auto;}
#next-title {font-size: 1.5rem; font-weight: 700; margin: 0 0 .3rem; line-height: 1.25;}
#next-kind {color: #50555d; margin: 0 0 .8rem;}
#next-summary {font-size: 1.1rem; line-height: 1.4;}
#help {color: #50555d; font-size: .9rem; margin-top: 1.5rem;}
"""

SCRIPT = """
(function () {
  const slides = %(slides)s, words = %(words)s;
  let index = %(start)s, started = Date.now();
  const $ = id => document.getElementById(id);
  function show() {
    index = Math.max(0, Math.min(index, slides.length - 1));
    const now = slides[index], next = slides[index + 1];
    $('counter').textContent = words.counter.replace('{position}', index + 1).replace('{count}', slides.length);
    $('title').textContent = now.title;
    $('notes').textContent = now.notes || words.no_notes;
    $('notes').className = now.notes ? '' : 'none';
    $('next-title').textContent = next ? next.title : words.end;
    $('next-kind').textContent = next ? next.kind : '';
    $('next-summary').textContent = next ? next.summary : '';
  }
  function tick() {
    const s = Math.floor((Date.now() - started) / 1000);
    $('elapsed').textContent = String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s %% 60).padStart(2, '0');
  }
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(%(channel)s) : null;
  if (channel) {
    channel.onmessage = event => {
      if (event.data && typeof event.data.index === 'number') { index = event.data.index; show(); }
    };
    channel.postMessage({hello: true});  // the audience screen answers with its slide
  }
  const step = delta => { if (channel) channel.postMessage({go: index + delta}); index += delta; show(); };
  document.addEventListener('keydown', event => {
    if (['ArrowRight', 'PageDown', ' '].includes(event.key)) { step(1); event.preventDefault(); }
    if (['ArrowLeft', 'PageUp'].includes(event.key)) { step(-1); event.preventDefault(); }
  });
  $('reset').addEventListener('click', () => { started = Date.now(); tick(); });
  show(); tick(); setInterval(tick, 1000);
  window.focus();
})();
"""


def presenter_html(dataset: Dataset, deck: schema.Deck, world: dict | None = None, start: int = 0) -> str:
    """The presenter's screen for `deck`, on slide `start` (0: the title slide, as in the pack)
    until the audience screen says otherwise."""
    specs = [describe(dataset, slide, world) for slide in deck.slides]
    slides = [{"title": deck.title, "kind": dataset.meta.title, "summary": deck.subtitle or "", "notes": ""}]
    slides += [{"title": s.title, "kind": s.kind_label, "summary": s.summary, "notes": s.notes} for s in specs]
    words = {
        "counter": _("Slide {position} of {count}"),
        "no_notes": _("No speaker notes for this slide."),
        "end": _("End of the deck"),
    }
    script = SCRIPT % {
        "slides": script_json(json.dumps(slides, ensure_ascii=False)),
        "words": script_json(json.dumps(words, ensure_ascii=False)),
        "start": int(start),
        "channel": script_json(json.dumps(channel_name(deck))),
    }
    esc = html.escape
    # Worded outside the f-string below, where Babel's extraction finds them.
    screen, timer, restart = _("Presenter’s screen"), _("Time since this screen opened"), _("Restart the timer")
    now, coming = _("Now"), _("Next")
    follows = _("Follows the audience screen. → and ← here step both screens.")
    return (
        f"<!DOCTYPE html><html lang={i18n.current()}><head><meta charset=utf-8>"
        f"<title>{esc(screen)}: {esc(deck.title)}</title><style>{STYLE}</style></head><body>"
        "<main><header><span id=counter></span>"
        f"<span id=clock><span id=elapsed aria-label='{esc(timer, quote=True)}'>00:00</span>"
        f"<button id=reset type=button>{esc(restart)}</button></span></header>"
        f"<section><h2>{esc(now)}</h2><p id=title></p><div id=notes></div></section>"
        f"<aside><h2>{esc(coming)}</h2><p id=next-title></p><p id=next-kind></p><p id=next-summary></p>"
        f"<p id=help>{esc(follows)}</p></aside>"
        f"</main><script>{script}</script></body></html>"
    )

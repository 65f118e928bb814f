"""The presenter's screen: every slide's title, notes and what comes next, safe in a script,
fetching nothing, in the reader's language."""

import json
import re

from dashboard import i18n
from dashboard.render import presenter
from tests.conftest import MARK


def _slides(page: str) -> list[dict]:
    return json.loads(re.search(r"const slides = (\[.*?\]), words", page, re.S).group(1))


def test_the_screen_holds_each_slide_with_its_notes_after_the_title_slide(freedonia):
    deck = freedonia.decks[0]
    page = presenter.presenter_html(freedonia, deck, start=2)
    slides = _slides(page)
    assert len(slides) == len(deck.slides) + 1 and slides[0]["title"] == deck.title and slides[0]["notes"] == ""
    assert [s["notes"] for s in slides[1:]] == [slide.notes for slide in deck.slides]
    assert "let index = 2," in page
    assert json.dumps(presenter.channel_name(deck)) in page  # the audience screen's channel
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # fetches nothing


def test_notes_are_text_even_when_they_look_like_markup(freedonia):
    deck = freedonia.decks[0]
    hostile = deck.model_copy(
        update={
            "title": "</script><script>alert(1)</script>",
            "slides": [deck.slides[0].model_copy(update={"notes": "<img src=x onerror=alert(1)> </script>"})],
        }
    )
    page = presenter.presenter_html(freedonia, hostile)
    assert "<img src=x" not in page and page.count("</script>") == 1  # only the page's own script closes
    assert _slides(page)[1]["notes"] == "<img src=x onerror=alert(1)> </script>"  # shown as written, as text


def test_the_screen_speaks_the_language(freedonia, marked):
    page = presenter.presenter_html(freedonia, freedonia.decks[0])
    assert f"lang={i18n.current()}" in page
    assert MARK + "Next" in page and MARK + "Restart the timer" in page and MARK + "Slide {position} of {count}" in page

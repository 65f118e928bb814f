"""The interface in Azerbaijani and Russian, as a reader sees it: every page opened with `?lang=`
shows no English interface words, dates in the language, and a search by a programme's name in
any language finds the 1994 signature. Screenshots of every page in both go to test-artifacts/."""

import re

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from dashboard import i18n
from tests.browser.conftest import screenshot, wait_for_app
from tests.browser.test_access import WIDTHS

PAGES = ["", "timeline", "missions", "programmes", "sources", "changes", "briefing"]
LANGUAGES = ["az", "ru"]
# Parts of the screen that show data as it was published (source titles, notes, quotes, the
# uploaded file's name), not interface: English there is the source's own language.
DATA_AREAS = ", ".join(
    ['[data-testid="stDataFrame"]', '[data-testid="stTable"]', '[data-testid="stCode"]', ".stPlotlyChart", "iframe"]
    + ["style", "script", ".dash-notice"]  # not page text: style sheets, scripts, the hidden connection notice
)
MONTH = {"az": "may 1994", "ru": "мая 1994"}


def _english_phrases(code: str) -> list[str]:
    """Literal runs of at least two words from every English interface string that the catalogue
    translates into something else: if one shows on a page in `code`, a string was missed."""
    with (i18n.LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    phrases = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or any(s == i for s in strings for i in ids):
            continue
        for text in ids:
            for chunk in re.split(r"\{[^}]*\}|[\n*_`#|<>]", text):
                chunk = chunk.strip(" .,:;()–-“”\"'")
                if len(chunk.split()) >= 2 and len(chunk) >= 10 and re.search(r"[a-z]", chunk):
                    phrases.add(chunk)
    return sorted(phrases)


def _interface_text(page) -> str:
    """The page's text outside tables and charts, then each chart's titles, axes and legend, one
    text per line."""
    return page.evaluate(
        """(skip) => { const clone = document.querySelector('[data-testid="stApp"]').cloneNode(true);
                      clone.querySelectorAll(skip).forEach(el => el.remove());
                      const charts = [...document.querySelectorAll('.stPlotlyChart .main-svg text')].map(t => t.textContent);
                      return clone.innerText + '\\n' + charts.join('\\n'); }""",
        DATA_AREAS,
    )


ENGLISH_WORDS = re.compile(r"\b[a-z]{3,}\b")


def _english_lines(text: str) -> set[str]:
    """Lines with at least two lower-case English words: names and codes (NATO, PfP, KFOR) are not."""
    return {line.strip() for line in text.splitlines() if len(ENGLISH_WORDS.findall(line)) >= 2}


def _open(page, url):
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stPageLink-NavLink"]', timeout=10_000)
    return _interface_text(page)


@pytest.fixture(scope="module")
def english_pages(server, browser):
    """Each page's interface text in English, to compare the other languages with."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url) else route.abort())
    page = context.new_page()
    texts = {path: _open(page, f"{server.url}/{path}") for path in PAGES}
    context.close()
    return texts


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_speaks_the_language(server, guarded, english_pages, path, code):
    page, guard = guarded
    text = _open(page, f"{server.url}/{path}?lang={code}")
    # Any English sentence the catalogue translates must not show...
    english = [p for p in _english_phrases(code) if p in text]
    assert not english, f"English interface text on /{path} in {code}: {english[:10]}"
    # ...and nothing that reads as English on the English page may show unchanged (a string the
    # code never marked for translation is in no catalogue, so only this finds it).
    unchanged = sorted(_english_lines(english_pages[path]) & _english_lines(text))
    assert not unchanged, f"untranslated on /{path} in {code}: {unchanged[:10]}"
    assert i18n.FALLBACK_MARK.strip() not in text, f"an untranslated data text on /{path} in {code}"
    assert f"lang={code}" in page.url
    # screen readers speak it in the language (set by a script that runs once the page is drawn)
    page.wait_for_function("(code) => document.documentElement.lang === code", arg=code, timeout=10_000)
    screenshot(page, f"lang-{code}-{path or 'overview'}", full=True)
    guard.assert_clean()


@pytest.fixture
def phone(browser):
    """A phone: the timeline is a list of dated milestones in text (the desktop table is a canvas)."""
    context = browser.new_context(**WIDTHS["phone"])
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("code", LANGUAGES)
def test_dates_follow_the_language(server, phone, code):
    page = phone
    page.goto(f"{server.url}/timeline?lang={code}&years=1994&years=1994")
    wait_for_app(page, charts=0)
    page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=f"4 {MONTH[code]}", timeout=20_000)
    body = page.inner_text("body")
    assert f"4 {MONTH[code]}" in body, body[:2000]
    assert "4 May 1994" not in body


@pytest.mark.parametrize(
    "query, code",
    # every name in every interface language would be 15 page loads; each name is tried in two
    [
        (q, c)
        for i, q in enumerate(["Sülh Naminə Tərəfdaşlıq", "SNT", "Партнёрство ради мира", "ПРМ", "Partnership for Peace"])
        for c in (["en", "az", "ru"] * 2)[i : i + 2]
    ],
)
def test_a_programme_found_by_its_name_in_any_language(server, phone, code, query):
    page = phone
    page.goto(f"{server.url}/timeline?lang={code}&q={query}&years=1994&years=1994")
    wait_for_app(page, charts=0)
    expected = f"4 {MONTH.get(code, 'May 1994')}"
    # ?lang=en is dropped from the address (English is the default), which reruns the page once more
    page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=expected, timeout=20_000)
    assert expected in page.inner_text("body"), f"{query!r} in {code} did not find the 4 May 1994 signature"


def test_the_language_travels_with_page_links_and_the_picker_switches_it(server, guarded):
    page, _ = guarded
    page.goto(f"{server.url}/timeline?lang=ru&years=2002&years=2014")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stPageLink-NavLink"]', timeout=10_000)
    hrefs = page.eval_on_selector_all('[data-testid="stPageLink-NavLink"]', "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all("lang=ru" in h and "years=2002" in h for h in hrefs if h), hrefs
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    picker.click()
    page.get_by_role("option", name="Azərbaycanca").click()
    page.wait_for_function("() => location.search.includes('lang=az')", timeout=20_000)
    wait_for_app(page)
    assert "years=2002" in page.url


@pytest.mark.parametrize("code", ["en", *LANGUAGES])
def test_every_page_name_shows_whole_on_a_projector(server, browser, code):
    """At 1280 × 720 each page link above the page gets a seventh of the width: a long name
    ("Что изменилось") wraps onto a second line, never clipped."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url) else route.abort())
    page = context.new_page()
    try:
        page.goto(f"{server.url}/changes?lang={code}")
        wait_for_app(page)
        links = '[data-testid="stMainBlockContainer"] [data-testid="stPageLink-NavLink"]'
        expect(page.locator(links)).to_have_count(7)  # Streamlit draws the page links a moment after the rest
        clipped = page.eval_on_selector_all(
            links + " span",
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map(e => e.innerText)",
        )
        assert clipped == [], f"page names cut off in {code}: {clipped}"
    finally:
        context.close()


@pytest.mark.parametrize("code, word", [("az", "Yüklə"), ("ru", "Загрузить"), ("en", "Upload")])
def test_the_upload_button_speaks_the_language(server, guarded, code, word):
    """Streamlit words its upload button in English whatever the page's language; ours replaces it."""
    page, _ = guarded
    page.goto(f"{server.url}/changes?lang={code}")
    wait_for_app(page, charts=0)
    button = page.locator('[data-testid="stFileUploaderDropzone"] button')
    expect(button).to_have_accessible_name(word)  # the icon is hidden from screen readers
    shown = button.evaluate(
        """b => [...b.querySelectorAll('p, [data-testid="stMarkdownContainer"]')]
                 .filter(e => getComputedStyle(e).display !== 'none')
                 .map(e => (e.matches('p') ? e.innerText : getComputedStyle(e, '::after').content))
                 .join(' ')"""
    )
    assert word in shown and (code == "en" or "Upload" not in shown), shown

"""The audience screen (?present=1): the slide and nothing else, filling 16:9 and 4:3 screens."""

import pytest

from tests.browser.conftest import Guard, screenshot
from tests.browser.test_pack_reveal import SIZES, check_every_slide


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_audience_screen_shows_only_the_slide(server, browser, width, height):
    guard = Guard()
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    page.goto(server.url + "/briefing?deck=30-years&slide=4&present=1")
    frame = page.frame_locator("iframe").first
    frame.locator("section.present h2, section.present h1").first.wait_for(timeout=60_000)
    assert "Peacekeeping contributions" in frame.locator("section.present").first.inner_text()
    box = page.locator("iframe").first.bounding_box()
    assert box["x"] <= 0 and box["y"] <= 0 and box["width"] >= width - 1 and box["height"] >= height - 1  # fills the screen
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    notes = frame.locator("section.present aside.notes")
    assert notes.count() == 0 or not notes.first.is_visible()  # speaker notes never reach the room
    page.mouse.click(width / 2, height / 2)
    page.keyboard.press("ArrowRight")
    frame.locator("section.present", has_text="Personnel by mission and year").first.wait_for(timeout=20_000)
    screenshot(page, f"present-{width}x{height}", full=False)
    guard.assert_clean()
    context.close()


def test_every_slide_of_the_audience_screen_fits_each_screen(server, browser):
    """The app's presenter mode, slide by slide at 1920x1080, 1280x720 and 1024x768, with the
    pack's checks (tests/browser/test_pack_reveal.py) run inside the frame the app shows it in."""
    from dashboard.data import load_dataset

    (deck,) = [d for d in load_dataset().decks if d.id == "30-years"]
    guard = Guard()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    page.goto(server.url + "/briefing?deck=30-years&slide=1&present=1")
    page.frame_locator("iframe").first.locator("section.present").first.wait_for(timeout=60_000)
    frame = next(f for f in page.frames if f != page.main_frame and f.evaluate("() => !!window.Reveal"))
    frame.wait_for_function("() => Reveal.isReady()")
    page.mouse.click(5, 5)  # the keys go to the deck, as they do when the presenter clicks into it
    check_every_slide(page, deck, frame, "present")
    guard.assert_clean()
    context.close()


def test_the_briefing_page_hands_out_powerpoint_pdf_and_images(server, guarded, tmp_path):
    import zipfile

    from pptx import Presentation
    from pypdf import PdfReader

    from tests.browser.conftest import wait_for_app

    page, guard = guarded
    page.goto(server.url + "/briefing?deck=30-years&slide=1")
    wait_for_app(page, charts=1)
    saved = {}
    for label in ("Download slides (PowerPoint)", "Download handout (PDF)", "Download slide images (PNG, zip)"):
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name=label).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        saved[path.suffix] = path
    deck = Presentation(saved[".pptx"])
    assert len(deck.slides) >= 12  # a title slide, ten slides, the sources
    assert "Three decades" in " ".join(s.text for s in deck.slides[1].shapes if s.has_text_frame) or len(deck.slides[1].shapes) > 3
    assert len(PdfReader(saved[".pdf"]).pages) >= 11
    assert len([n for n in zipfile.ZipFile(saved[".zip"]).namelist() if n.endswith(".png")]) == 10
    guard.assert_clean()


def test_the_presenters_screen_follows_the_audience_screen_and_steps_it(server, browser):
    """Two windows, as on a laptop with a projector: the presenter's shows the current slide's
    notes, the next slide and a timer, follows the audience screen, and its arrow keys step it."""
    import re

    from playwright.sync_api import expect

    from dashboard.data import load_dataset
    from dashboard.render.slides import describe

    dataset = load_dataset()
    (deck,) = [d for d in dataset.decks if d.id == "30-years"]
    specs = [describe(dataset, slide) for slide in deck.slides]
    guard = Guard()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", guard.route)
    audience, presenter = context.new_page(), context.new_page()
    for page in (audience, presenter):
        guard.attach(page)
    audience.goto(server.url + "/briefing?deck=30-years&slide=2&present=1")
    room = audience.frame_locator("iframe").first
    room.locator("section.present h2").first.wait_for(timeout=60_000)
    presenter.goto(server.url + "/briefing?deck=30-years&slide=2&presenter=1")
    own = presenter.frame_locator("iframe").first
    expect(own.locator("#counter")).to_have_text("Slide 3 of 11", timeout=60_000)  # the title slide, then slide 2
    expect(own.locator("#title")).to_have_text(specs[1].title)
    expect(own.locator("#notes")).to_have_text(specs[1].notes.strip())
    expect(own.locator("#next-title")).to_have_text(specs[2].title)
    assert not presenter.locator('[data-testid="stSidebar"]').is_visible()

    audience.mouse.click(5, 5)
    audience.keyboard.press("ArrowRight")  # the room's screen steps: the presenter's follows
    expect(own.locator("#counter")).to_have_text("Slide 4 of 11")
    expect(own.locator("#notes")).to_have_text(specs[2].notes.strip())

    presenter.mouse.click(5, 5)
    presenter.keyboard.press("ArrowRight")  # the presenter steps: the room's screen follows
    expect(room.locator("section.present h2").first).to_have_text(specs[3].title)
    expect(own.locator("#counter")).to_have_text("Slide 5 of 11")

    elapsed = own.locator("#elapsed")
    expect(elapsed).to_have_text(re.compile(r"^00:0[1-9]$"), timeout=5_000)  # the timer runs
    own.locator("#reset").click()
    expect(elapsed).to_have_text(re.compile(r"^00:0[01]$"))
    screenshot(presenter, "presenter-screen", full=False)
    guard.assert_clean()
    context.close()

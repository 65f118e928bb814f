"""Presenting: the deck steps with the keyboard, and the offline pack draws every chart from disk."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import Guard, screenshot, wait_for_app


def slide_title(page):
    return page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text().strip()


def test_deck_steps_forward_and_back(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/briefing?deck=30-years&slide=3")
    wait_for_app(page, charts=0)
    assert slide_title(page) == "The Framework Document, 4 May 1994"
    expect(page.get_by_text("3 / 10")).to_be_visible()  # an st.html block, drawn a moment after the title
    screenshot(page, "briefing-milestone", full=False)
    page.get_by_role("button", name="Next ▶").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('slide') === '4'")
    wait_for_app(page, charts=1)
    assert slide_title(page) == "Peacekeeping contributions"
    screenshot(page, "briefing-map", full=False)
    page.keyboard.press("ArrowLeft")  # the Previous button's shortcut
    page.wait_for_function("() => new URLSearchParams(location.search).get('slide') === '3'")
    wait_for_app(page, charts=0)
    assert slide_title(page) == "The Framework Document, 4 May 1994"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('slide') === '4'")
    wait_for_app(page, charts=1)
    expect(page.get_by_text("4 / 10")).to_be_visible()
    guard.assert_clean()


def test_html_pack_downloaded_and_opened_offline_draws_every_chart(server, guarded, browser, tmp_path):
    page, guard = guarded
    page.goto(server.url + "/briefing?deck=30-years&slide=1")
    wait_for_app(page, charts=1)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download briefing (HTML)").click()
    download = info.value
    assert download.suggested_filename == "briefing_30-years.html"
    pack = tmp_path / download.suggested_filename
    download.save_as(pack)
    guard.assert_clean()

    offline = Guard(allowed_hosts=set())  # nothing at all may be fetched, not even from our server
    context = browser.new_context(viewport={"width": 1440, "height": 900}, offline=True)
    context.route("**/*", offline.route)
    opened = context.new_page()
    offline.attach(opened)
    opened.goto(Path(pack).as_uri())
    opened.wait_for_function("() => window.Reveal && Reveal.isReady()")
    count = opened.locator(".slides > section").count()
    assert count == 11  # the title slide, then the deck's ten
    for index in range(count):
        present = opened.locator(".slides > section.present")
        if present.locator(".chart").count():
            present.locator(".main-svg").first.wait_for(timeout=20_000)
            if index == 4:  # the map: its countries must really be drawn
                opened.wait_for_function("() => document.querySelectorAll('section.present path.choroplethlocation').length > 10")
                screenshot(opened, "briefing-pack-map", full=False)
        assert opened.evaluate("Reveal.getIndices().h") == index
        opened.keyboard.press("ArrowRight")
    assert opened.locator("section.slide .main-svg").count() >= 8  # every chart slide drew
    context.close()
    assert [u for u in offline.blocked if not u.startswith("file://")] == []
    assert offline.page_errors == []


def test_a_deck_downloaded_edited_and_uploaded_again_is_presented_and_exported(server, guarded, tmp_path):
    """The round trip a ministry would make: download the deck as YAML, retitle it on disk, upload
    it: it becomes the session's deck, and the PowerPoint export is made from it. A bad file is
    refused with the line named, and the deck in use stays."""
    from pptx import Presentation

    page, guard = guarded
    page.goto(server.url + "/briefing?deck=30-years&slide=1")
    wait_for_app(page, charts=1)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download deck (YAML)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "title: 30 years of partnership" in text
    edited = tmp_path / "my_deck.yaml"
    edited.write_text(text.replace("title: 30 years of partnership", "title: Our own briefing", 1), encoding="utf-8")
    uploader = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files(str(edited))
    picked = page.get_by_role("combobox", name="Deck")
    expect(picked).to_match_aria_snapshot('- combobox "Deck": Our own briefing', timeout=30_000)
    wait_for_app(page, charts=1)
    assert "deck=session" in page.url  # the uploaded deck travels in the link as the session's
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Download slides (PowerPoint)").click()
    first = Presentation(info.value.path()).slides[0]
    assert "Our own briefing" in " ".join(s.text_frame.text for s in first.shapes if s.has_text_frame)

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: Bad\nslides:\n  - view: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    uploader.set_input_files(str(bad))
    error = page.get_by_text("This deck was not loaded; nothing was kept.")
    expect(error).to_be_visible(timeout=30_000)
    assert "bad.yaml:4: YAML tag" in page.locator('[data-testid="stAlert"]').filter(has=error).inner_text()  # file and line
    expect(picked).to_match_aria_snapshot('- combobox "Deck": Our own briefing')  # the deck in use stays
    guard.assert_clean()

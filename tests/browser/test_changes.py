"""Issue 15 in a real browser: the data version at the foot of the page, 'Cite this view' with the
view's whole address, the data package download, and What changed with an upload."""

import csv
import io
import shutil

from dashboard.data import load_dataset
from dashboard.render.export import all_data_file_name, all_data_zip
from tests.browser.conftest import screenshot, wait_for_app
from tests.conftest import REAL_DATA


def serious_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_the_citation_carries_the_whole_address_and_the_footer_the_version(server, guarded):
    page, guard = guarded
    view = "/timeline?years=2000&years=2010&programme=PfP"
    page.goto(server.url + view)
    wait_for_app(page)
    version = load_dataset(REAL_DATA).version
    assert f"Azerbaijan–NATO partnership · {version.text}" in page.inner_text('[data-testid="stMainBlockContainer"]')
    page.get_by_role("button", name="Cite this view").click()
    codes = page.locator('[data-testid="stPopoverBody"] code')
    codes.first.wait_for()
    texts = [codes.nth(i).inner_text() for i in range(codes.count())]
    assert len(texts) == 3
    for text in texts:
        assert server.url + view in text and version.digest in text
    assert texts[0].startswith("Azerbaijan–NATO partnership: Timeline, 2000–2010 · Partnership for Peace (Version 2026-12, content ")
    assert serious_violations(page) == []
    screenshot(page, "cite-this-view", full=False)
    guard.assert_clean()


def test_download_all_data_is_the_package(server, guarded):
    page, guard = guarded
    page.goto(server.url + "/sources")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download all data (zip)").click()
    data = load_dataset(REAL_DATA)
    assert info.value.suggested_filename == all_data_file_name(data)
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == all_data_zip(data)  # the same data gives the same bytes
    guard.assert_clean()


def test_what_changed_compares_an_upload(server, guarded, tmp_path):
    """An upload of the package of an older copy of the data (one milestone more, one dated
    differently): the page says what changed since, and the CSV download says the same."""
    older = tmp_path / "older"
    shutil.copytree(REAL_DATA, older)
    milestones = older / "milestones.csv"
    text = milestones.read_text(encoding="utf-8").replace("nacc-founded,1991-12-20,day", "nacc-founded,1991-12,month")
    text += "old-row,1990,year,,A milestone since withdrawn,Once listed.,forum,,,,,S1,unconfirmed,\n"
    milestones.write_text(text, encoding="utf-8")
    package = tmp_path / "before.zip"
    package.write_bytes(all_data_zip(load_dataset(older)))

    page, guard = guarded
    page.goto(server.url + "/changes")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(package))
    page.get_by_text("What changed from data version").wait_for(timeout=30_000)
    body = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert "Milestones: 0 added, 1 removed, 1 changed" in body and "Sources: no change" in body
    assert "A milestone since withdrawn (1990)" in body
    assert "date: 1991-12 → 1991-12-20" in body and "date precision: month → day" in body
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the changes (CSV)").click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0] == ["Table", "Key", "Record", "Change", "Field", "Before", "After"]
    assert [r[1:5] for r in rows[1:]] == [
        ["old-row", "A milestone since withdrawn (1990)", "removed", ""],
        ["nacc-founded", "North Atlantic Cooperation Council holds its first meeting (20 December 1991)", "changed", "date"],
        ["nacc-founded", "North Atlantic Cooperation Council holds its first meeting (20 December 1991)", "changed", "date_precision"],
    ]
    assert serious_violations(page) == []
    anchors = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stHeaderActionElements\"] a')].length")
    assert anchors == 0, "the result's headings carry 'Link to heading' anchors, stray tab stops"
    screenshot(page, "what-changed")
    guard.assert_clean()


def test_a_bad_upload_gets_its_message(server, guarded, tmp_path):
    page, guard = guarded
    page.goto(server.url + "/changes")
    wait_for_app(page)
    bad = tmp_path / "notes.zip"
    bad.write_text("not a zip")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    alert = page.locator('[data-testid="stAlertContentError"]')
    alert.wait_for(timeout=30_000)
    assert "notes.zip is not a zip file" in alert.inner_text() and "Nothing was kept." in alert.inner_text()
    guard.assert_clean()

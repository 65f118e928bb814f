"""Faults and production settings in a real browser against a real `streamlit run` server:
broken data shows the readable error page (never a traceback or a blank page), the app works on a
read-only data directory and writes nothing there, and the project's settings hide tracebacks.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, ROOT, Server, _free_port, wait_for_app
from tests.conftest import REAL_DATA
from tests.loading.test_faults import personnel_as_text, symlink_outside_data_dir, yaml_alias_bomb

ERROR_TITLE = "The data could not be loaded"


@pytest.mark.parametrize("fault", [personnel_as_text, yaml_alias_bomb, symlink_outside_data_dir], ids=lambda f: f.__name__)
def test_broken_data_shows_the_error_page(fault, guarded, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(REAL_DATA, data_dir)
    expected = fault(data_dir)
    server = Server(data_dir=data_dir, log_name=f"server-fault-{fault.__name__}")
    try:
        page, guard = guarded
        page.goto(server.url + "/timeline")
        page.wait_for_selector(f"h1:has-text('{ERROR_TITLE}')", timeout=60_000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator('[data-testid="stCode"]')).to_contain_text(expected, timeout=30_000)  # the list loads lazily
        text = main.inner_text()
        assert "Traceback" not in text and page.locator('[data-testid="stException"]').count() == 0
        guard.assert_clean()
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# A read-only data directory: everything works, nothing is written
# --------------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder`: kind, size, mtime and content hash."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        entries[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, digest)
    return entries


def set_read_only(folder: Path, read_only: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555 if read_only else 0o755)
        else:
            path.chmod(0o444 if read_only else 0o644)


READ_ONLY_PAGES = {"/": 1, "/timeline": 1, "/missions": 2, "/programmes": 2, "/sources": 0, "/briefing": 1}


def test_app_works_on_a_read_only_data_directory_and_writes_nothing(guarded, tmp_path):
    """Run as root the permissions do not stop a write, so the proof is the snapshot: the same
    entries, sizes, modification times and contents after every page and a search."""
    data_dir = tmp_path / "data"
    shutil.copytree(REAL_DATA, data_dir)
    set_read_only(data_dir, True)
    before = snapshot(data_dir)
    server = Server(data_dir=data_dir, log_name="server-read-only")
    try:
        page, guard = guarded
        for path, charts in READ_ONLY_PAGES.items():
            page.goto(server.url + path)
            wait_for_app(page, charts=charts)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert page.locator("h1").first.inner_text() != ERROR_TITLE, path
        page.goto(server.url + "/timeline")
        wait_for_app(page)
        search = page.get_by_role("textbox", name="Search")
        search.fill("Kabul")
        search.press("Enter")
        wait_for_app(page)
        assert "Kabul" in page.url
        with page.expect_download() as download:
            page.get_by_role("button", name="Download milestones CSV").click()
        assert download.value.path().stat().st_size > 0
        guard.assert_clean()
    finally:
        server.stop()
        after = snapshot(data_dir)
        set_read_only(data_dir, False)
    assert after == before, sorted(set(after.items()) ^ set(before.items()))[:5]


# --------------------------------------------------------------------------------------------
# The project's settings hide tracebacks from users
# --------------------------------------------------------------------------------------------


FAILING_SCRIPT = """
import streamlit as st
st.title("About to fail")
raise RuntimeError("secret detail: /srv/data/internal.yaml")
"""


class ScriptServer(Server):
    """`streamlit run SCRIPT` from the project root, so the project's .streamlit/config.toml applies."""

    def __init__(self, script: Path, log_name: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"{log_name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port), "--server.address", "127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.started = time.monotonic()
        self._wait_healthy()


def test_an_exception_shows_no_traceback_with_the_project_settings(guarded, tmp_path):
    """The app itself raises nothing that can be triggered from outside (the fuzz tests look for
    such a case), so a one-line failing script is served with the project's .streamlit/config.toml."""
    script = tmp_path / "failing_app.py"
    script.write_text(FAILING_SCRIPT, encoding="utf-8")
    server = ScriptServer(script, log_name="server-failing")
    try:
        page, guard = guarded
        page.goto(server.url + "/")
        page.wait_for_selector('[data-testid="stException"]', timeout=60_000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("About to fail", timeout=30_000)
        text = main.inner_text()
        assert "secret detail" not in text and "Traceback" not in text and "failing_app.py" not in text, text
        guard.assert_clean()
    finally:
        server.stop()
    assert "secret detail" in server.log_path.read_text(), "the details belong in the server log"

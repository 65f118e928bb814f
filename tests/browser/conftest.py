"""Real-browser fixtures: a `streamlit run` server on a free loopback port, and the system
Chromium driven by Playwright with every request not addressed to that server blocked and recorded.

Under CI=true a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path | None = None, log_name: str = "server"):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        if data_dir is not None:
            env["DASHBOARD_DATA_DIR"] = str(data_dir)
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"{log_name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard/app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.started = time.monotonic()
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit did not become healthy in {timeout}s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server():
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: run `make browser` (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Guard:
    """Records every blocked external request and every page error of one browser context."""

    def __init__(self, allowed_hosts=LOCAL_HOSTS):
        self.allowed_hosts = set(allowed_hosts)
        self.blocked: list[str] = []
        self.page_errors: list[str] = []

    def route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "file") or (
            parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname in self.allowed_hosts
        ):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def attach(self, page):
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def assert_clean(self):
        assert self.blocked == [], f"requests left the machine: {self.blocked}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"


@pytest.fixture
def guarded(browser, tmp_path):
    """(page, guard): a fresh context whose external requests are blocked and recorded."""
    guard = Guard()
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.route("**/*", guard.route)
    page = context.new_page()
    guard.attach(page)
    yield page, guard
    context.close()


APP_SETTLED_JS = """(expected) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    // after a cold start the script finishes seconds before the page is drawn: wait for content
    if (!document.querySelector('[data-testid="stMainBlockContainer"] h1')) return false;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    // charts mount only once the lazily loaded plotly bundle has arrived
    if (charts.length < expected) return false;
    return charts.every(el => {
        const gd = el.querySelector('.js-plotly-plot');
        if (!gd || !gd.querySelector('.main-svg')) return false;
        // geo maps fetch their base layer (from our own server) after the frame is drawn
        const geos = (gd._fullLayout && gd._fullLayout._subplots && gd._fullLayout._subplots.geo) || [];
        return geos.length === 0 || !!gd.querySelector('path.choroplethlocation');
    });
}"""
CHARTS_PER_PAGE = {"": 1, "timeline": 1, "missions": 2, "programmes": 2, "sources": 0, "briefing": 1}


def expected_charts(page) -> int:
    path = page.url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0].strip("/")
    return CHARTS_PER_PAGE.get(path, 0)


def wait_for_app(page, charts: int | None = None, timeout: float = 60_000) -> None:
    """Until the script has run and the page's charts (`charts`, or the count known for its path)
    have drawn, twice in a row 300 ms apart (a rerun briefly replaces charts, so one look can
    catch the gap)."""
    expected = expected_charts(page) if charts is None else charts
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    while True:
        page.wait_for_function(APP_SETTLED_JS, arg=expected, timeout=max(1000, (deadline - time.monotonic()) * 1000))
        page.wait_for_timeout(300)
        if page.evaluate(APP_SETTLED_JS, expected):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not settle")


def screenshot(page, name: str, full: bool = True) -> Path:
    """Save a PNG to test-artifacts/. Streamlit scrolls its main area itself, so for a full-page
    picture the viewport is first grown to the content's height."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full:
        size = page.viewport_size
        height = page.evaluate(
            """() => { const el = document.querySelector('[data-testid="stMainBlockContainer"]');
                       return el ? el.scrollHeight + 120 : document.body.scrollHeight; }"""
        )
        page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 12000)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(path))
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path))
    return path

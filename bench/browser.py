"""The browser half of the benchmark: real `streamlit run` servers on loopback, the system Chromium.

- `ab_runs`: from server start to the first chart drawn, and from a filter change to the chart
  updated, for the dashboard's /timeline and for bench/baseline_app.py, alternating A/B.
- `peak_memory`: the server's peak resident memory (VmHWM) after each page's script has run.
- `screenshot_html`: renders a local HTML file to PNG (the plot in docs/).

Every request that is not addressed to 127.0.0.1 is aborted and counted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
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
VIEWPORT = {"width": 1440, "height": 1000}
DASHBOARD = "dashboard/app.py"
BASELINE = "bench/baseline_app.py"
PAGE_PATHS = {
    "overview": "/",
    "timeline": "/timeline",
    "timeline-table": "/timeline?view=Table",
    "missions": "/missions",
    "programmes": "/programmes",
    "sources": "/sources",
    "briefing": "/briefing",
}

# The first milestone point drawn (both charts plot SVG markers at the real size).
FIRST_POINT_JS = """() => !!document.querySelector('[data-testid="stPlotlyChart"] .main-svg .point')"""
APP_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(el => el.querySelector('.main-svg'));
}"""
# The page's script has run to the end (every page starts with a title). Memory is the server's:
# the pass need not wait for the browser to draw very tall charts.
SCRIPT_DONE_JS = """() => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"] h1')"""
# Records the time of the last change to a chart (a node inside one, or a chart added to the page),
# of the end of the script run (the app's script-state attribute) and of the last key press. An
# attribute change on an element that merely contains a chart (the app root flipping to
# "notRunning") is not a chart update: it is counted as the end of the run instead.
WATCH_CHARTS_JS = """() => {
  const inside = node => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!el && !!el.closest('[data-testid="stPlotlyChart"]');
  };
  const holdsChart = node => node.nodeType === 1
    && (node.matches('[data-testid="stPlotlyChart"]') || !!node.querySelector('[data-testid="stPlotlyChart"]'));
  const app = document.querySelector('[data-testid="stApp"]');
  window.__bench = {key: null, last: null, done: null};
  new MutationObserver(records => {
    for (const r of records) {
      if (r.target === app && r.attributeName === 'data-test-script-state' && app.getAttribute('data-test-script-state') === 'notRunning') {
        window.__bench.done = performance.now();
      }
      if (inside(r.target) || [...r.addedNodes].some(holdsChart)) { window.__bench.last = performance.now(); }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('keydown', () => { Object.assign(window.__bench, {key: performance.now(), last: null, done: null}); }, true);
}"""
CHART_SETTLED_JS = """(quiet) => {
  const b = window.__bench, app = document.querySelector('[data-testid="stApp"]');
  return b.key !== null && b.last !== null && b.done !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && performance.now() - Math.max(b.last, b.done) > quiet;
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on a free loopback port; `started` is taken just before the launch."""

    def __init__(self, script: str, env: dict[str, str] | None = None, log_name: str = "server"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        OUT.mkdir(parents=True, exist_ok=True)
        self.log_path = OUT / f"{log_name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 60) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:  # noqa: S310 - loopback only
                    if response.status == 200:
                        return time.monotonic() - self.started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"streamlit did not become healthy in {timeout}s:\n{self.log_path.read_text()}")

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the server process has had so far."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc status")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Guard:
    """Aborts and counts every request that is not for the loopback server; with `skip_plotly`,
    also the chart component's bundle (counted apart), so that no chart is drawn."""

    def __init__(self, skip_plotly: bool = False):
        self.blocked: list[str] = []
        self.skip_plotly = skip_plotly
        self.skipped = 0

    def route(self, route) -> None:
        parsed = urlparse(route.request.url)
        if self.skip_plotly and "/PlotlyChart." in parsed.path:
            self.skipped += 1
            route.abort()
        elif parsed.scheme in ("data", "blob", "about", "file") or parsed.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: run `make browser`")
    with sync_playwright() as playwright:  # launch() starts from a fresh temporary profile
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def guarded_page(browser, guard: Guard):
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", guard.route)
    try:
        yield context.new_page()
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# A/B: the dashboard's timeline against the bare baseline
# --------------------------------------------------------------------------------------------


UNSETTLED_AFTER_MS = 30_000  # a filter change whose chart has not settled by then is made again
MAX_UNSETTLED = 3  # per server start; past this the run fails


def one_run(browser, app: str, guard: Guard, changes: int, env: dict[str, str]) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    script, path = (DASHBOARD, "/timeline") if app == "ours" else (BASELINE, "/")
    server = Server(script, env=env, log_name=f"ab-{app}")
    try:
        server.wait_healthy()
        with guarded_page(browser, guard) as page:
            page.goto(server.url + path)
            page.wait_for_function(FIRST_POINT_JS, polling="raf", timeout=120_000)
            first_chart = time.monotonic() - server.started
            page.wait_for_function(APP_DONE_JS, timeout=120_000)
            page.wait_for_timeout(500)
            page.evaluate(WATCH_CHARTS_JS)
            thumb = page.get_by_role("slider").first
            thumb.focus()
            lowest = thumb.get_attribute("aria-valuemin")
            updates, runs_done, unsettled = [], [], 0
            while len(updates) < changes:
                # One year up from the first year, or back down to it: the direction is read from
                # the slider, so that a change that was lost cannot push it against its end.
                at_lowest = thumb.get_attribute("aria-valuenow") == lowest
                page.keyboard.press("ArrowRight" if at_lowest else "ArrowLeft")
                try:
                    page.wait_for_function(CHART_SETTLED_JS, arg=400, polling=50, timeout=UNSETTLED_AFTER_MS)
                except PlaywrightTimeout:
                    # Seen once in 2026-12-03's runs: a key press that never reached the app. Not
                    # timed, counted, and the change made again.
                    unsettled += 1
                    if unsettled > MAX_UNSETTLED:
                        raise
                    thumb.focus()
                    continue
                chart_s, done_s = page.evaluate(
                    "() => [(window.__bench.last - window.__bench.key) / 1000, (window.__bench.done - window.__bench.key) / 1000]"
                )
                updates.append(chart_s)
                runs_done.append(done_s)
                page.wait_for_timeout(200)
        return {"first_chart_s": first_chart, "filter_change_s": updates, "filter_change_run_done_s": runs_done, "unsettled": unsettled}
    finally:
        server.stop()


def ab_runs(runs: int, changes: int, baseline_points: int, log=print) -> dict:
    """`runs` rounds; even rounds run ours first, odd rounds the baseline first (the server-side
    pass before has already brought both apps' files into the page cache)."""
    guard = Guard()
    env = {"ours": {}, "baseline": {"BENCH_POINTS": str(baseline_points)}}
    results: dict[str, dict] = {
        app: {"first_chart_s": [], "filter_change_s": [], "filter_change_run_done_s": [], "unsettled": 0} for app in env
    }
    with chromium() as browser:
        for i in range(runs):
            for app in ("ours", "baseline") if i % 2 == 0 else ("baseline", "ours"):
                result = one_run(browser, app, guard, changes, env[app])
                results[app]["first_chart_s"].append(result["first_chart_s"])
                results[app]["filter_change_s"] += result["filter_change_s"]
                results[app]["filter_change_run_done_s"] += result["filter_change_run_done_s"]
                results[app]["unsettled"] += result["unsettled"]
                retried = result["unsettled"]
                log(
                    f"  A/B round {i + 1}/{runs} {app:8s} first chart {result['first_chart_s']:.2f} s, "
                    f"filter change {', '.join(f'{s:.3f}' for s in result['filter_change_s'])} s"
                    + (f" ({retried} change(s) not settled in {UNSETTLED_AFTER_MS // 1000} s, made again)" if retried else "")
                )
    return {**results, "blocked_requests": guard.blocked}


# --------------------------------------------------------------------------------------------
# Peak resident memory of the server
# --------------------------------------------------------------------------------------------


def peak_memory(data_dir: Path, pages: list[str], page_budget_s: float, first_page_extra_s: float = 0, log=print) -> dict:
    """Open every page in turn on one server and wait for its script to finish; VmHWM after each.
    The first page also waits for the data to load. The browser does not load the chart bundle:
    memory is the server's, and Chromium on 2 cores takes minutes to draw charts of 666 programme
    rows, holding up the page. A page that does not finish in its budget ends the pass (the server
    is still busy with it) and is reported as such."""
    guard = Guard(skip_plotly=True)
    server = Server(DASHBOARD, env={"DASHBOARD_DATA_DIR": str(data_dir)}, log_name=f"memory-{data_dir.name}")
    after: dict[str, float | None] = {}
    unfinished = None
    try:
        server.wait_healthy()
        after["server started"] = server.peak_rss_mb()
        with chromium() as browser, guarded_page(browser, guard) as page:
            for i, name in enumerate(pages):
                started = time.monotonic()
                budget = page_budget_s + (first_page_extra_s if i == 0 else 0)
                page.goto(server.url + PAGE_PATHS[name])
                try:
                    page.wait_for_function(SCRIPT_DONE_JS, polling=200, timeout=budget * 1000)
                except Exception:  # playwright's TimeoutError
                    unfinished = name
                    after[name] = server.peak_rss_mb()
                    log(f"  memory {data_dir.name}: {name} did not finish in {budget:.0f} s; stopping this pass")
                    break
                after[name] = server.peak_rss_mb()
                log(f"  memory {data_dir.name}: {name} ran in {time.monotonic() - started:.1f} s, peak RSS so far {after[name]:.0f} MB")
        peak = server.peak_rss_mb()
    finally:
        server.stop()
    return {
        "peak_rss_mb": peak,
        "after_page_mb": after,
        "unfinished_page": unfinished,
        "blocked_requests": guard.blocked,
        "chart_bundle_requests_skipped": guard.skipped,
    }


# --------------------------------------------------------------------------------------------
# Screenshots of local HTML (the plot in docs/)
# --------------------------------------------------------------------------------------------


def screenshot_html(html_file: Path, png_file: Path, width: int = 1000, height: int = 600) -> None:
    guard = Guard()
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2)
        context.route("**/*", guard.route)
        page = context.new_page()
        page.goto(html_file.resolve().as_uri())
        page.wait_for_selector(".main-svg", timeout=60_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(png_file))
        context.close()
    if guard.blocked:
        raise RuntimeError(f"the plot tried to fetch {guard.blocked}")

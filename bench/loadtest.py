"""Bounded load test on loopback: `python -m bench.loadtest` (`make loadtest`).

One `streamlit run` server on 127.0.0.1 and one headless Chromium with SESSIONS browser contexts
(separate cookies and websockets, so separate Streamlit sessions). All sessions open /timeline at
once, wait for the chart, then each makes CHANGES filter changes with the keyboard on the year
slider (real widget interaction: every key press reruns the script and redraws the chart). The
latency of a change is from the key press to the last change of the chart's DOM, taken once the
app reports it is idle and the chart has been quiet for 400 ms.

That latency is split in two from the websocket frames Chromium sends and receives (their
timestamps from the DevTools protocol): server time, from the rerun request (a `BackMsg.rerun_script` frame) to
the server's `script_finished` (a `ForwardMsg` frame), and browser time, the rest (the frontend
before it sends, and drawing after the server has finished). On this 2-core machine the 20
Chromium contexts compete with the server for the cores, so the browser time is mostly Chromium;
`python -m bench.capacity` measures the server alone at the protocol level.

Bounded: a fixed number of actions, a timeout for every wait, and an overall deadline after which
everything is cancelled and the run fails. Every request not addressed to the loopback server is
aborted and counted as an error. Exits 1 on any error; writes bench/loadtest-results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from bench.browser import CHROMIUM, CHROMIUM_ARGS, DASHBOARD, ROOT, Server

STREAM = "/_stcore/stream"

RESULTS = ROOT / "bench" / "loadtest-results.json"
VIEWPORT = {"width": 1280, "height": 720}  # narrower, and Streamlit folds the sidebar (and the slider) away
QUIET_MS = 400
WAIT_MS = 120_000  # any single wait; the overall deadline is separate

APP_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && charts.length > 0 && charts.every(el => el.querySelector('.main-svg .point'));
}"""
# Time of the last DOM change in or around a chart, and of the last key press (both performance.now()).
WATCH_JS = """() => {
  const inChart = node => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!el && (!!el.closest('[data-testid="stPlotlyChart"]')
      || !!(el.querySelector && el.querySelector('[data-testid="stPlotlyChart"]')));
  };
  const app = document.querySelector('[data-testid="stApp"]');
  window.__load = {key: null, last: null, done: null};
  new MutationObserver(records => {
    for (const r of records) {
      if (r.target === app && r.attributeName === 'data-test-script-state') {
        if (app.getAttribute('data-test-script-state') === 'notRunning' && window.__load.key !== null)
          window.__load.done = performance.now();
      }
      if (inChart(r.target) || [...r.addedNodes].some(inChart)) { window.__load.last = performance.now(); }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('keydown', () => {
    window.__load.key = performance.now(); window.__load.last = null; window.__load.done = null;
  }, true);
}"""
SETTLED_JS = """(quiet) => {
  const w = window.__load, app = document.querySelector('[data-testid="stApp"]');
  return w.key !== null && w.last !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && performance.now() - w.last > quiet && !document.querySelector('[data-testid="stException"]');
}"""
SLIDER_VALUE_JS = """() => document.querySelector('[data-testid="stSlider"] input[type="range"]').value"""


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time used so far: by one process (utime + stime), or by the whole machine (busy time)."""
    ticks = os.sysconf("SC_CLK_TCK")
    if pid is not None:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / ticks


class Guard:
    """Lets loopback requests through; aborts and records everything else."""

    def __init__(self):
        self.blocked: list[str] = []

    async def route(self, route) -> None:
        parsed = urlparse(route.request.url)
        if parsed.scheme in ("data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost"):
            await route.continue_()
        else:
            self.blocked.append(route.request.url)
            await route.abort()


class Wire:
    """The times of a page's reruns as its websocket carries them: from each rerun request sent to
    the server's script_finished received (Streamlit's protobufs, parsed as they pass). The times
    are Chromium's own frame timestamps (DevTools protocol, Network.webSocketFrame*), so a busy
    test process does not add to them."""

    def __init__(self):
        self.streams: set[str] = set()
        self.sent: float | None = None
        self.runs: list[float] = []

    async def attach(self, context, page) -> None:
        cdp = await context.new_cdp_session(page)
        cdp.on("Network.webSocketCreated", self._created)
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.webSocketFrameReceived", self._received)
        await cdp.send("Network.enable")

    def _created(self, params) -> None:
        if STREAM in params.get("url", ""):
            self.streams.add(params["requestId"])

    def _payload(self, params) -> bytes | None:
        frame = params.get("response", {})
        if params.get("requestId") not in self.streams or frame.get("opcode") != 2:
            return None
        return base64.b64decode(frame.get("payloadData", ""))

    def _sent(self, params) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        payload = self._payload(params)
        if payload is not None:
            msg = BackMsg()
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "rerun_script":
                self.sent = params["timestamp"]

    def _received(self, params) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        payload = self._payload(params) if self.sent is not None else None
        if payload is not None:
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "script_finished":
                self.runs.append(params["timestamp"] - self.sent)
                self.sent = None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def one_session(number: int, browser, url: str, changes: int, guard: Guard, stagger_s: float) -> dict:
    record = {"session": number, "first_chart_s": None, "changes_s": [], "reruns_s": [], "server_s": [], "browser_s": [], "errors": []}
    await asyncio.sleep(number * stagger_s)
    context = await browser.new_context(viewport=VIEWPORT)
    await context.route("**/*", guard.route)
    page = await context.new_page()
    wire = Wire()
    await wire.attach(context, page)
    page.on("pageerror", lambda error: record["errors"].append(f"page error: {error}"))
    page.on("response", lambda r: record["errors"].append(f"HTTP {r.status} {r.url}") if r.status >= 500 else None)
    try:
        started = time.monotonic()
        await page.goto(url + "/timeline", timeout=WAIT_MS)
        await page.wait_for_function(APP_DONE_JS, polling=100, timeout=WAIT_MS)
        record["first_chart_s"] = time.monotonic() - started
        await page.evaluate(WATCH_JS)
        thumb = page.get_by_role("slider").first
        await thumb.focus()
        # Up and back down: each press moves the first year by one and redraws the chart.
        keys = ["ArrowRight"] * (changes - changes // 2) + ["ArrowLeft"] * (changes // 2)
        for key in keys:
            before = await page.evaluate(SLIDER_VALUE_JS)
            wire.runs.clear()
            await page.keyboard.press(key)
            await page.wait_for_function(SETTLED_JS, arg=QUIET_MS, polling=50, timeout=WAIT_MS)
            after = await page.evaluate(SLIDER_VALUE_JS)
            if after == before:
                record["errors"].append(f"{key} did not change the slider ({before})")
            chart, rerun = await page.evaluate(
                "() => [(window.__load.last - window.__load.key) / 1000, "
                "window.__load.done === null ? null : (window.__load.done - window.__load.key) / 1000]"
            )
            record["changes_s"].append(chart)
            if wire.runs:  # the server's share of this change, as the websocket saw it; the browser's is the rest
                record["server_s"].append(wire.runs[-1])
                record["browser_s"].append(max(0.0, chart - wire.runs[-1]))
            if rerun is not None:
                record["reruns_s"].append(rerun)
        if await page.locator('[data-testid="stException"]').count():
            record["errors"].append("the page shows an exception")
    except Exception as exc:  # a timeout or a crash is an error of this session, reported below
        record["errors"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()
    return record


async def run(sessions: int, changes: int, deadline_s: float, stagger_s: float, data_dir: Path | None) -> dict:
    from playwright.async_api import async_playwright

    env = {"DASHBOARD_DATA_DIR": str(data_dir)} if data_dir else {}
    server = Server(DASHBOARD, env=env, log_name="loadtest")
    guard = Guard()
    started = time.monotonic()
    try:
        server.wait_healthy()
        server_cpu, machine_cpu, measured_from = cpu_seconds(server.process.pid), cpu_seconds(), time.monotonic()
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                tasks = [asyncio.create_task(one_session(n, browser, server.url, changes, guard, stagger_s)) for n in range(sessions)]
                done, pending = await asyncio.wait(tasks, timeout=deadline_s)
                for task in pending:
                    task.cancel()
                records = [task.result() for task in done]
                timed_out = len(pending)
            finally:
                await browser.close()
        peak_rss = server.peak_rss_mb()
        server_cpu = cpu_seconds(server.process.pid) - server_cpu
        machine_cpu, wall = cpu_seconds() - machine_cpu, time.monotonic() - measured_from
    finally:
        server.stop()
    reruns = [s for r in records for s in r["reruns_s"]]
    server_times = [s for r in records for s in r["server_s"]]
    browser_times = [s for r in records for s in r["browser_s"]]
    latencies = [s for r in records for s in r["changes_s"]]
    loads = [r["first_chart_s"] for r in records if r["first_chart_s"] is not None]
    errors = [f"session {r['session']}: {e}" for r in records for e in r["errors"]]
    errors += [f"{timed_out} sessions still running at the {deadline_s:.0f} s deadline"] if timed_out else []
    errors += [f"request left the machine: {u}" for u in guard.blocked]
    summary = {
        "command": "make loadtest  (python -m bench.loadtest " + f"--sessions {sessions} --changes {changes} --deadline {deadline_s:g})",
        "sessions": sessions,
        "changes_per_session": changes,
        "filter_changes_measured": len(latencies),
        "filter_to_chart_s": {
            "p50": percentile(latencies, 50) if latencies else None,
            "p95": percentile(latencies, 95) if latencies else None,
            "max": max(latencies) if latencies else None,
            "mean": statistics.fmean(latencies) if latencies else None,
        },
        "filter_to_rerun_done_s": {  # key press until the browser hears the script has finished
            "p50": percentile(reruns, 50) if reruns else None,
            "p95": percentile(reruns, 95) if reruns else None,
        },
        "server_s": {  # rerun request sent -> script_finished received, on the page's websocket
            "p50": percentile(server_times, 50) if server_times else None,
            "p95": percentile(server_times, 95) if server_times else None,
            "measured": len(server_times),
        },
        "browser_s": {  # the rest of filter_to_chart_s: the frontend before sending, and drawing after
            "p50": percentile(browser_times, 50) if browser_times else None,
            "p95": percentile(browser_times, 95) if browser_times else None,
        },
        "first_chart_s": {
            "p50": percentile(loads, 50) if loads else None,
            "p95": percentile(loads, 95) if loads else None,
            "max": max(loads) if loads else None,
        },
        "duration_s": time.monotonic() - started,
        "server_peak_rss_mb": peak_rss,
        "server_cpu_s": server_cpu,
        "server_cpu_per_script_run_s": server_cpu / max(1, len(latencies) + len(loads)),
        "machine_cpu_busy_s": machine_cpu,
        "machine_cpu_capacity_s": wall * (os.cpu_count() or 1),
        "errors": errors,
        "blocked_requests": len(guard.blocked),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "data_dir": str(data_dir or ROOT / "data"),
    }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    parser.add_argument("--changes", type=int, default=10, help="filter changes per session (default 10)")
    parser.add_argument("--deadline", type=float, default=600, help="overall limit in seconds (default 600)")
    parser.add_argument("--stagger", type=float, default=0.1, help="seconds between session starts (default 0.1)")
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: data/)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: run `make browser`", file=sys.stderr)
        return 2
    print(f"load test: {args.sessions} sessions x {args.changes} filter changes on one loopback server (deadline {args.deadline:g} s)")
    summary = asyncio.run(run(args.sessions, args.changes, args.deadline, args.stagger, args.data))
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    latency, first = summary["filter_to_chart_s"], summary["first_chart_s"]

    def seconds(value):
        return "n/a" if value is None else f"{value:.2f} s"

    print(
        f"filter change -> chart updated: p50 {seconds(latency['p50'])}, p95 {seconds(latency['p95'])}, max {seconds(latency['max'])} "
        f"({summary['filter_changes_measured']} changes)"
    )
    print(f"page open -> first chart:       p50 {seconds(first['p50'])}, p95 {seconds(first['p95'])}, max {seconds(first['max'])}")
    server, browser = summary["server_s"], summary["browser_s"]
    print(
        f"  of which server:              p50 {seconds(server['p50'])}, p95 {seconds(server['p95'])} "
        f"(rerun request sent -> script_finished received on the websocket, {server['measured']} changes)"
    )
    print(f"  of which browser:             p50 {seconds(browser['p50'])}, p95 {seconds(browser['p95'])} (the rest: Chromium)")
    rerun = summary["filter_to_rerun_done_s"]
    print(f"filter change -> rerun done:    p50 {seconds(rerun['p50'])}, p95 {seconds(rerun['p95'])}")
    print(
        f"CPU: server {summary['server_cpu_s']:.0f} s ({summary['server_cpu_per_script_run_s']:.2f} s per script run); "
        f"machine busy {summary['machine_cpu_busy_s']:.0f} of {summary['machine_cpu_capacity_s']:.0f} CPU-seconds "
        f"(the rest of the busy time is Chromium and anything else running)"
    )
    print(
        f"duration {summary['duration_s']:.0f} s, server peak RSS {summary['server_peak_rss_mb']:.0f} MB, "
        f"errors {len(summary['errors'])}, blocked external requests {summary['blocked_requests']}"
    )
    for error in summary["errors"][:20]:
        print(f"  error: {error}")
    print(f"results: {args.out}")
    expected = args.sessions * args.changes
    return 0 if not summary["errors"] and summary["filter_changes_measured"] == expected else 1


if __name__ == "__main__":
    sys.exit(main())

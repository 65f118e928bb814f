"""`make bench`: the dashboard against a bare Streamlit baseline, on this machine.

1. Data: the real directory, and synthetic ones of 100× and 1000× its milestones and of 100,000
   (bench.generate).
2. Server side, per page and size: reruns after a filter change, timed with AppTest in a separate
   process per size (bench.server_side), with the figure JSON each chart sends and a count of the
   data files read during reruns. A page that overruns its time budget is stopped and reported.
3. Browser, at the real size, alternating A/B: server start → first chart drawn, and filter change
   → chart updated, for /timeline and for bench/baseline_app.py.
4. Peak resident memory of a real `streamlit run` server after opening every page, per size.
5. bench/results.json, a table on stdout, docs/performance-rerun.png and the results section of
   docs/PERFORMANCE.md.

Every figure is a median: of RUNS (5) reruns server-side, of AB_ROUNDS (7) rounds in the browser.
"""

from __future__ import annotations

import json
import os
import platform
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import browser, exports, presenter
from bench.generate import generate
from bench.server_side import PAGES
from dashboard.data import DEFAULT_DATA_DIR
from dashboard.loading.records import MILESTONES_FILE

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "PERFORMANCE.md"
PLOT_PNG = ROOT / "docs" / "performance-rerun.png"
RUNS = 5
# The browser figures vary more from one server start to the next than within one: 7 rounds of 8
# changes (56 filter changes and 7 first charts per app; 4 per round until 2026-12-03) keep the
# median steadier than 5 of 3, and the ratio's interval (ratio_interval) says how steady.
AB_ROUNDS = 7
EXPORT_RUNS = 3
FILTER_CHANGES_PER_RUN = 8
PAGE_ORDER = [
    "missions",
    "programmes",
    "sources",
    "briefing",
    "timeline",
    "timeline-table",
    "overview",
]  # cheapest first: a stuck page ends a pass
PAGE_BUDGET_S = 45  # server side: opening a page and its reruns
LOAD_BUDGET_S = 120  # loading and validating the data (100,000 rows take 20 s on a quiet machine)
SIZE_BUDGET_S = {"real": 60, "x100": 100, "x1000": 150, "n100000": 150}  # server side, per data size
MEMORY_PAGE_BUDGET_S = 40

TARGETS = {
    "filter_change_ratio": 1.5,
    "first_chart_ratio": 1.3,
    "rerun_s_at_100k": 1.0,
    "chart_json_mb_at_100k": 2.0,
    "peak_rss_mb_at_100k": 1024,
    "export_s": 10.0,  # a 10-slide PPTX and PDF, first export after process start included
    "slide_step_s": 0.3,  # presenter mode, key press to the next slide drawn
}


def ratio_interval(ours_rounds: list[list[float]], baseline_rounds: list[list[float]], resamples: int = 2000, seed: int = 0) -> tuple:
    """A 95 % bootstrap interval of median(ours) / median(baseline). Whole A/B rounds are drawn with
    replacement, each with ours and the baseline measured side by side in it: a slow spell of the
    machine weighs on both apps of a round, and the spread from one server start to the next is
    kept. Seeded, so that one run's interval is reproducible from its results.json."""
    rng = random.Random(seed)
    count = len(ours_rounds)
    ratios = []
    for _ in range(resamples):
        picks = [rng.randrange(count) for _ in range(count)]
        ours = [value for i in picks for value in ours_rounds[i]]
        baseline = [value for i in picks for value in baseline_rounds[i]]
        ratios.append(statistics.median(ours) / statistics.median(baseline))
    ratios.sort()
    return ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


def _rounds(values: list[float], per_round: int) -> list[list[float]]:
    return [values[i : i + per_round] for i in range(0, len(values), per_round)]


def log(message: str) -> None:
    print(message, flush=True)


def median(values):
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------------------------
# Load inputs: the data directories
# --------------------------------------------------------------------------------------------


def count_rows(csv_file: Path) -> int:
    with csv_file.open(encoding="utf-8-sig") as handle:
        return sum(1 for line in handle if line.strip()) - 1


def data_dirs() -> list[dict]:
    real = count_rows(DEFAULT_DATA_DIR / MILESTONES_FILE)
    scales = [{"name": "real", "milestones": real, "data_dir": DEFAULT_DATA_DIR}]
    for name, n in (("x100", real * 100), ("x1000", real * 1000), ("n100000", 100_000)):
        started = time.monotonic()
        out = generate(n, OUT / name)
        scales.append({"name": name, "milestones": n, "data_dir": out})
        log(f"generated {out.relative_to(ROOT)}: {n:,} milestones in {time.monotonic() - started:.1f} s")
    return scales


# --------------------------------------------------------------------------------------------
# Server side: AppTest workers with a time budget per page
# --------------------------------------------------------------------------------------------


def _lines(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line)
    sink.put(None)


def server_side(data_dir: Path, pages: list[str], budget_s: float) -> dict:
    """Runs bench.server_side; a step over budget is killed and noted, and the remaining pages go
    on in a new process (which reads the validated data from the first one's pickle). Pages not
    reached when this size's budget is spent are reported as such."""
    results: dict[str, dict] = {"loads": []}
    remaining = list(pages)
    cache = OUT / f"{data_dir.name}.dataset.pickle"
    cache.unlink(missing_ok=True)
    spent_at = time.monotonic() + budget_s
    while remaining:
        if time.monotonic() > spent_at:
            for page in remaining:
                results[page] = {"page": page, "error": f"not measured: the {budget_s:.0f} s budget for this size was spent"}
            log(f"  {data_dir.name}: budget spent; not measured: {', '.join(remaining)}")
            break
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.server_side", "--runs", str(RUNS), "--cache", str(cache), str(data_dir), *remaining],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
        current, deadline = None, None
        while True:
            try:
                line = lines.get(timeout=None if deadline is None else max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                process.kill()
                process.wait()
                budget = LOAD_BUDGET_S if current == "load" else PAGE_BUDGET_S
                log(f"  {data_dir.name} {current}: over its {budget} s budget; stopped")
                if current == "load":  # nothing can be measured at this size
                    for page in remaining:
                        results[page] = {"page": page, "error": f"the data did not load in {budget} s"}
                    remaining = []
                else:
                    results[current] = {"page": current, "timed_out_after_s": budget}
                    remaining.remove(current)
                break
            if line is None:
                process.wait()
                for page in remaining:  # the worker died before reaching them
                    results[page] = {"page": page, "error": f"worker exited with {process.returncode}"}
                remaining = []
                break
            event = json.loads(line)
            if event["event"] == "start":
                current = event["what"]
                deadline = min(time.monotonic() + (LOAD_BUDGET_S if current == "load" else PAGE_BUDGET_S), spent_at + LOAD_BUDGET_S)
            elif event["event"] == "load":
                results["loads"].append(event)
                log(f"  {data_dir.name}: data loaded from the {event['loaded_from']} in {event['load_s']:.1f} s")
            elif event["event"] == "page":
                results[event["page"]] = event
                remaining.remove(event["page"])
                if "median_s" in event:
                    log(
                        f"  {data_dir.name} {event['page']}: rerun median {event['median_s']:.3f} s of {event['runs']}, "
                        f"charts {event['chart_bytes']} bytes"
                    )
                else:
                    log(f"  {data_dir.name} {event['page']}: {event.get('error')}")
    return results


# --------------------------------------------------------------------------------------------
# Process: targets
# --------------------------------------------------------------------------------------------


def machine() -> dict:
    import pandas
    import playwright
    import plotly
    import streamlit

    chromium = subprocess.run([browser.CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:"))
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), ""
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "pandas": pandas.__version__,
        "playwright": getattr(playwright, "__version__", ""),
        "chromium": chromium,
        "load_average_at_start": list(os.getloadavg()),
    }


def targets(results: dict) -> list[dict]:
    checks = []
    ab = results["browser"]
    for key, label in (
        ("filter_change", "Real size: filter change → chart updated, ours / baseline"),
        ("first_chart", "Real size: server start → first chart, ours / baseline"),
    ):
        ratio, limit = ab["ratios"][key], TARGETS[f"{key}_ratio"]
        low, high = ab["intervals"][key]
        # The target is the median ratio; the interval says whether this run could tell.
        verdict = "within the limit" if high <= limit else "over the limit" if low > limit else "the limit lies inside it"
        checks.append(
            {
                "target": label,
                "limit": limit,
                "value": ratio,
                "held": ratio is not None and ratio <= limit,
                "note": f"95 % interval over the rounds {low:.2f}–{high:.2f}: {verdict}",
            }
        )
    big = results["server_side"]["n100000"]
    for page in PAGES:
        entry = big.get(page, {})
        value = entry.get("median_s")
        checks.append(
            {
                "target": f"100,000 milestones: {page} reruns in ≤ 1 s",
                "limit": TARGETS["rerun_s_at_100k"],
                "value": value
                if value is not None
                else (f"> {entry['timed_out_after_s']} s (stopped)" if "timed_out_after_s" in entry else entry.get("error")),
                "held": value is not None and value <= TARGETS["rerun_s_at_100k"],
            }
        )
        charts = entry.get("chart_bytes")
        if charts:
            largest = max(charts) / 1e6
            checks.append(
                {
                    "target": f"100,000 milestones: {page} sends ≤ 2 MB of figure JSON per chart",
                    "limit": TARGETS["chart_json_mb_at_100k"],
                    "value": largest,
                    "held": largest <= TARGETS["chart_json_mb_at_100k"],
                }
            )
    memory = results["memory"]["n100000"]
    missing = ([memory["unfinished_page"]] if memory.get("unfinished_page") else []) + memory.get("not_opened", [])
    checks.append(
        {
            "target": "100,000 milestones: server peak RSS < 1 GB (every page opened)",
            "limit": TARGETS["peak_rss_mb_at_100k"],
            "value": memory["peak_rss_mb"],
            "held": not missing and memory["peak_rss_mb"] < TARGETS["peak_rss_mb_at_100k"],
            **({"note": f"pages not drawn: {', '.join(missing)}"} if missing else {}),
        }
    )
    reads = [
        entry.get("reads_during_reruns", {})
        for scale in results["server_side"].values()
        for page, entry in scale.items()
        if page != "loads"
    ]
    total = {key: sum(r.get(key, 0) for r in reads) for key in ("loads", "validations", "data_file_opens")}
    control = next((load["reads_on_load"] for load in results["server_side"]["real"]["loads"] if load["reads_on_load"]), {})
    checks.append(
        {
            "target": "No rerun re-reads or re-validates the data files",
            "limit": 0,
            "value": total,
            "held": not any(total.values()) and bool(control.get("data_file_opens")),
            "note": f"control: loading the data once per process counted {control}",
        }
    )
    for fmt, times in results.get("exports", {}).items():
        checks.append(
            {
                "target": f"A 10-slide {fmt.upper()} export in ≤ 10 s (fresh process: first export after start included)",
                "limit": TARGETS["export_s"],
                "value": round(max(times), 2),
                "held": max(times) <= TARGETS["export_s"],
                "note": f"slowest of {len(times)}; all: {', '.join(f'{t:.1f}' for t in times)} s",
            }
        )
    steps = results.get("slide_step_s")
    if steps:
        checks.append(
            {
                "target": "Presenter mode: slide step (key press to next slide drawn) ≤ 0.3 s",
                "limit": TARGETS["slide_step_s"],
                "value": round(median(steps), 3),
                "held": median(steps) <= TARGETS["slide_step_s"],
                "note": f"median of {len(steps)}; slowest {max(steps):.3f} s",
            }
        )
    return checks


# --------------------------------------------------------------------------------------------
# Save outputs: table, JSON, plot, docs
# --------------------------------------------------------------------------------------------


def _s(value, digits=3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _rerun_cell(entry: dict) -> str:
    if "median_s" in entry:
        return _s(entry["median_s"]) + (
            "" if entry.get("runs", RUNS) >= RUNS else f" ({entry['runs']} run: page took {entry['open_s']:.0f} s to open)"
        )
    if "timed_out_after_s" in entry:
        return f"> {entry['timed_out_after_s']} (stopped)"
    return "error"


def _ratio_cell(ab: dict, key: str) -> str:
    low, high = ab["intervals"][key]
    return f"{_s(ab['ratios'][key], 2)} ({low:.2f}–{high:.2f})"


def table_markdown(results: dict) -> str:
    scales = results["scales"]
    head = " | ".join(f"{s['name']} ({s['milestones']:,})" for s in scales)
    machine = results["machine"]
    lines = [
        f"Run of {results['date']} on {machine['cpus']} CPUs; load average (1 min) {machine['load_average_at_start'][0]:.1f} at the start "
        f"and {machine['load_average_at_end'][0]:.1f} at the end; `make bench` took {results['elapsed_s']:.0f} s.",
        "",
        f"Server side: one rerun after a filter change, median of {RUNS}, seconds (AppTest, in-process).",
        "",
        f"| page | {head} | figure JSON per chart, KB: {' / '.join(s['name'] for s in scales)} |",
        "|---|" + "---:|" * len(scales) + "---|",
    ]
    for page in PAGES:
        cells = [_rerun_cell(results["server_side"][s["name"]].get(page, {})) for s in scales]
        sizes = []
        for s in scales:
            charts = results["server_side"][s["name"]].get(page, {}).get("chart_bytes")
            sizes.append("–" if charts is None else (", ".join(f"{b / 1000:.0f}" for b in charts) or "no chart"))
        lines.append(f"| {page} | " + " | ".join(cells) + " | " + " / ".join(sizes) + " |")
    ab = results["browser"]
    lines += [
        "",
        f"Browser, real size, {AB_ROUNDS} alternating A/B rounds ({FILTER_CHANGES_PER_RUN} filter changes per round), medians in seconds; "
        "in brackets, the ratio's 95 % interval over the rounds (bootstrap, whole rounds drawn):",
        "",
        "| measure | ours (/timeline) | baseline | ours / baseline |",
        "|---|---:|---:|---:|",
        f"| server start → first chart drawn | {_s(ab['ours']['first_chart_median_s'], 2)} | "
        f"{_s(ab['baseline']['first_chart_median_s'], 2)} | {_ratio_cell(ab, 'first_chart')} |",
        f"| filter change → chart updated | {_s(ab['ours']['filter_change_median_s'])} | "
        f"{_s(ab['baseline']['filter_change_median_s'])} | {_ratio_cell(ab, 'filter_change')} |",
        f"| filter change → whole page rerun finished (not a target; see Method) | {_s(ab['ours']['filter_change_run_done_median_s'])} "
        f"| {_s(ab['baseline']['filter_change_run_done_median_s'])} | {_ratio_cell(ab, 'filter_change_run_done')} |",
        *(
            [
                "",
                f"Filter changes whose chart had not settled {browser.UNSETTLED_AFTER_MS // 1000} s after the key press "
                "(made again, not timed): "
                f"ours {ab['ours'].get('unsettled', 0)}, baseline {ab['baseline'].get('unsettled', 0)}.",
            ]
            if ab["ours"].get("unsettled") or ab["baseline"].get("unsettled")
            else []
        ),
        "",
        "Peak resident memory of the `streamlit run` server (VmHWM) after opening every page:",
        "",
        "| data | milestones | peak RSS, MB | pages opened |",
        "|---|---:|---:|---|",
    ]
    for s in scales:
        memory = results["memory"][s["name"]]
        opened = [p for p in memory["after_page_mb"] if p not in ("server started", memory.get("unfinished_page"))]
        note = ", ".join(opened)
        if memory.get("unfinished_page"):
            note += f"; {memory['unfinished_page']} still running after {MEMORY_PAGE_BUDGET_S} s"
        if memory.get("not_opened"):
            note += f"; not opened (too slow server-side): {', '.join(memory['not_opened'])}"
        lines.append(f"| {s['name']} | {s['milestones']:,} | {memory['peak_rss_mb']:.0f} | {note} |")
    lines += ["", "Targets:", "", "| target | limit | measured | held |", "|---|---:|---|---|"]
    for check in results["targets"]:
        value = check["value"]
        shown = _s(value, 3) if isinstance(value, float) else str(value)
        note = f" ({check['note']})" if check.get("note") else ""
        lines.append(f"| {check['target']} | {check['limit']} | {shown}{note} | {'yes' if check['held'] else '**no**'} |")
    return "\n".join(lines)


def write_plot(results: dict) -> None:
    """Rerun time against dataset size, one line per page: plotly HTML, screenshotted by Chromium."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for page in PAGES:
        xs, ys = [], []
        for s in results["scales"]:
            entry = results["server_side"][s["name"]].get(page, {})
            if entry.get("median_s") is not None:
                xs.append(s["milestones"])
                ys.append(entry["median_s"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=page, line=dict(width=3), marker=dict(size=10)))
    fig.add_hline(y=TARGETS["rerun_s_at_100k"], line=dict(color="#b00020", dash="dash"), annotation_text="target at 100,000: 1 s")
    fig.update_layout(
        title="Server-side rerun after a filter change (median of 5), by dataset size",
        xaxis=dict(title="milestones (log scale)", type="log"),
        yaxis=dict(title="seconds (log scale)", type="log"),
        template="plotly_white",
        width=1000,
        height=600,
        font=dict(size=15),
        legend=dict(title="page"),
    )
    html_file = OUT / "performance-rerun.html"
    fig.write_html(html_file, include_plotlyjs=True, full_html=True)
    browser.screenshot_html(html_file, PLOT_PNG, width=1000, height=600)


def update_doc(table: str) -> None:
    start, end = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
    if not DOC.exists():
        return
    text = DOC.read_text(encoding="utf-8")
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        DOC.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")


def main() -> int:
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": RUNS,
        "ab_rounds": AB_ROUNDS,
        "filter_changes_per_round": FILTER_CHANGES_PER_RUN,
    }
    log(f"bench on {results['machine']['cpus']} CPUs, load average {results['machine']['load_average_at_start']}")
    scales = data_dirs()
    results["scales"] = [{k: (str(v.relative_to(ROOT)) if isinstance(v, Path) else v) for k, v in s.items()} for s in scales]

    phases = results["phase_s"] = {"generate": time.monotonic() - started}
    log("server side (AppTest)")
    results["server_side"] = {s["name"]: server_side(s["data_dir"], PAGE_ORDER, SIZE_BUDGET_S[s["name"]]) for s in scales}
    phases["server_side"] = time.monotonic() - started - sum(phases.values())

    log("browser A/B at the real size")
    ab = browser.ab_runs(AB_ROUNDS, FILTER_CHANGES_PER_RUN, scales[0]["milestones"], log=log)
    for app in ("ours", "baseline"):
        ab[app]["first_chart_median_s"] = median(ab[app]["first_chart_s"])
        ab[app]["filter_change_median_s"] = median(ab[app]["filter_change_s"])
        ab[app]["filter_change_run_done_median_s"] = median(ab[app]["filter_change_run_done_s"])
    ab["ratios"] = {
        key: ab["ours"][f"{key}_median_s"] / ab["baseline"][f"{key}_median_s"]
        for key in ("first_chart", "filter_change", "filter_change_run_done")
    }
    per_round = {"first_chart": 1, "filter_change": FILTER_CHANGES_PER_RUN, "filter_change_run_done": FILTER_CHANGES_PER_RUN}
    ab["intervals"] = {
        key: ratio_interval(_rounds(ab["ours"][f"{key}_s"], size), _rounds(ab["baseline"][f"{key}_s"], size))
        for key, size in per_round.items()
    }
    results["browser"] = ab
    phases["browser_ab"] = time.monotonic() - started - sum(phases.values())

    log("peak memory of the server")
    results["memory"] = {}
    for s in scales:
        measured = results["server_side"][s["name"]]
        slow = [
            p for p in PAGE_ORDER if measured.get(p, {}).get("median_s") is None or measured[p].get("open_s", 0) > MEMORY_PAGE_BUDGET_S / 2
        ]
        results["memory"][s["name"]] = browser.peak_memory(
            Path(s["data_dir"]), [p for p in PAGE_ORDER if p not in slow], MEMORY_PAGE_BUDGET_S, first_page_extra_s=LOAD_BUDGET_S, log=log
        )
        results["memory"][s["name"]]["not_opened"] = slow
        if slow:
            log(
                f"  memory {s['name']}: not opened, as their scripts take longer than "
                f"{MEMORY_PAGE_BUDGET_S / 2:.0f} s or did not finish server-side: {', '.join(slow)}"
            )

    phases["memory"] = time.monotonic() - started - sum(phases.values())

    log("briefing exports (a fresh process each) and the presenter's slide step")
    results["exports"] = exports.measure(runs=EXPORT_RUNS, formats=("pptx", "pdf"))
    results["slide_step_s"] = presenter.slide_steps()
    phases["briefing"] = time.monotonic() - started - sum(phases.values())
    results["targets"] = targets(results)
    results["elapsed_s"] = time.monotonic() - started
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    table = table_markdown(results)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    write_plot(results)
    update_doc(table)
    log("")
    log(table)
    log("")
    log(
        f"wrote {RESULTS.relative_to(ROOT)}, {PLOT_PNG.relative_to(ROOT)} and the results in {DOC.relative_to(ROOT)}; "
        f"took {time.monotonic() - started:.0f} s ({', '.join(f'{k} {v:.0f} s' for k, v in phases.items())}; "
        f"load average at the end {', '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

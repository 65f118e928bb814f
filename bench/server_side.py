"""Server-side rerun times of every page with Streamlit's AppTest, in-process, for one data directory:
`python -m bench.server_side DATA_DIR [--runs 5] [PAGE ...]`.

Per page: open it, then time `runs` reruns, each after a change of the year filter (the same
rerun a browser triggers; on the presenter page, a step to the next or previous slide), and read
the figure JSON each chart sends from the element protos.
During the timed reruns it counts calls to the loader and to record validation, and every file of
the data directory opened (with an audit hook), to show that no rerun reads the data again.
The data is loaded once per process (with the counters on, as a control); each page is then
opened and timed. Prints one JSON object per line: {"event": "start"|"load"|"page", ...};
bench.run reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
PAGES = {
    "overview": "views/overview.py",
    "timeline": "views/timeline.py",
    "timeline-table": "views/timeline.py",  # the timeline's Table tab (?view=Table): only the open tab runs
    "missions": "views/missions.py",
    "programmes": "views/programmes.py",
    "sources": "views/sources.py",
    "briefing": "views/briefing.py",
}
SLOW_OPEN_S = 8.0
FIRST_PAGE = "briefing"  # the process's first run (imports, caches) goes to a light page, not to a measured one
# The presenter page has no filters: its equivalent of a filter change is the next slide.
STEPPED_PAGES = {"briefing": ("slide_next", "slide_prev")}
PAGE_QUERY = {"timeline-table": {"view": "Table"}}


class ReadCounter:
    """Counts loader calls, record validations and opens of data files while `active`."""

    def __init__(self, data_dir: Path):
        self.data_dir = str(data_dir.resolve())
        self.active = False
        self.loads = self.validations = self.opens = 0
        sys.addaudithook(self._audit)
        from dashboard import loading
        from dashboard.loading import records
        from dashboard.ui import session

        self._wrap(loading, "load_dataset", "loads")
        self._wrap(session, "load_dataset", "loads")
        self._wrap(records, "validate_record", "validations")

    def _audit(self, event: str, args) -> None:
        if self.active and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.fsdecode(args[0])
            if os.path.abspath(path).startswith(self.data_dir + os.sep):
                self.opens += 1

    def _wrap(self, module, name: str, counter: str) -> None:
        original = getattr(module, name, None)
        if original is None:
            return

        def counted(*args, **kwargs):
            if self.active:
                setattr(self, counter, getattr(self, counter) + 1)
            return original(*args, **kwargs)

        setattr(module, name, counted)

    def snapshot(self) -> dict:
        return {"loads": self.loads, "validations": self.validations, "data_file_opens": self.opens}


def _emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def _year_ranges(at) -> list[tuple[int, int]]:
    """Two year ranges to alternate between, the first one different from the current value."""
    slider = at.slider(key="f_years")
    low, high = slider.min, slider.max
    first, second = (low + 1, high), (min(low + 2, high), high)
    return [second, first] if tuple(slider.value) == first else [first, second]


def preload(data_dir: Path, cache: Path | None, counter: ReadCounter) -> dict:
    """Load and validate the data once, up front, with the counters on (their control), and make
    the app's loader hand out that Dataset. A worker restarted after a page overran its budget
    reads the Dataset from `cache` instead of validating 100,000 rows again. Reruns load nothing
    either way: the counters would show it."""
    from dashboard import loading
    from dashboard.ui import session

    started = time.perf_counter()
    if cache is not None and cache.exists():
        dataset = pickle.loads(cache.read_bytes())  # noqa: S301 - written by this benchmark a moment ago
        source, reads = "pickle", None
    else:
        counter.active = True
        dataset = loading.load_dataset(data_dir)
        counter.active = False
        source, reads = "data files", counter.snapshot()
        if cache is not None:
            cache.write_bytes(pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))

    def preloaded(*args, **kwargs):
        if counter.active:
            counter.loads += 1
        return dataset

    session.load_dataset = preloaded
    return {"load_s": time.perf_counter() - started, "loaded_from": source, "reads_on_load": reads}


def first_run(at, page: str) -> float:
    at.switch_page(PAGES[page])
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started


def measure_page(at, page: str, runs: int, counter: ReadCounter) -> dict:
    for key in list(at.query_params):
        del at.query_params[key]
    at.query_params.update(PAGE_QUERY.get(page, {}))
    at.switch_page(PAGES[page])
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        return {"page": page, "error": str(at.exception[0].value)}
    if page in PAGE_QUERY and not at.dataframe:
        return {"page": page, "error": f"{PAGE_QUERY[page]} did not open the table"}
    ranges = None if page in STEPPED_PAGES else _year_ranges(at)
    times, chart_bytes = [], []
    before = counter.snapshot()
    if first > SLOW_OPEN_S:  # reruns as slow as this miss any target; one shows it, five would stall the bench
        runs = 1
    for i in range(runs):
        widget = at.button(key=STEPPED_PAGES[page][i % 2]).click() if ranges is None else at.slider(key="f_years").set_value(ranges[i % 2])
        counter.active = True
        started = time.perf_counter()
        widget.run()
        times.append(time.perf_counter() - started)
        counter.active = False
        if at.exception:
            return {"page": page, "error": str(at.exception[0].value)}
        chart_bytes.append([len(chart.proto.spec.encode("utf-8")) for chart in at.get("plotly_chart")])
    after = counter.snapshot()
    return {
        "page": page,
        "runs": len(times),
        "open_s": first,
        "rerun_s": times,
        "median_s": statistics.median(times),
        "chart_bytes": [max(sizes) for sizes in zip(*chart_bytes, strict=True)] if chart_bytes else [],
        "reads_during_reruns": {key: after[key] - before[key] for key in after},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="pickle of the validated Dataset: read if present, else written")
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    args = parser.parse_args(argv)
    os.environ["DASHBOARD_DATA_DIR"] = str(args.data_dir.resolve())
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    counter = ReadCounter(args.data_dir)
    _emit(event="start", what="load")
    loaded = preload(args.data_dir, args.cache, counter)
    at = AppTest.from_file(str(APP), default_timeout=600)
    _emit(event="load", **loaded, first_run_s=first_run(at, FIRST_PAGE))
    for page in args.pages:
        _emit(event="start", what=page)
        _emit(event="page", **measure_page(at, page, args.runs, counter))
    return 0


if __name__ == "__main__":
    sys.exit(main())

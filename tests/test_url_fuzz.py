"""Random links: Hypothesis throws query strings at the URL parser and at every page.

Whatever follows `?` in a shared link (known parameters with nonsense values, unknown keys,
repeated keys, empty or huge values, any Unicode) must never raise: the page draws, and anything
unusable is dropped with a notice. The query strings and the page runs are in tests/fuzz_worker.py.

Speed: a fresh AppTest per example costs about 0.15 s, so each page keeps one AppTest and, before
every example, forgets that the session has read its URL (`_seeded`, see ui._seed_widgets) and
swaps the query string; the next run parses the new one exactly as a first visit would
(`test_reused_session_reparses_the_link` proves it), the page's own parameters (lanes,
milestone, compare, deck, slide) included: they are parsed by `urlstate.parse_view`, which is
also fuzzed in-process for every page of the registry. A smaller run of fresh sessions covers
cold starts.

The pages run in worker processes, one per core up to MAX_WORKERS (`PagePool`): fresh
interpreters started with `subprocess` (`python -m tests.fuzz_worker`), never multiprocessing,
whose spawned children re-import the parent's __main__, which AppTest leaves set to
dashboard/app.py (that crashed a full-suite run). Each page is two tasks, its reused-session and its fresh-session runs, and a
free worker takes the dearest task left (see COST). A page's test waits for its two results and
fails with the traceback and the failing query string; a worker that dies fails the task it was
on (exit status and the end of its stderr) and is replaced; a worker that exits nonzero fails
the module at teardown (`test_a_failing_or_dying_page_fails_its_test` checks all three).

Cost: a page run in a reused session is 0.03-0.13 s of CPU (the missions map is the dearest; a
fresh session 0.12-0.24 s), so 6 x 1,000 examples take about 7 CPU-minutes. Measured on the
2-core machine at commit c37c8f9 with little else running (load average 1-2, most of it these
tests): the page tests took 225 s at 1,000 examples per page, against 528 s when the pages ran
one after another in the test process, and 53 s against 118 s at 200 per page. That is more than
twice as fast because, besides the second core, a page costs less CPU in a fresh worker than in
the long-lived test process (about 430 against 510 CPU-seconds at 1,000 per page). With a browser
benchmark running alongside, the gain shrinks (64-78 s against 101-113 s at 200 per page). `make test`
runs 1,000 per page; `make test-fast` (which deselects browser tests) runs 100 per page (see
`budget`); FUZZ_EXAMPLES_PER_PAGE overrides both. One page alone:
`pytest tests/test_url_fuzz.py -k "random_links and missions"`.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import pytest
from hypothesis import given, settings

from dashboard.data import DATA_DIR_ENV, load_dataset
from dashboard.model import urlstate
from dashboard.model.filters import Filters
from dashboard.model.registry import PAGE_PARAMS
from dashboard.model.registry import PAGES as REGISTRY
from dashboard.model.urlstate import LANES, MAX_COMPARED, TABS, ViewState
from tests import fuzz_worker
from tests.conftest import FREEDONIA, REAL_DATA
from tests.fuzz_worker import FUZZ_SETTINGS, new_app, page_is_drawn, query_strings, reopen

PAGES = [f"views/{page.script}" for page in REGISTRY]
# CPU seconds per example (reused session, fresh session), measured at FULL: the dearest tasks go first.
COST = {
    "views/missions.py": (0.11, 0.24),
    "views/programmes.py": (0.064, 0.16),
    "views/overview.py": (0.053, 0.16),
    "views/timeline.py": (0.052, 0.16),
    "views/briefing.py": (0.050, 0.16),
    "views/sources.py": (0.025, 0.12),
}
# (examples per page in a reused session, in fresh sessions, for the parser alone)
FULL = (1000, 25, 5000)
QUICK = (100, 10, 1000)  # `make test-fast` (-m "not browser"): a developer's loop, not the release gate
# More workers would not help: the missions page alone (about 130 s at FULL) is over a quarter of
# the work, and each worker holds a few hundred MB.
MAX_WORKERS = 4
# Wall-clock limit for all the pages at FULL, scaled with the examples per page: past it the
# waiting tests fail (CI has 30 minutes in all) instead of hanging.
POOL_SECONDS = 20 * 60


def budget(config) -> tuple[int, int, int]:
    """FULL in `make test`; QUICK when browser tests are deselected (`make test-fast`);
    FUZZ_EXAMPLES_PER_PAGE overrides the examples per page."""
    quick = "not browser" in (config.getoption("markexpr", "") or "")
    pages, fresh, parser = QUICK if quick else FULL
    return int(os.environ.get("FUZZ_EXAMPLES_PER_PAGE") or pages), fresh, parser


# --------------------------------------------------------------------------------------------
# The parser on its own: many more examples, and properties beyond "does not raise"
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def test_parse_query_params_never_raises_and_keeps_only_valid_values(real, request):
    _, _, examples = budget(request.config)
    low, high = real.year_bounds
    codes = set(real.programmes["code"])
    count = 0

    @settings(max_examples=examples, **FUZZ_SETTINGS)
    @given(query_strings)
    def check(params):
        nonlocal count
        count += 1
        filters, notices = urlstate.parse_query_params(params, real, extra=PAGE_PARAMS)
        assert isinstance(filters, Filters)
        first, last = filters.years(real)
        assert low <= first <= last <= high
        assert set(filters.programmes) <= codes
        assert set(filters.confidence) <= {"confirmed", "approximate", "unconfirmed"}
        assert len(filters.query) <= urlstate.MAX_QUERY_LENGTH
        assert all(isinstance(n, str) and len(n) < 300 for n in notices)
        # what the app writes back into the address bar reads back to the same view, silently
        again, again_notices = urlstate.parse_query_params(urlstate.to_query_params(filters, real), real)
        assert (again, again_notices) == (filters, [])

    check()
    assert count >= examples


@pytest.mark.parametrize("page", REGISTRY, ids=lambda page: page.url_path or "overview")
def test_parse_view_never_raises_and_keeps_only_valid_values(page, real, request):
    """Every page's own parameters, fuzzed in-process: the view parsed is always one the page can
    show, and what the app writes back reads back to the same view, silently."""
    _, _, examples = budget(request.config)
    decks = {deck.id: len(deck.slides) for deck in real.decks}
    codes = set(real.programmes["code"])

    @settings(max_examples=max(200, examples // 5), **FUZZ_SETTINGS)
    @given(query_strings)
    def check(params):
        view, notices = urlstate.parse_view(page, params, real, decks)
        assert isinstance(view, ViewState)
        assert view.lanes in LANES and view.tab in TABS
        assert view.milestone is None or view.milestone in real.milestone_ids
        assert view.compare is None or (set(view.compare) <= codes and len(view.compare) <= MAX_COMPARED)
        if "deck" in page.params:
            assert view.deck in decks and 1 <= view.slide <= decks[view.deck]
        assert all(isinstance(n, str) and len(n) < 300 for n in notices)
        again, again_notices = urlstate.parse_view(page, urlstate.view_params(page, view), real, decks)
        assert (again, again_notices) == (view, [])

    check()


# --------------------------------------------------------------------------------------------
# Every page, in worker processes
# --------------------------------------------------------------------------------------------


class PagePool:
    """Fuzzes pages in `python -m tests.fuzz_worker` processes. Each page is two tasks, its
    reused-session and its fresh-session runs; a free worker takes the dearest task left.

    `results(page, timeout)` waits for a page's two results (see fuzz_worker.fuzz); a worker that
    dies yields an "error" with its exit status and the end of its stderr, and the next task gets
    a new worker. `close()` returns what went wrong on the way out (a worker exiting nonzero or
    hanging), or []."""

    def __init__(self, pages, examples: int, fresh: int, *, app: str = fuzz_worker.APP, data_dir=FREEDONIA, workers: int | None = None):
        self.command = [sys.executable, "-m", "tests.fuzz_worker", "--app", str(app)]
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
        self.env[DATA_DIR_ENV] = str(data_dir)
        tasks = [{"page": page, "phase": "reused", "examples": examples} for page in pages]
        tasks += [{"page": page, "phase": "fresh", "examples": fresh} for page in pages]
        tasks.sort(key=_cost, reverse=True)
        self.futures = {(task["page"], task["phase"]): Future() for task in tasks}
        self.todo = queue.SimpleQueue()
        for task in tasks:
            self.todo.put(task)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.live: list[tuple[subprocess.Popen, object]] = []  # (process, its stderr file)
        self.problems: list[str] = []
        workers = max(1, min(len(tasks), workers or min(_cores(), MAX_WORKERS)))
        self.threads = [threading.Thread(target=self._serve, name=f"fuzz-worker-{n}", daemon=True) for n in range(workers)]
        for thread in self.threads:
            thread.start()

    def results(self, page: str, timeout: float) -> dict[str, dict]:
        """{"reused": result, "fresh": result}; raises concurrent.futures.TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        return {phase: self.futures[page, phase].result(timeout=max(0.0, deadline - time.monotonic())) for phase in fuzz_worker.PHASES}

    def _start(self):
        """A new worker, or None once close() has begun stopping them."""
        with self.lock:
            if self.stopping.is_set():
                return None
            stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _forget)
            process = subprocess.Popen(
                self.command,
                cwd=fuzz_worker.ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
            )
            self.live.append((process, stderr))
        return process, stderr

    def _serve(self) -> None:
        worker = None
        while not self.stopping.is_set():
            try:
                task = self.todo.get_nowait()
            except queue.Empty:
                break
            if worker is None and (worker := self._start()) is None:
                break
            future = self.futures[task["page"], task["phase"]]
            try:
                result, worker = self._fuzz(worker, task)
                future.set_result(result)
            except BaseException as error:  # a bug here must fail the page, not leave its test waiting
                future.set_exception(error)
                raise
        if worker is not None:
            self._finish(worker)

    def _fuzz(self, worker, task: dict):
        """The task's result, and the worker to use next (None if this one died)."""
        process, stderr = worker
        try:
            process.stdin.write(json.dumps(task) + "\n")
            process.stdin.flush()
            reply = process.stdout.readline()
        except OSError:  # the worker is gone
            reply = ""
        try:
            return json.loads(reply), worker
        except ValueError:
            pass
        # No reply: the worker died (or wrote something else); fail this task, start afresh for the next.
        if reply:
            process.kill()
        status = process.wait()
        error = f"the worker fuzzing {task['page']} ({task['phase']}) died (exit status {status})" + (
            f"; it wrote {reply!r}" if reply else ""
        )
        error += f"; its stderr ends:\n{_tail(stderr)}"
        self._forget(worker)
        return {**task, "examples": 0, "seconds": 0.0, "cpu_seconds": 0.0, "error": error}, None

    def _finish(self, worker) -> None:
        """End of input: the worker should exit, with status 0."""
        process, stderr = worker
        try:
            process.stdin.close()
            status = process.wait(timeout=60)
        except OSError:
            status = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            status = f"{process.wait()} (killed: still running a minute after its last task)"
        if status != 0 and not self.stopping.is_set():
            with self.lock:
                self.problems.append(f"a fuzz worker exited with status {status} after its tasks; its stderr ends:\n{_tail(stderr)}")
        self._forget(worker)

    def _forget(self, worker) -> None:
        with self.lock:
            if worker in self.live:
                self.live.remove(worker)
        worker[1].close()

    def close(self) -> list[str]:
        """Waits for the workers if every task is done, else stops them; then returns the problems."""
        if not all(future.done() for future in self.futures.values()):
            with self.lock:
                self.stopping.set()
                for process, _ in self.live:
                    process.kill()
        for thread in self.threads:
            thread.join(timeout=120)
        return self.problems + [f"{thread.name} did not finish" for thread in self.threads if thread.is_alive()]


def _cost(task: dict) -> float:
    reused, fresh = COST.get(task["page"], (0.1, 0.25))
    return task["examples"] * (reused if task["phase"] == "reused" else fresh)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _tail(stderr, lines: int = 40) -> str:
    stderr.seek(0)
    return "\n".join(stderr.read().decode("utf-8", "replace").splitlines()[-lines:])


def _selected_pages(request) -> list[str]:
    """The pages whose test is selected in this session (all of them unless -k narrows it)."""
    return [
        item.callspec.params["page"]
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_page_survives_random_links" and item.module is request.module
    ]


@pytest.fixture(scope="module")
def page_fuzz(request):
    """Starts every selected page at once; each test waits for its own."""
    examples, fresh, _ = budget(request.config)
    pool = PagePool(_selected_pages(request), examples, fresh)
    deadline = time.monotonic() + POOL_SECONDS * max(1.0, examples / FULL[0])
    yield pool, (examples, fresh), deadline
    problems = pool.close()
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_page_survives_random_links(page, page_fuzz):
    pool, (examples, fresh), deadline = page_fuzz
    try:
        results = pool.results(page, timeout=max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        pytest.fail(f"{page}: no result within the time limit (POOL_SECONDS)", pytrace=False)
    for phase, result in results.items():
        if result["error"] is not None:
            pytest.fail(f"{page} failed on a random link ({phase} session):\n\n{result['error']}", pytrace=False)
    assert results["reused"]["examples"] >= examples, results
    assert results["fresh"]["examples"] >= fresh, results
    print(
        ", ".join(
            f"{page}: {r['examples']} {phase} examples in {r['seconds']:.0f} s ({r['cpu_seconds']:.0f} s CPU)"
            for phase, r in results.items()
        )
    )


def test_reused_session_reparses_the_link(monkeypatch):
    """The fuzzing shortcut is sound: after `_seeded` is dropped, a new link is read afresh."""
    monkeypatch.setenv(DATA_DIR_ENV, str(FREEDONIA))
    at = new_app("views/timeline.py", {"q": "dam"})
    assert at.text_input(key="f_q").value == "dam"
    reopen(at, {"programme": ["NOPE", "PLAN"], "years": ["2000", "2004"], "bogus": "1"})
    page_is_drawn(at, {})
    shown = [w.value for w in at.warning]
    assert "Ignored unknown programme “NOPE” in the link." in shown
    assert "Ignored unknown setting “bogus” in the link." in shown
    assert at.multiselect(key="f_programme").value == ["PLAN"]
    assert at.slider(key="f_years").value == (2000, 2004)
    assert at.text_input(key="f_q").value == ""
    assert [t.value for t in at.title] == ["Timeline"]
    reopen(at, {"lanes": ["programme"], "milestone": ["chief-visits"]})  # the page's own parameters too
    page_is_drawn(at, {})
    assert at.session_state["lanes"] == "programme" and at.session_state["milestone_pick"] == "chief-visits"
    assert dict(at.query_params) == {"lanes": "programme", "milestone": "chief-visits"}


def test_a_failing_or_dying_page_fails_its_test(tmp_path):
    """The pool reports what goes wrong in a worker: a page that raises (with Hypothesis's
    failing example), a worker that dies mid-page (the pool carries on with a new one), and a
    worker that exits nonzero after its tasks."""
    (tmp_path / "app.py").write_text(
        'import streamlit as st\nst.navigation([st.Page("boom.py"), st.Page("die.py"), st.Page("late.py")]).run()\n'
    )
    (tmp_path / "boom.py").write_text('import streamlit as st\nst.title("Boom")\nif st.query_params:\n    raise ValueError("boom")\n')
    (tmp_path / "die.py").write_text('import os\nimport streamlit as st\nst.title("Die")\nos._exit(3)\n')
    (tmp_path / "late.py").write_text('import atexit\nimport os\nimport streamlit as st\nst.title("Late")\natexit.register(os._exit, 4)\n')
    pages = ["boom.py", "die.py", "late.py"]
    pool = PagePool(pages, 20, 1, app=str(tmp_path / "app.py"), workers=2)
    try:
        boom, die, late = (pool.results(page, timeout=120) for page in pages)
    finally:
        problems = pool.close()
    # the page's own traceback, and the example Hypothesis shrank it to ("Failing test case: reused(params=...)")
    assert 'raise ValueError("boom")' in boom["reused"]["error"] and "reused(\n    params={" in boom["reused"]["error"], boom
    assert "die.py (reused) died (exit status 3)" in die["reused"]["error"], die
    assert "die.py (fresh) died (exit status 3)" in die["fresh"]["error"], die
    assert late["reused"]["error"] is None and late["reused"]["examples"] == 20, late
    assert problems and all("exited with status 4 after its tasks" in problem for problem in problems), problems

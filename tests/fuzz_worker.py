"""The page half of tests/test_url_fuzz.py: the query strings, and a worker process that fuzzes pages.

The test starts workers with `subprocess`, each a fresh interpreter,

    python -m tests.fuzz_worker [--app PATH]

run from the project root with DASHBOARD_DATA_DIR set. A worker reads tasks from stdin, one JSON
line each: {"page": "views/missions.py", "phase": "reused" or "fresh", "examples": 1000}, the page
as `AppTest.switch_page` takes it. For each it writes one JSON line to stdout: the task with the
examples run, wall and CPU seconds, and "error", None or the traceback with Hypothesis's failing
example. It exits at the end of stdin. Anything Streamlit or a page prints goes to stderr, so
stdout carries the replies only. By hand:

    DASHBOARD_DATA_DIR=tests/fixtures/freedonia .venv/bin/python -m tests.fuzz_worker \\
        <<< '{"page": "views/sources.py", "phase": "reused", "examples": 20}'

Not multiprocessing: a spawned or forkserver child re-imports the parent's __main__, and AppTest,
run earlier in the same pytest process, leaves that set to dashboard/app.py. A worker started here
shares nothing with the test process but its environment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data import DATA_DIR_ENV
from dashboard.model.registry import PAGE_PARAMS
from dashboard.model.urlstate import FILTER_PARAMS

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
KNOWN_KEYS = [*FILTER_PARAMS, *PAGE_PARAMS]

# --------------------------------------------------------------------------------------------
# Query strings
# --------------------------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)  # lone surrogates cannot be URL-encoded
awkward = st.sampled_from(
    [
        "",
        " ",
        "-1",
        "0",
        "-2147483648",
        "99999999999999999999",
        "1e309",
        "NaN",
        "inf",
        "２００５",
        "٢٠٠٥",
        "2005.5",
        " 2005 ",
        "1800",
        "2200",
        "2000",
        "2003",
        "Table",
        "Chart",
        "table",
        "PfP",
        "TRAIN",
        "train",
        "PLAN",
        "FORUM",
        "KFOR",
        "ISAF",
        "SYL",
        "confirmed",
        "CONFIRMED",
        "accession",
        "chief-visits",
        "nacc-joined",
        "programme",
        "category",
        "true",
        "null",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "%00",
        "\x00",
        "\u202e",
        "../../etc/passwd",
        "' OR 1=1 --",
        "%{x}",
        "a" * 5_000,
        "😀" * 300,
        "x" * 201,
    ]
)
a_value = st.one_of(awkward, any_text, st.integers(-(10**12), 10**12).map(str))
a_key = st.one_of(st.sampled_from(KNOWN_KEYS), any_text.filter(bool))
# Each key holds a list: several values are repeated keys (`?years=1&years=2&years=3`).
query_strings = st.dictionaries(a_key, st.lists(a_value, max_size=4), max_size=6)

FUZZ_SETTINGS = dict(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck), print_blob=True)

# --------------------------------------------------------------------------------------------
# One page
# --------------------------------------------------------------------------------------------


def new_app(page: str, params: dict | None = None, app: str = APP):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=60)
    if params:
        at.query_params.update(params)
    at.run()
    at.switch_page(page)
    at.run()
    return at


def reopen(at, params: dict) -> None:
    """The next visit of the same session: the page parses this query string as if new, its own
    parameters (lanes, milestone, compare, deck, slide) included (ui/state.py)."""
    for key in ("_seeded", "_seeded_pages", "_seeded_deck"):
        if key in at.session_state:
            del at.session_state[key]
    at.query_params.clear()
    at.query_params.update(params)
    at.run()


def page_is_drawn(at, params) -> None:
    errors = ["\n".join([e.message, *e.stack_trace]) for e in at.exception]
    assert not errors, f"{params!r}:\n" + "\n".join(errors)
    titles = [t.value for t in at.title]
    # the audience screen (?present=1, true or yes) and the presenter's (?presenter=1) are an iframe, with no page title
    audience = any(getattr(node, "type", "") == "iframe" for node in at.main.children.values())
    assert (titles or audience) and titles != ["The data could not be loaded"], f"{params!r}: no page drawn ({titles})"


PHASES = ("reused", "fresh")


def fuzz(page: str, phase: str, examples: int, app: str = APP) -> dict:
    """Fuzzes one page in one session reused for every example ("reused") or in a fresh session
    per example ("fresh"). Returns the request with the examples run, wall and CPU seconds, and
    the first failure as text (the traceback; its notes carry Hypothesis's failing example)."""
    result = {"page": page, "phase": phase, "examples": 0, "seconds": 0.0, "cpu_seconds": 0.0, "error": None}
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        if phase == "reused":
            at = new_app(page, app=app)

            @settings(max_examples=examples, **FUZZ_SETTINGS)
            @given(query_strings)
            def reused(params):
                result["examples"] += 1
                reopen(at, params)
                page_is_drawn(at, params)

            reused()
        elif phase == "fresh":

            @settings(max_examples=examples, **FUZZ_SETTINGS)
            @given(query_strings)
            def fresh(params):
                result["examples"] += 1
                page_is_drawn(new_app(page, params, app=app), params)

            fresh()
        else:
            raise ValueError(f"unknown phase {phase!r}, not one of {PHASES}")
    except Exception:  # reported by the test
        result["error"] = traceback.format_exc()
    result["seconds"], result["cpu_seconds"] = time.perf_counter() - started, time.process_time() - cpu_started
    return result


# --------------------------------------------------------------------------------------------
# The worker
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz_worker", description=__doc__.splitlines()[0])
    parser.add_argument("--app", default=APP, help="the app script (default: dashboard/app.py)")
    args = parser.parse_args(argv)
    if not os.environ.get(DATA_DIR_ENV):
        parser.error(f"{DATA_DIR_ENV} must be set")  # else the pages would read the real data

    # Keep the real stdout for the replies; whatever else is printed to it lands on stderr.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    from streamlit import config

    config.set_option("client.showErrorDetails", "full")  # a failure here should say why
    for line in sys.stdin:
        if line.strip():
            task = json.loads(line)
            replies.write(json.dumps(fuzz(task["page"], task["phase"], task["examples"], args.app)) + "\n")
    replies.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

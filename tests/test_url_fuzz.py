"""Random links: Hypothesis throws query strings at the URL parser and at every page.

Whatever follows `?` in a shared link (known parameters with nonsense values, unknown keys,
repeated keys, empty or huge values, any Unicode) must never raise: the page draws, and anything
unusable is dropped with a notice.

Speed: a fresh AppTest per example costs about 0.15 s, so each page keeps one AppTest and, before
every example, forgets that the session has read its URL (`_seeded`, see ui._seed_widgets) and
swaps the query string; the next run parses the new one exactly as a first visit would
(`test_reused_session_reparses_the_link` proves it). Parameters that a page reads only on a
session's first visit (milestone, compare, deck, slide) are covered by a smaller run of fresh
sessions. The pages run one after another in the test process (spawned workers were faster,
but a worker re-imports the parent's __main__, which AppTest leaves set to dashboard/app.py).

Cost: a page run is 0.05-0.3 s of CPU (the missions map is the dearest), so 6 x 1,000 examples
take about 10 CPU-minutes. `make test` runs all of them; `make test-fast` (which deselects
browser tests) runs 100 per page (see `budget`); FUZZ_EXAMPLES_PER_PAGE overrides both.
"""

from __future__ import annotations

import os
import time
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import urlstate
from dashboard.data import DATA_DIR_ENV, load_dataset
from dashboard.filters import Filters
from tests.conftest import FREEDONIA, REAL_DATA

APP = str(REAL_DATA.parent / "dashboard" / "app.py")
PAGES = ["views/overview.py", "views/timeline.py", "views/missions.py", "views/programmes.py", "views/sources.py", "views/briefing.py"]
# (examples per page in a reused session, in fresh sessions, for the parser alone)
FULL = (1000, 25, 5000)
QUICK = (100, 10, 1000)  # `make test-fast` (-m "not browser"): a developer's loop, not the release gate
KNOWN_KEYS = ["years", "programme", "category", "mission", "confidence", "q", "milestone", "deck", "slide", "compare", "lanes"]

# --------------------------------------------------------------------------------------------
# Query strings
# --------------------------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)  # lone surrogates cannot be URL-encoded
awkward = st.sampled_from(
    [
        "", " ", "-1", "0", "-2147483648", "99999999999999999999", "1e309", "NaN", "inf", "２００５", "٢٠٠٥", "2005.5",
        " 2005 ", "1800", "2200", "2000", "2003", "PfP", "TRAIN", "train", "PLAN", "FORUM", "KFOR", "ISAF", "SYL",
        "confirmed", "CONFIRMED", "accession", "chief-visits", "nacc-joined", "programme", "category", "true", "null",
        "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "%00", "\x00", "\u202e", "../../etc/passwd",
        "' OR 1=1 --", "%{x}", "a" * 5_000, "😀" * 300, "x" * 201,
    ]
)
a_value = st.one_of(awkward, any_text, st.integers(-(10**12), 10**12).map(str))
a_key = st.one_of(st.sampled_from(KNOWN_KEYS), any_text.filter(bool))
# Each key holds a list: several values are repeated keys (`?years=1&years=2&years=3`).
query_strings = st.dictionaries(a_key, st.lists(a_value, max_size=4), max_size=6)

FUZZ_SETTINGS = dict(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck), print_blob=True)


# --------------------------------------------------------------------------------------------
# The parser on its own: many more examples, and properties beyond "does not raise"
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return load_dataset(REAL_DATA)


def budget(config) -> tuple[int, int, int]:
    """FULL in `make test`; QUICK when browser tests are deselected (`make test-fast`);
    FUZZ_EXAMPLES_PER_PAGE overrides the examples per page."""
    quick = "not browser" in (config.getoption("markexpr", "") or "")
    pages, fresh, parser = QUICK if quick else FULL
    return int(os.environ.get("FUZZ_EXAMPLES_PER_PAGE") or pages), fresh, parser


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
        filters, notices = urlstate.parse_query_params(params, real, extra=("milestone", "deck", "slide", "compare", "lanes"))
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


# --------------------------------------------------------------------------------------------
# Every page, in worker processes
# --------------------------------------------------------------------------------------------


def _new_app(page: str, params: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    if params:
        at.query_params.update(params)
    at.run()
    at.switch_page(page)
    at.run()
    return at


def _open(at, params: dict) -> None:
    """The next visit of the same session: the page parses this query string as if new."""
    if "_seeded" in at.session_state:
        del at.session_state["_seeded"]
    at.query_params.clear()
    at.query_params.update(params)
    at.run()


def _page_is_drawn(at, params) -> None:
    errors = ["\n".join([e.message, *e.stack_trace]) for e in at.exception]
    assert not errors, f"{params!r}:\n" + "\n".join(errors)
    titles = [t.value for t in at.title]
    assert titles and titles != ["The data could not be loaded"], f"{params!r}: no page drawn ({titles})"


def fuzz_page(page: str, examples: int, fresh_examples: int, data_dir: str) -> dict:
    """Returns counts, seconds and the first failure as text. Runs in the test process, so the
    data directory and the error-details setting it changes are put back afterwards."""
    from streamlit import config

    saved_dir, saved_details = os.environ.get(DATA_DIR_ENV), config.get_option("client.showErrorDetails")
    os.environ[DATA_DIR_ENV] = data_dir
    config.set_option("client.showErrorDetails", "full")  # a failure here should say why
    result = {"page": page, "examples": 0, "fresh_examples": 0, "seconds": 0.0, "error": None}
    started = time.perf_counter()
    try:
        at = _new_app(page)

        @settings(max_examples=examples, **FUZZ_SETTINGS)
        @given(query_strings)
        def reused(params):
            result["examples"] += 1
            _open(at, params)
            _page_is_drawn(at, params)

        reused()

        @settings(max_examples=fresh_examples, **FUZZ_SETTINGS)
        @given(query_strings)
        def fresh(params):
            result["fresh_examples"] += 1
            _page_is_drawn(_new_app(page, params), params)

        fresh()
    except Exception:  # reported by the calling test, with the falsifying example
        result["error"] = traceback.format_exc()
    finally:
        config.set_option("client.showErrorDetails", saved_details)
        if saved_dir is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = saved_dir
    result["seconds"] = time.perf_counter() - started
    return result


@pytest.fixture(scope="module")
def page_budget(request):
    examples, fresh, _ = budget(request.config)
    return examples, fresh


@pytest.mark.parametrize("page", PAGES)
def test_page_survives_random_links(page, page_budget):
    # In-process, one page after another: worker processes were faster, but a spawned worker
    # re-imports the parent's __main__, which an AppTest script thread can set to
    # dashboard/app.py at any moment; that crashed the pool in a full-suite run.
    examples, fresh = page_budget
    result = fuzz_page(page, examples, fresh, str(FREEDONIA))
    assert result["error"] is None, result["error"]
    assert result["examples"] >= examples, result
    assert result["fresh_examples"] >= fresh, result
    print(f"{page}: {result['examples']} + {result['fresh_examples']} fresh examples in {result['seconds']:.0f} s")


def test_reused_session_reparses_the_link(monkeypatch):
    """The fuzzing shortcut is sound: after `_seeded` is dropped, a new link is read afresh."""
    monkeypatch.setenv(DATA_DIR_ENV, str(FREEDONIA))
    at = _new_app("views/timeline.py", {"q": "dam"})
    assert at.text_input(key="f_q").value == "dam"
    _open(at, {"programme": ["NOPE", "PLAN"], "years": ["2000", "2004"], "bogus": "1"})
    _page_is_drawn(at, {})
    shown = [w.value for w in at.warning]
    assert "Ignored unknown programme “NOPE” in the link." in shown
    assert "Ignored unknown setting “bogus” in the link." in shown
    assert at.multiselect(key="f_programme").value == ["PLAN"]
    assert at.slider(key="f_years").value == (2000, 2004)
    assert at.text_input(key="f_q").value == ""
    assert [t.value for t in at.title] == ["Timeline"]

"""bench.run: the interval around the browser ratios, and the verdict it writes beside a target."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from bench import run

# The browser and target figures of the make bench run of 2026-12-03 22:33 (7 rounds of 4 changes).
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bench_results.json"


def test_rounds_are_cut_in_the_order_they_were_measured():
    assert run._rounds([1, 2, 3, 4, 5, 6], 2) == [[1, 2], [3, 4], [5, 6]]
    assert run._rounds([7, 8, 9], 1) == [[7], [8], [9]]


def test_a_steady_ratio_gives_a_tight_interval_around_it():
    baseline = [[0.10, 0.11, 0.12, 0.10] for _ in range(7)]
    ours = [[2 * v for v in r] for r in baseline]
    low, high = run.ratio_interval(ours, baseline)
    assert low == pytest.approx(2) and high == pytest.approx(2)


def test_rounds_slowed_for_both_apps_do_not_widen_the_interval_much_but_uneven_ones_do():
    """Whole rounds are drawn, ours and the baseline together: a slow spell of the machine that
    slows both apps of a round moves the ratio little, while rounds where only ours was slow
    widen the interval."""
    slow = [1.0, 1.0, 1.5, 1.0, 2.0, 1.0, 1.0]
    baseline = [[0.1 * f, 0.11 * f] for f in slow]
    both = [[1.4 * v for v in r] for r in baseline]
    low, high = run.ratio_interval(both, baseline)
    assert 1.3 <= low <= 1.4 <= high <= 1.5
    uneven = [[0.14 * f, 0.154 * f] for f in slow]  # only ours slowed
    flat = [[0.1, 0.11] for _ in slow]
    low_u, high_u = run.ratio_interval(uneven, flat)
    assert high_u - low_u > high - low
    assert run.ratio_interval(uneven, flat) == (low_u, high_u)  # seeded: the same run gives the same interval


def _results_with_ratio(ours_scale: float) -> dict:
    results = json.loads(FIXTURE.read_text())
    ab = results["browser"]
    for key in ("first_chart", "filter_change"):
        ab["ours"][f"{key}_s"] = [v * ours_scale for v in ab["baseline"][f"{key}_s"]]
    ab["ratios"] = {key: ours_scale for key in ("first_chart", "filter_change", "filter_change_run_done")}
    ab["intervals"] = {
        key: run.ratio_interval(run._rounds(ab["ours"][f"{key}_s"], n), run._rounds(ab["baseline"][f"{key}_s"], n))
        for key, n in (("first_chart", 1), ("filter_change", results["filter_changes_per_round"]))
    }
    return results


@pytest.mark.parametrize(("scale", "held", "verdict"), [(1.2, True, "within the limit"), (2.0, False, "over the limit")])
def test_the_browser_targets_carry_the_interval_and_what_it_says(scale, held, verdict):
    checks = {c["target"]: c for c in run.targets(_results_with_ratio(scale))}
    check = checks["Real size: filter change → chart updated, ours / baseline"]
    assert check["held"] is held and check["value"] == scale
    assert check["note"].endswith(verdict)


def test_a_ratio_the_run_cannot_tell_from_its_limit_is_said_to_be_so():
    results = _results_with_ratio(1.5)
    ab = copy.deepcopy(results["browser"])
    ab["intervals"]["filter_change"] = (1.3, 1.7)
    results["browser"] = ab
    check = next(c for c in run.targets(results) if c["target"].startswith("Real size: filter change"))
    assert check["note"] == "95 % interval over the rounds 1.30–1.70: the limit lies inside it"

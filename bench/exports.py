"""Export speed: `python -m bench.exports`. Each export is a fresh `python -m dashboard.brief`
process (imports, data, browser start and the file written: the first export after process start),
for the real 10-slide deck; target 10 s each for PPTX and PDF on a 2-core machine."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECK = "30-years"
FORMATS = ("pptx", "pdf", "png")
RUNS = 3
TARGET_S = 10.0


def time_export(fmt: str, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dashboard.brief", DECK, "--format", fmt, "--out", str(out)], cwd=ROOT, check=True, capture_output=True
    )
    return time.perf_counter() - started


def measure(runs: int = RUNS, formats: tuple[str, ...] = FORMATS) -> dict[str, list[float]]:
    """Seconds per export, per format, `runs` each, interleaved so that a busy moment does not
    fall on one format only."""
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for fmt in formats:
                results.setdefault(fmt, []).append(time_export(fmt, Path(folder)))
    return results


def main() -> int:
    results = measure()
    print(f"{DECK} deck, fresh process per export, {RUNS} runs")
    held = True
    for fmt, times in results.items():
        target = TARGET_S if fmt in ("pptx", "pdf") else None
        ok = "" if target is None else ("  held" if max(times) <= target else "  NOT held")
        held &= target is None or max(times) <= target
        print(f"  {fmt:5s} median {statistics.median(times):5.1f} s  max {max(times):5.1f} s  ({', '.join(f'{t:.1f}' for t in times)}){ok}")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())

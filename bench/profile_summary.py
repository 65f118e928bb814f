"""Reads py-spy's collapsed stacks (`--format raw`, as `python -m bench.capacity --profile` writes
them) and prints where the time goes: `python -m bench.profile_summary FILE [--top 25]`.

Two views: by function, inclusive (the share of samples with the function anywhere on the stack)
and self (on top of the stack); and by area (the first frame, from the top, whose file is under
one of a few known roots: the dashboard's own code, Streamlit's runtime, plotly, pandas, protobuf…).
"""

from __future__ import annotations

import argparse
import linecache
import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
AREAS = [  # (label, marker in the full file name), first match from the innermost frame wins
    ("dashboard (the app's own code)", "/dashboard/"),
    ("plotly", "/plotly/"),
    ("plotly", "/_plotly_utils/"),
    ("pandas", "/pandas/"),
    ("numpy", "/numpy/"),
    ("pyarrow", "/pyarrow/"),
    ("protobuf", "/google/protobuf/"),
    ("starlette/uvicorn/websockets", "/starlette/"),
    ("starlette/uvicorn/websockets", "/uvicorn/"),
    ("starlette/uvicorn/websockets", "/websockets/"),
    ("streamlit", "/streamlit/"),
    ("asyncio", "/asyncio/"),
]


def parse(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def name(frame: str) -> str:
    match = FRAME.match(frame)
    if not match:
        return frame
    file = match["file"]
    short = file.split("site-packages/")[-1] if "site-packages/" in file else file.split("/work/main/")[-1]
    return f"{match['func']} ({short})"


def source_line(frame: str) -> str:
    match = FRAME.match(frame)
    if not match or not match["line"]:
        return ""
    return linecache.getline(match["file"], int(match["line"])).strip()


def area(stack: list[str]) -> str:
    if "gc.collect(" in source_line(stack[-1]):
        return "garbage collection called by " + name(stack[-1]).split(" (")[0]
    for frame in reversed(stack):
        for label, marker in AREAS:
            if marker in frame:
                return label
    return "other"


def summary(stacks: list[tuple[list[str], int]], top: int) -> str:
    total = sum(count for _, count in stacks) or 1
    inclusive: Counter = Counter()
    own: Counter = Counter()
    areas: Counter = Counter()
    for stack, count in stacks:
        for frame in {name(f) for f in stack}:
            inclusive[frame] += count
        own[name(stack[-1])] += count
        areas[area(stack)] += count
    lines = [f"{total} samples", "", "by area (innermost known frame):"]
    lines += [f"  {100 * c / total:5.1f}%  {label}" for label, c in areas.most_common()]
    lines += ["", f"top {top} functions, inclusive:"]
    lines += [f"  {100 * c / total:5.1f}%  {frame}" for frame, c in inclusive.most_common(top)]
    lines += ["", f"top {top} functions, self:"]
    lines += [f"  {100 * c / total:5.1f}%  {frame}" for frame, c in own.most_common(top)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    print(summary(parse(args.file), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())

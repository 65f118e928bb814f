"""What the data commands (`python -m dashboard.validate`, `python -m dashboard.translations`) share:
their one optional argument, the data directory, and how a directory that fails to load is told."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.loading import DataError, Dataset, data_dir_from_env, load_dataset


def data_dir_argument(args: list[str], usage: str) -> Path | int:
    """The data directory named by `args` (none: DASHBOARD_DATA_DIR or data/), or the exit status
    once `usage` is printed: 0 when help was asked for, 2 for a call with more than one argument."""
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print(usage.strip())
        return 0 if args and args[0] in ("-h", "--help") else 2
    return Path(args[0]) if args else data_dir_from_env()


def loaded(args: list[str], usage: str) -> tuple[Path, Dataset] | int:
    """The data directory named by `args` and its dataset, or the exit status: that of
    `data_dir_argument`, or 1 once every problem is printed (FILE:LINE: COLUMN: …) and counted."""
    data_dir = data_dir_argument(args, usage)
    if isinstance(data_dir, int):
        return data_dir
    try:
        return data_dir, load_dataset(data_dir)
    except DataError as exc:
        for problem in exc.problems:
            print(problem)
        count = len(exc.problems)
        print(f"{data_dir}: {count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1

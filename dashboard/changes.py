"""What changed between two versions of the data: `python -m dashboard.changes OLD [NEW]`.

OLD and NEW are each a data package zip (what "Download all data" gives) or a data directory;
NEW defaults to the current data (DASHBOARD_DATA_DIR or data/). Prints the changes as Markdown:
records added, removed and changed in every table, field by field. --csv PATH also writes them as
a CSV, one row per record added or removed and per field changed; --out PATH writes the Markdown
to a file instead of the terminal.

Exit codes: 0 compared (whether or not anything changed); 2 bad input, with a one-line message.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dashboard.loading import data_dir_from_env
from dashboard.loading.snapshot import SnapshotError, read_snapshot
from dashboard.model.changes import changes_table, compare, readable_text
from dashboard.render.export import csv_bytes


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        raise SnapshotError(f"{message} (see python -m dashboard.changes --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard.changes", description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the earlier data: a data package zip or a data directory")
    parser.add_argument("new", type=Path, nargs="?", default=None, help="the later data (default: the current data directory)")
    parser.add_argument("--csv", type=Path, default=None, help="also write the changes as CSV to this file")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown to this file instead of printing it")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    try:
        args = _parser().parse_args(argv)
        comparison = compare(read_snapshot(args.old), read_snapshot(args.new or data_dir_from_env()))
        text = readable_text(comparison)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        if args.csv:
            args.csv.write_bytes(csv_bytes(changes_table(comparison)))
    except SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `| head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"error: cannot write {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

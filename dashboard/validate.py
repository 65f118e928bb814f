"""Check a data directory: `python -m dashboard.validate [DATA_DIR]`.

Prints every problem as `FILE:LINE: COLUMN: what is wrong (what was expected)` and exits 1, or
prints a one-line summary and exits 0, followed by how complete each language's translation of
the data's texts is: missing, outdated (the English changed since) and orphan translations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.loading import DataError, data_dir_from_env, load_dataset


def _printable_output() -> None:
    """Data text can hold any character; a terminal that cannot show one gets an escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _printable_output()
    if len(argv) > 1 or (argv and argv[0] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    data_dir = Path(argv[0]) if argv else data_dir_from_env()
    try:
        dataset = load_dataset(data_dir)
    except DataError as exc:
        for problem in exc.problems:
            print(problem)
        count = len(exc.problems)
        print(f"{data_dir}: {count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(frame)} {name}"
        for name, frame in (
            ("milestones", dataset.milestones),
            ("programmes", dataset.programmes),
            ("missions", dataset.missions),
            ("deployments", dataset.deployments),
            ("sources", dataset.sources),
        )
    )
    print(f"{data_dir}: valid ({counts})")
    # Translations: an unfinished one is reported, not an error (the app shows the English, marked).
    from dashboard.translations import coverage_lines

    lines, _ = coverage_lines(dataset)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check a data directory: `python -m dashboard.validate [DATA_DIR]`.

Prints every problem as `FILE:LINE: COLUMN: what is wrong (what was expected)` and exits 1, or
prints a one-line summary and exits 0, followed by how complete each language's translation of
the data's texts is: missing, outdated (the English changed since) and orphan translations.
"""

from __future__ import annotations

import sys

from dashboard.cli import loaded


def _printable_output() -> None:
    """Data text can hold any character; a terminal that cannot show one gets an escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _printable_output()
    chosen = loaded(argv, __doc__)
    if isinstance(chosen, int):
        return chosen
    data_dir, dataset = chosen
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

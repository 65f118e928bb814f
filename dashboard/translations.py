"""The data's translation files: `python -m dashboard.translations [DATA_DIR] [--check]`.

Writes `translations/texts.pot` (every translatable text of the data, in English) and brings
each language's `translations/<lang>.po` up to date with it: new texts are added untranslated,
translations of English that has changed are kept but marked fuzzy (shown in English until they
are checked), texts the data no longer has are dropped. Then prints how complete each language
is. With `--check` it writes nothing and only reports. The app itself never writes to the data
directory; this is a maintainer's command.
"""

from __future__ import annotations

import sys

from dashboard.cli import loaded
from dashboard.loading.translations import TEMPLATE, TRANSLATIONS_DIR, read_translations, template, translation_files
from dashboard.model import translations


def coverage_lines(dataset) -> tuple[list[str], bool]:
    """What `validate` prints about a loaded dataset's translations, and whether any text lacks one."""
    texts = dict(translations.dataset_texts(dataset))
    _, coverage = read_translations(dataset.data_dir, texts, [])
    lines, incomplete = [], False
    for report in coverage:
        lines.append(
            f"translations/{report.language}.po: {report.translated} of {len(texts)} texts translated, "
            f"{len(report.missing)} missing, {len(report.outdated)} outdated (English changed), {len(report.orphans)} orphans"
        )
        for what, contexts in (("missing", report.missing), ("outdated", report.outdated), ("orphan", report.orphans)):
            for context in contexts[:20]:
                lines.append(f"  {what}: {context}")
            if len(contexts) > 20:
                lines.append(f"  … and {len(contexts) - 20} more {what}")
        incomplete = incomplete or bool(report.missing or report.outdated or report.orphans)
    return lines, incomplete


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check = "--check" in argv
    rest = [a for a in argv if a != "--check"]
    chosen = loaded(rest, __doc__)
    if isinstance(chosen, int):
        return chosen
    data_dir, dataset = chosen
    texts = list(translations.dataset_texts(dataset))
    if not check:
        folder = data_dir / TRANSLATIONS_DIR
        folder.mkdir(exist_ok=True)
        (folder / TEMPLATE).write_bytes(template(texts))
        for path in translation_files(data_dir):
            path.write_bytes(template(texts, path.stem, old=path))
    lines, _ = coverage_lines(dataset)  # reads the translation files as they are now
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

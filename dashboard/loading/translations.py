"""The data's translations: `translations/<lang>.po` in the data directory (gettext's PO format,
which translators' tools open), one entry per text, its context naming the record and field
(`msgctxt "milestone:pfp-framework-signed:title"`), its msgid the English it translates.

Read with Babel. Only entries whose context exists and whose English is today's count; the rest
are reported by `python -m dashboard.validate` as orphans (no such text) or outdated (the English
changed), with the missing ones, per language. A broken file is a data error naming the file and
line; an unfinished translation is not.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from dashboard import i18n
from dashboard.loading.problems import Problem

TRANSLATIONS_DIR = "translations"
TEMPLATE = "texts.pot"
MAX_BYTES = 8 * 1024 * 1024


def translation_files(data_dir: Path) -> list[Path]:
    """The PO file of every language besides English (present or not)."""
    return [data_dir / TRANSLATIONS_DIR / f"{code}.po" for code in i18n.LANGUAGES if code != i18n.DEFAULT]


@dataclass
class Coverage:
    """How complete one language's translations are."""

    language: str
    translated: int = 0
    missing: list[str] = field(default_factory=list)  # contexts with no translation
    outdated: list[str] = field(default_factory=list)  # translated from English that has changed since
    orphans: list[str] = field(default_factory=list)  # contexts the data no longer has


def read_translations(
    data_dir: Path, texts: Mapping[str, str], problems: list[Problem]
) -> tuple[dict[str, dict[str, str]], list[Coverage]]:
    """(lang -> context -> text for current translations, coverage per language)."""
    from babel.messages.pofile import PoFileError, read_po

    tables: dict[str, dict[str, str]] = {}
    coverage: list[Coverage] = []
    for path in translation_files(data_dir):
        code = path.stem
        report = Coverage(code)
        coverage.append(report)
        table = tables[code] = {}
        name = f"{TRANSLATIONS_DIR}/{path.name}"
        if not path.is_file():
            report.missing = list(texts)
            continue
        if path.stat().st_size > MAX_BYTES:
            problems.append(Problem(name, None, "", f"is larger than {MAX_BYTES // (1024 * 1024)} MiB"))
            continue
        try:
            # As the other data files: UTF-8, a byte-order mark and Windows line ends tolerated.
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
            catalogue = read_po(io.StringIO(text), locale=i18n.babel_locale(code), abort_invalid=True)
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, None, "", f"is not UTF-8 text (byte {exc.start})"))
            continue
        except (PoFileError, ValueError) as exc:
            problems.append(Problem(name, getattr(exc, "lineno", None), "", f"is not a readable PO file: {exc}"))
            continue
        seen = set()
        for message in catalogue:
            if not message.id or not message.context:
                continue
            context, english = message.context, message.id
            if isinstance(english, tuple) or isinstance(message.string, tuple):
                problems.append(Problem(name, message.lineno, context, "has plural forms (expected one text)"))
                continue
            seen.add(context)
            if context not in texts:
                report.orphans.append(context)
            elif not message.string or message.fuzzy:
                continue
            elif english != texts[context]:
                report.outdated.append(context)
            else:
                table[context] = message.string
        report.translated = len(table)
        report.missing = [c for c in texts if c not in table and c not in report.outdated]
    return tables, coverage


def template(texts: Iterable[tuple[str, str]], language: str | None = None, old: Path | None = None) -> bytes:
    """A PO file (or, without a language, the template) of every text; with `old`, its current
    translations are kept, and comments naming official sources stay beside them."""
    from datetime import datetime
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    previous = {}
    if old is not None and old.is_file():
        with old.open("rb") as file:
            previous = {m.context: m for m in read_po(file) if m.id and m.context}
    # Fixed header dates: the file changes only when a text does (it is part of the data version).
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    catalogue = Catalog(
        locale=i18n.babel_locale(language) if language else None,
        project="Data texts",
        version="",
        header_comment="# The data's texts in one language. Updated by `python -m dashboard.translations`;\n# see docs/DATA.md.",
        creation_date=stamp,
        revision_date=stamp,
        fuzzy=False,
    )
    for context, english in texts:
        kept = previous.get(context)
        # A translation of English that has changed since is kept, marked fuzzy, for the translator.
        changed = kept is not None and kept.id != english and bool(kept.string)
        catalogue.add(
            english,
            kept.string if kept else "",
            context=context,
            user_comments=kept.user_comments if kept else (),
            flags=("fuzzy",) if changed else (),
        )
    out = BytesIO()
    write_po(out, catalogue, width=100, omit_header=False, sort_output=False, ignore_obsolete=True)
    return out.getvalue()

"""The interface's catalogues: every string the code marks is translated in every language, the
compiled catalogues are those of the .po files, and no translation loses a placeholder."""

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from dashboard import i18n

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]


def _marked() -> list[tuple[str, tuple[str, ...], str | None]]:
    """(file, its texts (singular and plural), context) of every marked string in dashboard/, as
    `make i18n` extracts them."""
    method_map = [("**.py", "python")]
    return [
        (filename, message if isinstance(message, tuple) else (message,), context)
        for filename, _, message, _, context in extract_from_dir(str(ROOT / "dashboard"), method_map)
    ]


MARKED = _marked()
EXTRACTED = {(context, texts[0]) for _, texts, context in MARKED}


def _catalogue(code: str):
    with (i18n.LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=i18n.babel_locale(code))


def test_the_code_marks_interface_strings():
    assert len(EXTRACTED) > 300  # the pages, charts, slides and exports; a regression would drop many
    layers = {Path(filename).parts[0] for filename, _, _ in MARKED}
    assert {"model", "render", "ui", "views", "loading"} <= layers


def test_messages_use_named_placeholders_only():
    """Translators move placeholders about, so each has a name, and no format spec to keep."""
    for filename, texts, _ in MARKED:
        for text in texts:
            assert "{}" not in text and "%s" not in text and not re.search(r"\{\d", text), (filename, text)
            assert not re.search(r"\{[^}]*[:!][^}]*\}", text), (filename, text)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_interface_string_is_translated(code):
    catalogue = _catalogue(code)
    translated = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalogue if m.id and not m.fuzzy and all(_strings(m))}
    missing = sorted(str(k[1])[:70] for k in EXTRACTED - translated)
    assert not missing, f"{len(missing)} interface strings have no {code} translation (run `make i18n` and translate): {missing[:15]}"


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_translation_loses_or_invents_a_placeholder(code):
    wrong = []
    for message in _catalogue(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set().union(*(_fields(i) for i in ids))
        for text in _strings(message):
            if text and _fields(text) - expected:
                wrong.append((ids[0][:50], text[:50]))
            if text and "{n}" not in text and "{n}" in ids[-1] and isinstance(message.id, tuple):
                wrong.append((ids[0][:50], text[:50]))  # a plural form that drops its count
            if text and (re.findall(r"%\(?\w", text) != re.findall(r"%\(?\w", ids[0])):
                wrong.append((ids[0][:50], text[:50]))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_file(code):
    """`make i18n` compiles the .mo the app reads; a .po edited without it would not show."""
    expected = io.BytesIO()
    write_mo(expected, _catalogue(code))
    compiled = read_mo(io.BytesIO((i18n.LOCALE_DIR / code / "LC_MESSAGES" / "messages.mo").read_bytes()))
    fresh = read_mo(io.BytesIO(expected.getvalue()))
    flat = lambda x: tuple(x) if isinstance(x, list | tuple) else x  # noqa: E731  (a plural's forms)
    as_dict = lambda c: {(m.context, flat(m.id)): flat(m.string) for m in c if m.id}  # noqa: E731
    assert as_dict(compiled) == as_dict(fresh)


def test_a_language_switch_is_local_to_its_block():
    with i18n.language("ru"):
        assert i18n.current() == "ru"
        with i18n.language("az"):
            assert i18n.current() == "az"
        assert i18n.current() == "ru"
    assert i18n.current() == "en"
    assert i18n.known(" RU ") == "ru" and i18n.known("de") is None and i18n.known(None) is None


def test_numbers_follow_the_language():
    assert [i18n.format_number(12345, code) for code in ("en", "az", "ru")] == ["12,345", "12.345", "12\xa0345"]

"""The data's translation files: read, checked against today's English, reported per language."""

from dashboard.loading import DataError, load_dataset
from dashboard.translations import coverage_lines
from dashboard.translations import main as translations_main
from dashboard.validate import main as validate_main


def test_current_translations_are_kept_and_stale_ones_are_not(freedonia):
    az = freedonia.translations["az"]
    assert az["milestone:forum-joined:title"] == "Freedoniya Foruma qoşulur"
    # made from English that has since changed, and made for a record that is gone: neither counts
    assert "milestone:training-starts:title" not in az
    assert "milestone:no-such-record:title" not in az
    assert freedonia.translations["ru"] == {}  # no file: nothing, and no error


def test_validate_reports_missing_outdated_and_orphan_translations_per_language(capsys, freedonia):
    assert validate_main([str(freedonia.data_dir)]) == 0  # an unfinished translation is not an error
    out = capsys.readouterr().out
    assert "translations/az.po: 4 of 63 texts translated, 58 missing, 1 outdated (English changed), 1 orphans" in out
    assert "outdated: milestone:training-starts:title" in out
    assert "orphan: milestone:no-such-record:title" in out
    assert "translations/ru.po: 0 of 63 texts translated, 63 missing" in out
    assert "missing: dataset:subtitle" in out and "… and 43 more missing" in out


def test_a_broken_po_file_is_a_data_error_naming_file_and_line(data_copy):
    path = data_copy / "translations" / "az.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgctxt "milestone:x:title"\nmsgid "unterminated\n', encoding="utf-8")
    try:
        load_dataset(data_copy)
    except DataError as exc:
        [problem] = exc.problems
        assert problem.file == "translations/az.po" and "not a readable PO file" in problem.message
        assert problem.line is not None
    else:
        raise AssertionError("a broken PO file loaded")


def test_a_po_file_that_is_not_utf8_is_named(data_copy):
    (data_copy / "translations" / "ru.po").write_bytes(b'msgid ""\nmsgstr "\xff"\n')
    try:
        load_dataset(data_copy)
    except DataError as exc:
        assert [p.file for p in exc.problems] == ["translations/ru.po"] and "not UTF-8" in exc.problems[0].message
    else:
        raise AssertionError("a non-UTF-8 PO file loaded")


def test_the_maintainers_command_adds_new_texts_and_keeps_translations(data_copy, capsys):
    milestones = data_copy / "milestones.csv"
    milestones.write_text(
        milestones.read_text(encoding="utf-8").replace(
            "Freedonia takes its seat in the Northern Forum.", "Freedonia takes its seat in the Forum."
        ),
        encoding="utf-8",
    )
    assert translations_main([str(data_copy)]) == 0
    po = (data_copy / "translations" / "az.po").read_text(encoding="utf-8")
    assert 'msgstr "Freedoniya Foruma qoşulur"' in po  # kept
    assert "no-such-record" not in po  # the orphan is dropped
    assert 'msgid "Freedonia takes its seat in the Forum."' in po  # the new English, to translate
    assert (data_copy / "translations" / "texts.pot").is_file() and (data_copy / "translations" / "ru.po").is_file()
    lines, incomplete = coverage_lines(load_dataset(data_copy))
    assert incomplete and not any("orphan:" in line for line in lines)

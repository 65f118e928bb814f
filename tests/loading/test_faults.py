"""The fault catalogue: the real data directory, copied and broken in one way per test.

For every fault, `python -m dashboard.validate DIR` must exit 1 within seconds (of CPU) and name the file
(and the row, where the fault sits on one), and the app started on that directory must show the
readable error page naming the same problem: no traceback, no blank page. Harmless variants
(byte-order mark, CRLF, trailing whitespace) must load exactly like the original.

Each fault finds its place in the data (first row, first entry, ...) rather than hard-coding line
numbers, so the catalogue keeps working as the real data grows. `python -m tests.loading.test_faults`
prints the catalogue as a Markdown table with the messages observed (docs/RELIABILITY.md).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.data import DATA_DIR_ENV, load_dataset
from dashboard.loading.files import MAX_FILE_BYTES, MAX_YAML_BYTES
from tests.conftest import REAL_DATA

ROOT = REAL_DATA.parent
APP = str(ROOT / "dashboard" / "app.py")
CLI_CPU_SECONDS = 5.0  # "within seconds": about 0.85 s of CPU each, nearly all of it importing pandas and pydantic
CLI_TIMEOUT = 120  # wall seconds before a validator is killed (and its fault fails)
ERROR_TITLE = "The data could not be loaded"
# One line of the validator: `FILE:LINE: COLUMN: message` or `FILE: message` for whole-file faults.
PROBLEM_LINE = re.compile(r"^[\w./-]+\.(csv|yaml)(:\d+)?: \S")


# --------------------------------------------------------------------------------------------
# Editing a copy of the data
# --------------------------------------------------------------------------------------------


def _rows(path: Path) -> tuple[list[list[str]], list[int]]:
    """The CSV records of a file and the line each record starts on."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    rows, lines, previous_end = [], [], 0
    for row in reader:
        rows.append(row)
        lines.append(previous_end + 1)
        previous_end = reader.line_num
    return rows, lines


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, record: int, column: str, value: str) -> int:
    """Set one cell of data record `record` (0 = first row under the header); return its line."""
    rows, lines = _rows(path)
    rows[record + 1][rows[0].index(column)] = value
    _write_rows(path, rows)
    return lines[record + 1]  # earlier records are untouched, so the record still starts there


def cell(path: Path, record: int, column: str) -> str:
    rows, _ = _rows(path)
    return rows[record + 1][rows[0].index(column)]


def first_record(path: Path, column: str, predicate: Callable[[str], bool]) -> int:
    rows, _ = _rows(path)
    index = rows[0].index(column)
    return next(i for i, row in enumerate(rows[1:]) if predicate(row[index]))


def replace_first(path: Path, pattern: str, replacement: str) -> int:
    """Replace the first match of a multi-line regex; return the line where it starts."""
    text = path.read_text(encoding="utf-8")
    match = re.search(pattern, text, flags=re.MULTILINE)
    assert match, f"{path.name} no longer matches {pattern!r}"
    path.write_text(text[: match.start()] + match.expand(replacement) + text[match.end() :], encoding="utf-8")
    return text.count("\n", 0, match.start()) + 1


# --------------------------------------------------------------------------------------------
# The faults: each breaks a copy and returns the text the validator must print
# --------------------------------------------------------------------------------------------

M, D, P, MI, S, DS = "milestones.csv", "deployments.csv", "programmes.yaml", "missions.yaml", "sources.yaml", "dataset.yaml"


def missing_file(d: Path) -> str:
    (d / S).unlink()
    return "sources.yaml: file is missing (expected it in the data directory)"


def empty_file(d: Path) -> str:
    (d / D).write_bytes(b"")
    return "deployments.csv: file is empty"


def non_utf8_file(d: Path) -> str:
    path = d / M
    raw = path.read_bytes()
    start = raw.index(b"\n") + 1  # the first data row
    path.write_bytes(raw[:start] + raw[start:].replace(b",", b"\xe9,", 1))
    return "milestones.csv:2: byte 0xe9 is not UTF-8 (expected a UTF-8 text file)"


def file_over_40_mib(d: Path) -> str:
    """A 50 MB milestones.csv: refused from its size alone, before a byte is parsed."""
    path = d / M
    header, body = path.read_text(encoding="utf-8").split("\n", 1)
    block = body.encode("utf-8")
    with path.open("wb") as out:
        out.write(header.encode("utf-8") + b"\n")
        while out.tell() < 50 * 10**6:
            out.write(block)
    size = path.stat().st_size
    return f"milestones.csv: file is {size / 2**20:.1f} MiB (expected at most {MAX_FILE_BYTES // 2**20} MiB)"


def yaml_over_2_mib(d: Path) -> str:
    """PyYAML reads about 0.4 MiB a second, so YAML files have a smaller limit than CSV."""
    path = d / S
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("# padding\n" * (MAX_YAML_BYTES // 10 * 3 // 2)), encoding="utf-8")
    return f"sources.yaml: file is {path.stat().st_size / 2**20:.1f} MiB (expected at most {MAX_YAML_BYTES / 2**20:g} MiB)"


def yaml_alias_bomb(d: Path) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in "bcdefghi":
        lines.append(f"{n}: &{n} [" + ",".join([f"*{chr(ord(n) - 1)}"] * 9) + "]")
    (d / DS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "dataset.yaml:2: YAML alias *a is not allowed (expected plain values; write them out)"


def python_object_tag(d: Path) -> str:
    line = replace_first(d / S, r"^(  kind: )\w+$", r"\1!!python/object/apply:os.system [echo hacked]")
    return (
        f"sources.yaml:{line}: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed (expected plain YAML with no tags)"
    )


def yaml_nested_10000_deep(d: Path) -> str:
    """PyYAML's composer recurses per level (RecursionError) and its scanner slows quadratically."""
    line = replace_first(d / S, r"^(  title: ).*$", r"\1" + "[" * 10_000 + "]" * 10_000)
    return f"sources.yaml:{line}: YAML is nested more than 20 levels deep"


def yaml_duplicate_key(d: Path) -> str:
    line = replace_first(d / S, r"^(  publisher: .*)$", r"\1\n  publisher: Somebody else")
    return f"sources.yaml:{line + 1}: publisher: key appears twice in one entry (first on line {line}; expected each key once)"


def malformed_yaml(d: Path) -> str:
    line = replace_first(d / MI, r"^(  short_name: )(.*)$", r"\1[\2")
    return f"missions.yaml:{line + 1}: is not valid YAML"


def yaml_not_a_list(d: Path) -> str:
    (d / S).write_text("S1: a source\nS2: another\n", encoding="utf-8")
    return "sources.yaml:1: is not a list of entries (expected each entry to start with '- ')"


def symlink_outside_data_dir(d: Path) -> str:
    outside = d.parent / f"{d.name}-outside.yaml"
    outside.write_text((d / S).read_text(encoding="utf-8"), encoding="utf-8")
    (d / S).unlink()
    os.symlink(outside, d / S)
    return "sources.yaml: is a link to a file outside the data directory (expected a file inside it)"


def symlink_loop(d: Path) -> str:
    (d / S).unlink()
    os.symlink(d / S, d / S)
    return "sources.yaml: is a link that leads nowhere (expected a file inside the data directory)"


def directory_instead_of_file(d: Path) -> str:
    (d / D).unlink()
    (d / D).mkdir()
    return "deployments.csv: is not a regular file"


def personnel_as_text(d: Path) -> str:
    line = set_cell(d / D, 0, "personnel", "about 90")
    return f"deployments.csv:{line}: personnel: 'about 90' is not a whole number (expected digits only, e.g. 94)"


def personnel_with_underscore(d: Path) -> str:
    """Python's int() reads '3_4' as 34; a figure of personnel must be plain digits."""
    line = set_cell(d / D, 0, "personnel", "3_4")
    return f"deployments.csv:{line}: personnel: '3_4' is not a whole number (expected digits only, e.g. 94)"


def personnel_decimal(d: Path) -> str:
    line = set_cell(d / D, 0, "personnel", "12.5")
    return f"deployments.csv:{line}: personnel: '12.5' is not a whole number (expected digits only, e.g. 94)"


def negative_personnel(d: Path) -> str:
    line = set_cell(d / D, 0, "personnel", "-30")
    return f"deployments.csv:{line}: personnel: '-30' is out of range (input should be greater than or equal to 0)"


def personnel_gap_without_note(d: Path) -> str:
    set_cell(d / D, 0, "personnel", "")
    line = set_cell(d / D, 0, "note", "")
    return f"deployments.csv:{line}: personnel is empty and note does not say why (expected a note explaining the gap)"


def duplicate_mission_year(d: Path) -> str:
    rows, lines = _rows(d / D)
    mission, year = cell(d / D, 0, "mission"), cell(d / D, 0, "year")
    second = first_record(d / D, "mission", lambda m: m == mission) + 1
    line = set_cell(d / D, second, "year", year)
    return (
        f"deployments.csv:{line}: year: mission and year ('{mission}', {year}) is used twice (first on line {lines[1]}; expected each once)"
    )


def unknown_mission(d: Path) -> str:
    line = set_cell(d / D, 0, "mission", "XYZZY")
    return f"deployments.csv:{line}: mission: 'XYZZY' is not a known mission id"


def missing_column(d: Path) -> str:
    rows, _ = _rows(d / M)
    index = rows[0].index("category")
    _write_rows(d / M, [row[:index] + row[index + 1 :] for row in rows])
    return "milestones.csv:1: category: column is missing from the header"


def duplicated_header(d: Path) -> str:
    rows, _ = _rows(d / D)
    rows[0][rows[0].index("personnel")] = "year"
    _write_rows(d / D, rows)
    return "deployments.csv:1: year: column appears more than once in the header (expected each column once)"


def unknown_column(d: Path) -> str:
    rows, _ = _rows(d / M)
    rows[0][rows[0].index("note")] = "notes"
    _write_rows(d / M, rows)
    return "milestones.csv:1: notes: unknown column"


def row_with_missing_cells(d: Path) -> str:
    path = d / M
    lines = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as out:
        out.write("short-row,2001,year\n")
    return f"milestones.csv:{lines + 1}: row has 3 cells (expected 14, one per column)"


def cell_over_128_kib(d: Path) -> str:
    line = set_cell(d / M, 0, "summary", "x" * 200_000)
    return f"milestones.csv:{line}: is not valid CSV: field larger than field limit (131072)"


def unparseable_date(d: Path) -> str:
    line = set_cell(d / M, 0, "date", "June 1995")
    return f"milestones.csv:{line}: date: 'June 1995' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"


def impossible_date(d: Path) -> str:
    record = first_record(d / M, "date_precision", lambda p: p == "day")
    set_cell(d / M, record, "end_date", "")
    line = set_cell(d / M, record, "date", "2003-02-30")
    return f"milestones.csv:{line}: date: '2003-02-30' is not a real day (expected 01 to 28)"


def fullwidth_digits_in_date(d: Path) -> str:
    """`\\d` matches digits of every script; '１９９１' must not pass as 1991."""
    record = first_record(d / M, "date_precision", lambda p: p == "year")
    line = set_cell(d / M, record, "date", "１９９５")
    return f"milestones.csv:{line}: date: '１９９５' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"


def precision_disagrees_with_date(d: Path) -> str:
    record = first_record(d / M, "date_precision", lambda p: p == "month")
    date = cell(d / M, record, "date")
    line = set_cell(d / M, record, "date_precision", "day")
    return f"milestones.csv:{line}: date_precision is 'day' but date '{date}' is written to the month (expected them to agree)"


def end_before_start_in_csv(d: Path) -> str:
    record = first_record(d / M, "date_precision", lambda p: p == "day")
    date = cell(d / M, record, "date")
    line = set_cell(d / M, record, "end_date", "1990-01-01")
    return f"milestones.csv:{line}: the milestone ends (1990-01-01) before it starts ({date}) (expected an end on or after the start)"


def end_before_start_in_yaml(d: Path) -> str:
    text = (d / MI).read_text(encoding="utf-8")
    start = re.search(r"^  participation_start: '?([\d-]+)'?$", text, flags=re.MULTILINE).group(1)
    replace_first(d / MI, r"^(  participation_end: ).*$", r"\g<1>'1990-01-01'")
    return f"missions.yaml:2: the participation ends (1990-01-01) before it starts ({start}) (expected an end on or after the start)"


def duplicate_id(d: Path) -> str:
    first = cell(d / M, 0, "id")
    line = set_cell(d / M, 1, "id", first)
    return f"milestones.csv:{line}: id: id '{first}' is used twice (first on line 2; expected each once)"


def look_alike_letters_in_id(d: Path) -> str:
    first = cell(d / M, 0, "id")
    spoofed = first.replace("a", "\u0430", 1).replace("o", "\u043e", 1)  # Cyrillic а and о
    assert spoofed != first
    line = set_cell(d / M, 0, "id", spoofed)
    return f"milestones.csv:{line}: id: '{spoofed}' has characters other than A-Z, a-z, 0-9, '-' and '_'"


def look_alike_letters_in_reference(d: Path) -> str:
    record = first_record(d / M, "programmes", lambda p: "P" in p)
    spoofed = cell(d / M, record, "programmes").replace("P", "\u0420", 1)  # Cyrillic Р
    line = set_cell(d / M, record, "programmes", spoofed)
    return f"milestones.csv:{line}: programmes.0: '{spoofed.split(';')[0]}' has characters other than A-Z"


def unknown_programme(d: Path) -> str:
    line = set_cell(d / M, 0, "programmes", "PfPP")
    return f"milestones.csv:{line}: programmes: 'PfPP' is not a known programme code"


def unknown_source(d: Path) -> str:
    line = set_cell(d / M, 0, "source_ids", "S99999")
    return f"milestones.csv:{line}: source_ids: 'S99999' is not a known source id"


def row_without_sources(d: Path) -> str:
    line = set_cell(d / M, 0, "source_ids", "")
    return f"milestones.csv:{line}: source_ids: is empty (expected at least one)"


def unknown_category(d: Path) -> str:
    line = set_cell(d / M, 0, "category", "deployment")
    return f"milestones.csv:{line}: category: 'deployment' is not a known category"


def unknown_confidence(d: Path) -> str:
    line = set_cell(d / M, 0, "confidence", "sure")
    return f"milestones.csv:{line}: confidence: 'sure' is not allowed (expected 'confirmed', 'approximate' or 'unconfirmed')"


def nul_character(d: Path) -> str:
    line = set_cell(d / M, 0, "title", "A title\x00with a NUL")
    return f"milestones.csv:{line}: has the invisible character U+0000 (expected printable text; delete it)"


def bidi_override_character(d: Path) -> str:
    """'Trojan Source': U+202E makes text display reversed from what it says."""
    line = set_cell(d / M, 0, "title", "Signed \u202etreaty")
    return f"milestones.csv:{line}: has the invisible character U+202E (expected printable text; delete it)"


def unknown_yaml_key(d: Path) -> str:
    line = replace_first(d / P, r"^  colour: (.*)$", r"  color: \1")
    return f"programmes.yaml:{line}: color: is not a known field (check the spelling against docs/DATA.md)"


def bad_colour(d: Path) -> str:
    line = replace_first(d / P, r"^  colour: .*$", "  colour: orange")
    return f"programmes.yaml:{line}: colour: 'orange' is not a colour (expected #rrggbb, e.g. #0072B2)"


def unknown_lead_type(d: Path) -> str:
    line = replace_first(d / MI, r"^  lead_type: .*$", "  lead_type: alliance")
    return f"missions.yaml:{line - 5}: lead_type: 'alliance' is not a known lead type"


def latitude_out_of_range(d: Path) -> str:
    line = replace_first(d / MI, r"^    lat: .*$", "    lat: 142.06")
    return f"missions.yaml:{line}: location.lat: 142.06 is out of range (input should be less than or equal to 90)"


def country_not_iso3(d: Path) -> str:
    line = replace_first(d / MI, r"^  country: .*$", "  country: Kosovo")
    return (
        f"missions.yaml:{line}: country: 'Kosovo' is not a country code "
        "(expected ISO 3166 alpha-3: three capital letters, e.g. AZE; Kosovo is XKX)"
    )


def yes_read_as_boolean(d: Path) -> str:
    line = replace_first(d / S, r"^  title: .*$", "  title: yes")
    return f"sources.yaml:{line}: title: True is not text (expected text; put the value in quotes)"


BRIEFING = "briefings/30-years.yaml"


def briefing_names_unknown_milestone(d: Path) -> str:
    path = d / BRIEFING
    line = replace_first(path, r"^(    milestone: ).*$", r"\1no-such-milestone")
    lines = path.read_text(encoding="utf-8").splitlines()
    slide_line = max(n for n in range(1, line) if lines[n - 1].startswith("  - "))
    index = sum(1 for text in lines[: line - 1] if text.startswith("  - ")) - 1
    return f"{BRIEFING}:{slide_line}: slides.{index}.milestone: 'no-such-milestone' is not a known milestone id"


def briefings_folder_links_outside(d: Path) -> str:
    """The link is the folder, not the file: the file's own path is no symlink."""
    outside = d.parent / f"{d.name}-briefings"
    shutil.move(d / "briefings", outside)
    os.symlink(outside, d / "briefings", target_is_directory=True)
    return f"{BRIEFING}: is a link to a file outside the data directory (expected a file inside it)"


@dataclass(frozen=True)
class Fault:
    name: str
    apply: Callable[[Path], str]


FAULTS = [
    Fault(f.__name__, f)
    for f in (
        # whole files
        missing_file,
        empty_file,
        non_utf8_file,
        file_over_40_mib,
        yaml_over_2_mib,
        directory_instead_of_file,
        symlink_outside_data_dir,
        symlink_loop,
        # hostile YAML
        yaml_alias_bomb,
        python_object_tag,
        yaml_nested_10000_deep,
        yaml_duplicate_key,
        malformed_yaml,
        yaml_not_a_list,
        # CSV structure
        missing_column,
        duplicated_header,
        unknown_column,
        row_with_missing_cells,
        cell_over_128_kib,
        # cells and records
        personnel_as_text,
        personnel_with_underscore,
        personnel_decimal,
        negative_personnel,
        personnel_gap_without_note,
        duplicate_mission_year,
        unknown_mission,
        unparseable_date,
        impossible_date,
        fullwidth_digits_in_date,
        precision_disagrees_with_date,
        end_before_start_in_csv,
        end_before_start_in_yaml,
        duplicate_id,
        look_alike_letters_in_id,
        look_alike_letters_in_reference,
        unknown_programme,
        unknown_source,
        row_without_sources,
        unknown_category,
        unknown_confidence,
        nul_character,
        bidi_override_character,
        unknown_yaml_key,
        bad_colour,
        unknown_lead_type,
        latitude_out_of_range,
        country_not_iso3,
        yes_read_as_boolean,
        # briefing decks
        briefing_names_unknown_milestone,
        briefings_folder_links_outside,
    )
]


# --------------------------------------------------------------------------------------------
# Building every broken copy once, and running the validator on all of them in parallel
# --------------------------------------------------------------------------------------------


@dataclass
class Broken:
    data_dir: Path
    expected: str | None = None
    setup_error: BaseException | None = None
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def _validate_cli(data_dir: Path) -> tuple[int, str, str, float, float]:
    """(exit code, stdout, stderr, wall seconds, CPU seconds) of `python -m dashboard.validate DIR`.

    The CPU time is the child's own (os.wait4), so the "within seconds" check holds on a machine
    busy with other work, where wall time says more about the neighbours than about the validator."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.validate", str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    killer = threading.Timer(CLI_TIMEOUT, process.kill)
    killer.start()
    try:
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.append(process.stderr.read()))
        reader.start()
        out = process.stdout.read()
        reader.join()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    finally:
        killer.cancel()
        process.stdout.close()
        process.stderr.close()
    return process.returncode, out, errors[0], time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def break_copies(base: Path) -> dict[str, Broken]:
    broken = {}
    for fault in FAULTS:
        target = base / fault.name
        shutil.copytree(REAL_DATA, target)
        entry = Broken(target)
        try:
            entry.expected = fault.apply(target)
        except Exception as exc:  # reported by that fault's tests, not by all of them
            entry.setup_error = exc
        broken[fault.name] = entry
    return broken


def run_validator_on(broken: dict[str, Broken]) -> None:
    ready = [b for b in broken.values() if b.setup_error is None]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for entry, (code, out, err, seconds, cpu) in zip(ready, pool.map(lambda b: _validate_cli(b.data_dir), ready), strict=True):
            entry.returncode, entry.stdout, entry.stderr, entry.seconds, entry.cpu_seconds = code, out, err, seconds, cpu


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> dict[str, Broken]:
    broken = break_copies(tmp_path_factory.mktemp("faults"))
    run_validator_on(broken)
    return broken


def _broken(catalogue, name) -> Broken:
    entry = catalogue[name]
    if entry.setup_error is not None:
        raise entry.setup_error
    return entry


def test_the_catalogue_has_at_least_twenty_distinct_faults():
    assert len({f.name for f in FAULTS}) == len(FAULTS) >= 20


def test_the_real_data_is_valid_to_start_with():
    load_dataset(REAL_DATA)


@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_validator_exits_1_naming_file_and_row(catalogue, fault):
    broken = _broken(catalogue, fault)
    assert broken.returncode == 1, f"exit {broken.returncode}\n{broken.stdout}\n{broken.stderr}"
    assert "Traceback" not in broken.stderr, broken.stderr
    assert broken.cpu_seconds < CLI_CPU_SECONDS, f"took {broken.cpu_seconds:.1f} s of CPU ({broken.seconds:.1f} s wall)"
    lines = broken.stdout.splitlines()
    assert any(broken.expected in line for line in lines), f"expected {broken.expected!r} in:\n{broken.stdout}"
    assert all(PROBLEM_LINE.match(line) for line in lines), broken.stdout
    assert re.search(r"\d+ problems? found", broken.stderr)


@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_app_shows_a_readable_error_page(catalogue, fault, monkeypatch):
    from streamlit.testing.v1 import AppTest

    broken = _broken(catalogue, fault)
    monkeypatch.setenv(DATA_DIR_ENV, str(broken.data_dir))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [ERROR_TITLE]
    assert at.error and "problem" in at.error[0].value
    shown = at.code[0].value
    assert broken.expected in shown, f"expected {broken.expected!r} on the page, got:\n{shown}"
    assert "Traceback" not in shown


# --------------------------------------------------------------------------------------------
# Harmless variants load exactly like the original
# --------------------------------------------------------------------------------------------


def with_bom(text: str, suffix: str) -> str:
    return "\ufeff" + text


def with_crlf(text: str, suffix: str) -> str:
    return text.replace("\n", "\r\n")


def with_trailing_whitespace(text: str, suffix: str) -> str:
    return "\n".join(line + " \t " for line in text.split("\n"))


def _spaced(cell: str) -> str:
    """A cell that needs no quotes gets spaces around it; quoted cells are written as before."""
    return '"' + cell.replace('"', '""') + '"' if re.search(r'[",\r\n]', cell) else f"  {cell}  "


def with_spaces_around_cells(text: str, suffix: str) -> str:
    if suffix != ".csv":
        return text
    rows = csv.reader(io.StringIO(text, newline=""))
    return "".join(",".join(_spaced(c) for c in row) + "\n" for row in rows)


def with_everything(text: str, suffix: str) -> str:
    return with_bom(with_crlf(with_trailing_whitespace(text, suffix), suffix), suffix)


HARMLESS = [with_bom, with_crlf, with_trailing_whitespace, with_spaces_around_cells, with_everything]


def _frames(dataset):
    return {name: getattr(dataset, name) for name in ("milestones", "programmes", "cycles", "missions", "deployments", "sources")}


@pytest.fixture(scope="module")
def original():
    return load_dataset(REAL_DATA)


@pytest.mark.parametrize("variant", HARMLESS, ids=[v.__name__ for v in HARMLESS])
def test_harmless_variant_loads_like_the_original(variant, original, tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target)
    for path in (p for p in target.rglob("*") if p.is_file()):
        path.write_bytes(variant(path.read_text(encoding="utf-8"), path.suffix).encode("utf-8"))
    code, out, err, _, _ = _validate_cli(target)
    assert code == 0, out + err
    loaded = load_dataset(target)
    assert loaded.meta == original.meta
    assert loaded.decks == original.decks
    for name, frame in _frames(loaded).items():
        assert frame.equals(_frames(original)[name]), name

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(DATA_DIR_ENV, str(target))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.title[0].value == original.meta.title


# --------------------------------------------------------------------------------------------
# The catalogue as a table, for docs/RELIABILITY.md
# --------------------------------------------------------------------------------------------


def _table() -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as base:
        broken = break_copies(Path(base))
        run_validator_on(broken)
        lines = ["| # | fault | validator (exit, CPU seconds, wall seconds) | first line printed |", "|---|---|---|---|"]
        for number, (name, entry) in enumerate(broken.items(), 1):
            first = next(
                (line for line in entry.stdout.splitlines() if entry.expected and entry.expected in line),
                entry.stdout.splitlines()[0] if entry.stdout else "",
            )
            first = first.replace("|", "\\|")
            if len(first) > 160:
                first = first[:157] + "…"
            lines.append(f"| {number} | `{name}` | {entry.returncode}, {entry.cpu_seconds:.2f} s, {entry.seconds:.2f} s | `{first}` |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Production settings
# --------------------------------------------------------------------------------------------


def test_production_settings_hide_tracebacks_keep_xsrf_and_run_headless():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # users see "an error occurred", the log has the rest
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"].get("enableCORS", True) is True  # turning CORS off would switch XSRF protection off too
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False


if __name__ == "__main__":
    print(_table())

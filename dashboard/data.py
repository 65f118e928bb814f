"""The data layer: read a data directory, validate every record, return typed DataFrames.

Pure pandas: nothing here imports Streamlit, so it is testable on its own and shared by the app,
the validator CLI and the benchmarks. Every problem found is reported as a `Problem` naming the
file, the line and the column; loading collects them all before failing.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from dashboard import schema
from dashboard.dates import format_date, format_range, parse_partial_date, period_end
from dashboard.schema import SHOWN_VALUE_CHARS, shown

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MAX_FILE_BYTES = 40 * 1024 * 1024
# PyYAML parses about 0.4 MiB a second: a 40 MiB YAML file would hold the loader for minutes.
# The real YAML files are under 30 KiB; 2 MiB still leaves room for the synthetic benchmark data.
MAX_YAML_BYTES = 2 * 1024 * 1024
# Our YAML is at most five levels deep; PyYAML's composer recurses once per level and its scanner
# slows quadratically with the depth of flow collections, so deeper nesting is refused up front.
MAX_YAML_DEPTH = 20
_TRAILING_WHITESPACE = re.compile(r"[ \t]+(?=\r?$)", re.MULTILINE)
# Control characters other than tab and line breaks, and the invisible bidirectional overrides
# that can make text display differently from what it says ("Trojan Source").
_HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

DATASET_FILE = "dataset.yaml"
MILESTONES_FILE = "milestones.csv"
PROGRAMMES_FILE = "programmes.yaml"
MISSIONS_FILE = "missions.yaml"
DEPLOYMENTS_FILE = "deployments.csv"
SOURCES_FILE = "sources.yaml"
DATA_FILES = (DATASET_FILE, MILESTONES_FILE, PROGRAMMES_FILE, MISSIONS_FILE, DEPLOYMENTS_FILE, SOURCES_FILE)

MILESTONE_COLUMNS = tuple(schema.Milestone.model_fields)
DEPLOYMENT_COLUMNS = tuple(schema.Deployment.model_fields)
_YAML_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class DataError(Exception):
    """The data directory has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def data_dir_from_env() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


def _read_text(data_dir: Path, name: str, problems: list[Problem]) -> str | None:
    path = data_dir / name
    if path.is_symlink() or path.exists():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a dangling link or a loop (RuntimeError before Python 3.13)
            problems.append(Problem(name, None, "", "is a link that leads nowhere (expected a file inside the data directory)"))
            return None
        # Resolved, not just checked for being a link: `briefings/` itself may be the link.
        if not target.is_relative_to(data_dir.resolve()):
            problems.append(Problem(name, None, "", "is a link to a file outside the data directory (expected a file inside it)"))
            return None
    if not path.exists():
        problems.append(Problem(name, None, "", "file is missing (expected it in the data directory)"))
        return None
    if not path.is_file():
        problems.append(Problem(name, None, "", "is not a regular file"))
        return None
    limit = MAX_YAML_BYTES if name.endswith(".yaml") else MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            problems.append(Problem(name, None, "", f"file is {size / 2**20:.1f} MiB (expected at most {limit / 2**20:g} MiB)"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, None, "", f"cannot be read: {exc.strerror or exc} (expected a readable file)"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "", f"byte {raw[exc.start]:#04x} is not UTF-8 (expected a UTF-8 text file)"))
        return None
    if not text.strip():
        problems.append(Problem(name, None, "", "file is empty"))
        return None
    hidden = _HIDDEN_CHARACTERS.search(text)
    if hidden:
        line = text.count("\n", 0, hidden.start()) + 1
        problems.append(
            Problem(name, line, "", f"has the invisible character U+{ord(hidden.group()):04X} (expected printable text; delete it)")
        )
        return None
    return text


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster than
# the pure-Python one, which took most of the first page's load. Same events, nodes and marks.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_structure_problems(text: str, name: str) -> list[Problem]:
    """Aliases (billion-laughs bombs), object-building tags and deep nesting are refused before
    anything is constructed."""
    problems, depth = [], 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(name, line, "", f"YAML alias *{shown(event.anchor)[1:-1]} is not allowed (expected plain values; write them out)"))
            return problems
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                problems.append(Problem(name, line, "", f"YAML is nested more than {MAX_YAML_DEPTH} levels deep (expected the shapes in docs/DATA.md)"))
                return problems
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        tag = getattr(event, "tag", None)
        if tag and tag not in _YAML_STANDARD_TAGS:
            problems.append(Problem(name, line, "", f"YAML tag {shown(tag)[1:-1]} is not allowed (expected plain YAML with no tags)"))
    return problems


def _duplicate_keys(node, name: str, problems: list[Problem]) -> None:
    """YAML keeps the last of two equal keys without a word; a curated file must not hide one."""
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.value in first:
                problems.append(
                    Problem(name, line, str(key_node.value)[:SHOWN_VALUE_CHARS], f"key appears twice in one entry (first on line {first[key_node.value]}; expected each key once)")
                )
            else:
                first[key_node.value] = line
            _duplicate_keys(value_node, name, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, name, problems)


def _node_lines(node, path=(), lines=None) -> dict[tuple, int]:
    """Map every path in a composed YAML tree (keys and list indices) to its 1-based line."""
    lines = {} if lines is None else lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _node_lines(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _node_lines(item, path + (index,), lines)
    return lines


def _read_yaml(data_dir: Path, name: str, problems: list[Problem]):
    """Return (data, lines) or (None, {}) when the file cannot be read as safe YAML."""
    text = _read_text(data_dir, name, problems)
    if text is None:
        return None, {}
    # PyYAML refuses a tab after a value ("found character '\t' that cannot start any token"),
    # though YAML allows it; trailing whitespace never matters in our files, so it goes.
    text = _TRAILING_WHITESPACE.sub("", text)
    try:
        structural = _yaml_structure_problems(text, name)
        if structural:
            problems.extend(structural)
            return None, {}
        loader = _SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                duplicated: list[Problem] = []
                _duplicate_keys(node, name, duplicated)
                if duplicated:
                    problems.extend(duplicated)
                    return None, {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(name, line, "", f"is not valid YAML: {reason}"))
        return None, {}
    return data, _node_lines(node) if node is not None else {}


def _read_csv(data_dir: Path, name: str, columns: tuple[str, ...], required: set[str], problems: list[Problem]):
    """Return [(line, {column: cell})] with cells stripped, or None when the file cannot be read
    (missing, not UTF-8, broken header); header problems are reported once."""
    text = _read_text(data_dir, name, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error) as exc:
        problems.append(Problem(name, 1, "", f"has no readable header ({exc})"))
        return None
    duplicated = sorted(col for col, count in Counter(header).items() if count > 1)
    for col in duplicated:
        problems.append(Problem(name, 1, col, "column appears more than once in the header (expected each column once)"))
    for col in sorted(required - set(header)):
        problems.append(Problem(name, 1, col, "column is missing from the header"))
    for col in header:
        if col not in columns:
            problems.append(Problem(name, 1, col, f"unknown column (expected only {', '.join(columns)})"))
    if duplicated or required - set(header):
        return None
    rows, previous_end = [], 1
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, line, "", f"row has {len(cells)} cells (expected {len(header)}, one per column)"))
                continue
            rows.append((line, {col: cell.strip() for col, cell in zip(header, cells, strict=False) if col in columns}))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "", f"is not valid CSV: {exc}"))
    return rows


# --------------------------------------------------------------------------------------------
# Validating records
# --------------------------------------------------------------------------------------------


def _describe(error: dict) -> str:
    kind, value = error["type"], shown(error.get("input"))
    if kind == "missing":
        return "is missing (expected a value)"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling against docs/DATA.md)"
    if kind == "literal_error":
        return f"{value} is not allowed (expected {error['ctx']['expected']})"
    if kind in ("int_parsing", "int_parsing_size", "int_from_float", "int_type"):
        return f"{value} is not a whole number (expected digits only, e.g. 94)"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{value} is out of range ({error['msg'].lower()})"
    if kind == "too_short":
        return "is empty (expected at least one)"
    if kind == "string_too_short":
        return "is empty (expected text)"
    if kind == "string_type":
        return f"{value} is not text (expected text; put the value in quotes)"
    if kind == "string_pattern_mismatch":
        return f"{value} does not match the expected form {error['ctx']['pattern']}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return f"{error['msg']} (got {value})"


def _validate(model: type[BaseModel], raw, name: str, line: int, lines: dict, prefix: tuple, problems):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            column = ".".join(str(part) for part in loc)
            at = next((lines[prefix + loc[:n]] for n in range(len(loc), -1, -1) if prefix + loc[:n] in lines), line)
            problems.append(Problem(name, at, column, _describe(error)))
        return None


def _csv_records(data_dir, name, model, required, problems, key: str | None = None):
    """Valid records, and the ids the file defines (from raw rows, so that one bad row does not
    cascade into 'unknown id' reports elsewhere; None when the file could not be read)."""
    columns = tuple(model.model_fields)
    records, known = [], set()
    rows = _read_csv(data_dir, name, columns, required, problems)
    if rows is None:
        return records, None
    rows.reverse()
    while rows:  # each raw row is let go once validated: at 100,000 rows they and the records add up
        line, raw = rows.pop()
        if key:
            known.add(raw.get(key, ""))
        record = _validate(model, raw, name, line, {}, (), problems)
        if record is not None:
            records.append((line, record))
    return records, known


def _yaml_records(data_dir, name, model, key, problems):
    data, lines = _read_yaml(data_dir, name, problems)
    if data is None:
        return [], None
    if not isinstance(data, list):
        problems.append(Problem(name, 1, "", "is not a list of entries (expected each entry to start with '- ')"))
        return [], None
    records, known = [], set()
    for index, raw in enumerate(data):
        line = lines.get((index,), None)
        if not isinstance(raw, dict):
            problems.append(Problem(name, line, "", f"entry {index + 1} is not a set of key: value pairs"))
            continue
        known.add(str(raw.get(key, "")).strip())
        record = _validate(model, raw, name, line, lines, (index,), problems)
        if record is not None:
            records.append((line, record))
    return records, known


def _unknown(value: str, known, what: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5) if len(value) <= SHOWN_VALUE_CHARS else []
    hint = f"; did you mean {shown(close[0])}?" if close else ""
    return f"{shown(value)} is not a known {what}{hint}"


class _References:
    """Checks that ids used in one file exist in another, collecting every miss."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def check(self, name, line, column, values, known, what, defined_in):
        if known is None:  # the defining file could not be read; that is reported already
            return
        for value in values:
            if value not in known:
                self.problems.append(Problem(name, line, column, f"{_unknown(value, known, what)} (expected an id defined in {defined_in})"))

    def duplicates(self, name, keyed, column, what):
        seen: dict = {}
        for line, key in keyed:
            if key in seen:
                self.problems.append(Problem(name, line, column, f"{what} {shown(key)} is used twice (first on line {seen[key]}; expected each once)"))
            else:
                seen[key] = line


def _cross_check(meta, milestones, programmes, missions, deployments, sources, known, problems):
    refs = _References(problems)
    source_ids, programme_codes, mission_ids = known[SOURCES_FILE], known[PROGRAMMES_FILE], known[MISSIONS_FILE]
    refs.duplicates(SOURCES_FILE, [(line, s.id) for line, s in sources], "id", "id")
    refs.duplicates(PROGRAMMES_FILE, [(line, p.code) for line, p in programmes], "code", "code")
    refs.duplicates(MISSIONS_FILE, [(line, m.id) for line, m in missions], "id", "id")
    refs.duplicates(MILESTONES_FILE, [(line, m.id) for line, m in milestones], "id", "id")
    refs.duplicates(DEPLOYMENTS_FILE, [(line, (d.mission, d.year)) for line, d in deployments], "year", "mission and year")
    categories = focus_areas = lead_types = None
    if meta is not None:
        for attr in ("categories", "focus_areas", "lead_types"):
            refs.duplicates(DATASET_FILE, [(None, c.code) for c in getattr(meta, attr)], attr, "code")
        categories = {c.code for c in meta.categories}
        focus_areas = {c.code for c in meta.focus_areas}
        lead_types = {c.code for c in meta.lead_types}
    for line, m in milestones:
        refs.check(MILESTONES_FILE, line, "source_ids", m.source_ids, source_ids, "source id", SOURCES_FILE)
        refs.check(MILESTONES_FILE, line, "programmes", m.programmes, programme_codes, "programme code", PROGRAMMES_FILE)
        refs.check(MILESTONES_FILE, line, "mission", [m.mission] if m.mission else [], mission_ids, "mission id", MISSIONS_FILE)
        if categories is not None:
            refs.check(MILESTONES_FILE, line, "category", [m.category], categories, "category", f"{DATASET_FILE} categories")
    for line, p in programmes:
        refs.check(PROGRAMMES_FILE, line, "source_ids", p.source_ids, source_ids, "source id", SOURCES_FILE)
        for cycle in p.cycles:
            refs.check(PROGRAMMES_FILE, line, "cycles.source_ids", cycle.source_ids, source_ids, "source id", SOURCES_FILE)
        if focus_areas is not None:
            refs.check(PROGRAMMES_FILE, line, "focus_areas", p.focus_areas, focus_areas, "focus area", f"{DATASET_FILE} focus_areas")
    for line, m in missions:
        refs.check(MISSIONS_FILE, line, "source_ids", m.source_ids, source_ids, "source id", SOURCES_FILE)
        if lead_types is not None:
            refs.check(MISSIONS_FILE, line, "lead_type", [m.lead_type], lead_types, "lead type", f"{DATASET_FILE} lead_types")
    for line, d in deployments:
        refs.check(DEPLOYMENTS_FILE, line, "source_ids", d.source_ids, source_ids, "source id", SOURCES_FILE)
        refs.check(DEPLOYMENTS_FILE, line, "mission", [d.mission], mission_ids, "mission id", MISSIONS_FILE)


# --------------------------------------------------------------------------------------------
# The dataset
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower-case and strip accents so 'Sulh' finds 'Sülh' and 'snt' finds 'SNT'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _day(text: str | None):
    return pd.Timestamp(parse_partial_date(text)[0]) if text else pd.NaT


def _precision(text: str | None):
    return parse_partial_date(text)[1] if text else None


def _last_day(text: str | None):
    if not text:
        return pd.NaT
    start, precision = parse_partial_date(text)
    return pd.Timestamp(period_end(start, precision))


@dataclass(frozen=True)
class Dataset:
    """Validated, typed tables of one data directory."""

    meta: schema.DatasetMeta
    milestones: pd.DataFrame
    programmes: pd.DataFrame
    cycles: pd.DataFrame
    missions: pd.DataFrame
    deployments: pd.DataFrame
    sources: pd.DataFrame
    data_dir: Path = field(compare=False)
    decks: tuple = field(default=(), compare=False)

    @cached_property
    def category_labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.meta.categories}

    @cached_property
    def focus_area_labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.meta.focus_areas}

    @cached_property
    def lead_types(self) -> dict[str, schema.Coded]:
        return {c.code: c for c in self.meta.lead_types}

    @cached_property
    def programme_colours(self) -> dict[str, str]:
        return dict(zip(self.programmes["code"], self.programmes["colour"], strict=False))

    @cached_property
    def programme_names(self) -> dict[str, str]:
        return dict(zip(self.programmes["code"], self.programmes["name"], strict=False))

    @cached_property
    def mission_names(self) -> dict[str, str]:
        return dict(zip(self.missions["id"], self.missions["short_name"], strict=False))

    @cached_property
    def year_bounds(self) -> tuple[int, int]:
        years = pd.concat([self.milestones["year"], self.deployments["year"]])
        return int(years.min()), int(years.max())


def _milestones_frame(records, meta, programmes, missions) -> pd.DataFrame:
    """The milestones table, in date order. Empties `records` as it goes (see below)."""
    aliases = {p.code: " ".join([p.code, p.name, *p.aliases]) for _, p in programmes}
    mission_words = {m.id: f"{m.id} {m.name} {m.short_name} {m.country_name} {m.location.name}" for _, m in missions}
    labels = {c.code: c.label for c in meta.categories}
    # Built column by column: a dict per row costs about 1 KB, 100 MB at 100,000 milestones.
    columns: dict[str, list] = {name: [] for name in MILESTONE_COLUMNS}
    add = {name: column.append for name, column in columns.items()}
    records.reverse()
    while records:  # the caller's list is used up: each record is let go once it is in the columns
        _, m = records.pop()
        start, end = _day(m.date), _day(m.end_date)
        searchable = [m.title, m.summary, " ".join(m.people), m.place, labels.get(m.category, "")]
        searchable += [aliases.get(code, code) for code in m.programmes]
        searchable.append(mission_words.get(m.mission, "") if m.mission else "")
        add["id"](m.id)
        add["date"](start)
        add["date_precision"](m.date_precision)
        add["end_date"](end)
        add["end_precision"](_precision(m.end_date))
        add["date_label"](format_range(start, m.date_precision, end, _precision(m.end_date)))
        add["year"](start.year)
        add["title"](m.title)
        add["summary"](m.summary)
        add["category"](m.category)
        add["programmes"](tuple(m.programmes))
        add["mission"](m.mission)
        add["people"](tuple(m.people))
        add["place"](m.place)
        add["source_ids"](tuple(m.source_ids))
        add["confidence"](m.confidence)
        add["note"](m.note)
        add["search_text"](fold(" ".join(searchable)))
    frame = _typed(pd.DataFrame(columns), meta, dates=("date", "end_date"))
    # Kept in date order, whatever the file's order: filtering then keeps rows in order and never
    # sorts again (a sort moves every column of 100,000 rows on each rerun).
    return frame.sort_values(["date", "id"], ignore_index=True, kind="stable") if len(frame) else frame


MILESTONE_COLUMNS = (
    "id", "date", "date_precision", "end_date", "end_precision", "date_label", "year", "title", "summary", "category",
    "programmes", "mission", "people", "place", "source_ids", "confidence", "note", "search_text",
)


def _typed(frame: pd.DataFrame, meta, dates=()) -> pd.DataFrame:
    for col in dates:
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[us]")
    if "confidence" in frame:
        frame["confidence"] = pd.Categorical(frame["confidence"], categories=schema.CONFIDENCE_LEVELS, ordered=True)
    if "category" in frame:
        frame["category"] = pd.Categorical(frame["category"], categories=[c.code for c in meta.categories])
    if "date_precision" in frame:
        frame["date_precision"] = pd.Categorical(frame["date_precision"], categories=["day", "month", "year"])
    if "year" in frame:
        frame["year"] = frame["year"].astype("int64")
    return frame


def _programmes_frames(records, meta):
    rows, cycles = [], []
    for _, p in records:
        start, end = _day(p.start), _day(p.end)
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "aliases": tuple(p.aliases),
                "type": p.type,
                "start": start,
                "start_precision": _precision(p.start),
                "end": end,
                "end_precision": _precision(p.end),
                "span_end": _last_day(p.end),
                "dates_label": format_range(start, _precision(p.start), end, _precision(p.end)) if p.end
                else f"since {format_date(start, _precision(p.start))}",
                "status": p.status,
                "focus_areas": tuple(p.focus_areas),
                "description": p.description,
                "colour": p.colour,
                "source_ids": tuple(p.source_ids),
                "confidence": p.confidence,
                "note": p.note,
                "search_text": fold(" ".join([p.code, p.name, *p.aliases, p.type, p.description])),
            }
        )
        for c in p.cycles:
            cycles.append(
                {
                    "programme": p.code,
                    "label": c.label,
                    "start": _day(c.start),
                    "start_precision": _precision(c.start),
                    "end": _day(c.end),
                    "end_precision": _precision(c.end),
                    "span_end": _last_day(c.end),
                    "source_ids": tuple(c.source_ids),
                    "confidence": c.confidence,
                    "note": c.note,
                }
            )
    cycle_columns = ["programme", "label", "start", "start_precision", "end", "end_precision", "span_end", "source_ids", "confidence", "note"]
    programmes = _typed(pd.DataFrame(rows), meta, dates=("start", "end", "span_end"))
    cycles_frame = _typed(pd.DataFrame(cycles, columns=cycle_columns), meta, dates=("start", "end", "span_end"))
    return programmes, cycles_frame


def _missions_frame(records, meta, deployments) -> pd.DataFrame:
    peaks: dict[str, int] = {}
    for _, d in deployments:
        if d.personnel is not None:
            peaks[d.mission] = max(peaks.get(d.mission, 0), d.personnel)
    lead_labels = {c.code: c.label for c in meta.lead_types}
    rows = []
    for _, m in records:
        start, end = _day(m.participation_start), _day(m.participation_end)
        rows.append(
            {
                "id": m.id,
                "name": m.name,
                "short_name": m.short_name,
                "country": m.country,
                "country_name": m.country_name,
                "lead_type": m.lead_type,
                "lead_label": lead_labels.get(m.lead_type, m.lead_type),
                "lead": m.lead,
                "mission_start": _day(m.mission_start),
                "mission_end": _day(m.mission_end),
                "mission_dates": format_range(_day(m.mission_start), _precision(m.mission_start), _day(m.mission_end), _precision(m.mission_end))
                if m.mission_end else f"since {format_date(_day(m.mission_start), _precision(m.mission_start))}",
                "participation_start": start,
                "participation_end": end,
                "participation_span_end": _last_day(m.participation_end),
                "participation_dates": format_range(start, _precision(m.participation_start), end, _precision(m.participation_end))
                if m.participation_end else f"since {format_date(start, _precision(m.participation_start))}",
                "role": m.role,
                "location_name": m.location.name,
                "lat": m.location.lat,
                "lon": m.location.lon,
                "peak_personnel": peaks.get(m.id),
                "source_ids": tuple(m.source_ids),
                "confidence": m.confidence,
                "note": m.note,
                "search_text": fold(f"{m.id} {m.name} {m.short_name} {m.country_name} {m.lead} {m.role} {m.location.name}"),
            }
        )
    frame = _typed(pd.DataFrame(rows), meta, dates=("mission_start", "mission_end", "participation_start", "participation_end", "participation_span_end"))
    frame["peak_personnel"] = frame["peak_personnel"].astype("Int64")
    return frame


def _deployments_frame(records, meta) -> pd.DataFrame:
    rows = [
        {
            "mission": d.mission,
            "year": d.year,
            "personnel": d.personnel,
            "confidence": d.confidence,
            "source_ids": tuple(d.source_ids),
            "note": d.note,
        }
        for _, d in records
    ]
    frame = _typed(pd.DataFrame(rows, columns=["mission", "year", "personnel", "confidence", "source_ids", "note"]), meta)
    frame["personnel"] = frame["personnel"].astype("Int64")
    return frame.sort_values(["mission", "year"], ignore_index=True)


def _sources_frame(records) -> pd.DataFrame:
    rows = []
    for _, s in records:
        day = _day(s.date)
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": day,
                "date_label": format_date(day, _precision(s.date)) if s.date else "",
                "url": s.url,
                "kind": s.kind,
            }
        )
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[us]")
    frame["kind"] = pd.Categorical(frame["kind"], categories=schema.SOURCE_KINDS)
    return frame


def validate_dir(data_dir: Path | str) -> list[Problem]:
    """Every problem of a data directory; empty when it is valid."""
    try:
        load_dataset(data_dir)
    except DataError as exc:
        return exc.problems
    return []


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read, validate and type a data directory; raise DataError listing every problem."""
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, "", "data directory does not exist")])
    raw_meta, meta_lines = _read_yaml(data_dir, DATASET_FILE, problems)
    meta = None
    if raw_meta is not None:
        if isinstance(raw_meta, dict):
            meta = _validate(schema.DatasetMeta, raw_meta, DATASET_FILE, 1, meta_lines, (), problems)
        else:
            problems.append(Problem(DATASET_FILE, 1, "", "is not a set of key: value pairs"))
    sources, known_sources = _yaml_records(data_dir, SOURCES_FILE, schema.Source, "id", problems)
    programmes, known_programmes = _yaml_records(data_dir, PROGRAMMES_FILE, schema.Programme, "code", problems)
    missions, known_missions = _yaml_records(data_dir, MISSIONS_FILE, schema.Mission, "id", problems)
    known = {SOURCES_FILE: known_sources, PROGRAMMES_FILE: known_programmes, MISSIONS_FILE: known_missions}
    required_milestone = {n for n, f in schema.Milestone.model_fields.items() if f.is_required()}
    required_deployment = {n for n, f in schema.Deployment.model_fields.items() if f.is_required()}
    milestones, known_milestones = _csv_records(data_dir, MILESTONES_FILE, schema.Milestone, required_milestone, problems, key="id")
    deployments, _ = _csv_records(data_dir, DEPLOYMENTS_FILE, schema.Deployment, required_deployment, problems)
    _cross_check(meta, milestones, programmes, missions, deployments, sources, known, problems)
    from dashboard.decks import load_decks  # decks import this module

    decks = load_decks(
        data_dir, known_programmes, known_missions, {c.code for c in meta.categories} if meta else None,
        known_milestones, problems,
    )
    for name, records in ((MILESTONES_FILE, milestones), (SOURCES_FILE, sources), (PROGRAMMES_FILE, programmes), (MISSIONS_FILE, missions)):
        if not records and not any(p.file == name for p in problems):
            problems.append(Problem(name, None, "", "has no entries (expected at least one)"))
    if problems:
        raise DataError(problems)
    programmes_frame, cycles_frame = _programmes_frames(programmes, meta)
    return Dataset(
        meta=meta,
        milestones=_milestones_frame(milestones, meta, programmes, missions),
        programmes=programmes_frame,
        cycles=cycles_frame,
        missions=_missions_frame(missions, meta, deployments),
        deployments=_deployments_frame(deployments, meta),
        sources=_sources_frame(sources),
        data_dir=data_dir,
        decks=decks,
    )

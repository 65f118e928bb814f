"""Records: each row or entry validated by its pydantic model, pydantic's errors worded for people,
and the cross-file checks (ids that must exist, duplicates, controlled vocabularies)."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from dashboard.loading.files import read_csv, read_yaml
from dashboard.loading.problems import Problem
from dashboard.model.schema import SHOWN_VALUE_CHARS, shown

DATASET_FILE = "dataset.yaml"
MILESTONES_FILE = "milestones.csv"
PROGRAMMES_FILE = "programmes.yaml"
MISSIONS_FILE = "missions.yaml"
DEPLOYMENTS_FILE = "deployments.csv"
SOURCES_FILE = "sources.yaml"
DATA_FILES = (DATASET_FILE, MILESTONES_FILE, PROGRAMMES_FILE, MISSIONS_FILE, DEPLOYMENTS_FILE, SOURCES_FILE)


# pydantic error types whose wording does not depend on the value
_FIXED_WORDING = {
    "missing": "is missing (expected a value)",
    "extra_forbidden": "is not a known field (check the spelling against docs/DATA.md)",
    "too_short": "is empty (expected at least one)",
    "string_too_short": "is empty (expected text)",
}


def _describe(error: dict) -> str:
    kind, value = error["type"], shown(error.get("input"))
    if kind in _FIXED_WORDING:
        return _FIXED_WORDING[kind]
    if kind == "literal_error":
        return f"{value} is not allowed (expected {error['ctx']['expected']})"
    if kind in ("int_parsing", "int_parsing_size", "int_from_float", "int_type"):
        return f"{value} is not a whole number (expected digits only, e.g. 94)"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{value} is out of range ({error['msg'].lower()})"
    if kind == "string_type":
        return f"{value} is not text (expected text; put the value in quotes)"
    if kind == "string_pattern_mismatch":
        return f"{value} does not match the expected form {error['ctx']['pattern']}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return f"{error['msg']} (got {value})"


def validate_record(model: type[BaseModel], raw, name: str, line: int, lines: dict, prefix: tuple, problems):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            column = ".".join(str(part) for part in loc)
            at = next((lines[prefix + loc[:n]] for n in range(len(loc), -1, -1) if prefix + loc[:n] in lines), line)
            problems.append(Problem(name, at, column, _describe(error)))
        return None


def csv_records(data_dir, name, model, required, problems, key: str | None = None):
    """Valid records, and the ids the file defines (from raw rows, so that one bad row does not
    cascade into 'unknown id' reports elsewhere; None when the file could not be read)."""
    columns = tuple(model.model_fields)
    records, known = [], set()
    rows = read_csv(data_dir, name, columns, required, problems)
    if rows is None:
        return records, None
    rows.reverse()
    while rows:  # each raw row is let go once validated: at 100,000 rows they and the records add up
        line, raw = rows.pop()
        if key:
            known.add(raw.get(key, ""))
        record = validate_record(model, raw, name, line, {}, (), problems)
        if record is not None:
            records.append((line, record))
    return records, known


def yaml_records(data_dir, name, model, key, problems):
    data, lines = read_yaml(data_dir, name, problems)
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
        record = validate_record(model, raw, name, line, lines, (index,), problems)
        if record is not None:
            records.append((line, record))
    return records, known


def _unknown(value: str, known, what: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5) if len(value) <= SHOWN_VALUE_CHARS else []
    hint = f"; did you mean {shown(close[0])}?" if close else ""
    return f"{shown(value)} is not a known {what}{hint}"


class References:
    """Checks that ids used in one file exist in another, collecting every miss."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def check(self, name, line, column, values, known, what, defined_in):
        if known is None:  # the defining file could not be read; that is reported already
            return
        for value in values:
            if value not in known:
                self.problems.append(
                    Problem(name, line, column, f"{_unknown(value, known, what)} (expected an id defined in {defined_in})")
                )

    def duplicates(self, name, keyed, column, what):
        seen: dict = {}
        for line, key in keyed:
            if key in seen:
                self.problems.append(
                    Problem(name, line, column, f"{what} {shown(key)} is used twice (first on line {seen[key]}; expected each once)")
                )
            else:
                seen[key] = line


def cross_check(meta, milestones, programmes, missions, deployments, sources, known, problems):
    refs = References(problems)
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

"""Safe reading of the data directory's files: size limits, UTF-8, no hidden characters, safe
YAML (no aliases, tags or deep nesting; duplicate keys reported) and CSV with line numbers.
Every problem is collected as a `Problem`; nothing here raises on bad input."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import yaml

from dashboard.loading.problems import Problem
from dashboard.model.schema import SHOWN_VALUE_CHARS, shown

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
_YAML_STANDARD_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


def read_text(data_dir: Path, name: str, problems: list[Problem]) -> str | None:
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
    return decode_text(raw, name, problems)


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count / 2**10:.0f} KiB"


def decode_text(raw: bytes, name: str, problems: list[Problem], limit: int | None = None) -> str | None:
    """Bytes (a file's, or an upload's) as text: UTF-8, not empty, nothing invisible."""
    if limit is not None and len(raw) > limit:
        problems.append(Problem(name, None, "", f"is {_size(len(raw))} (expected at most {_size(limit)})"))
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
            problems.append(
                Problem(name, line, "", f"YAML alias *{shown(event.anchor)[1:-1]} is not allowed (expected plain values; write them out)")
            )
            return problems
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                problems.append(
                    Problem(name, line, "", f"YAML is nested more than {MAX_YAML_DEPTH} levels deep (expected the shapes in docs/DATA.md)")
                )
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
                    Problem(
                        name,
                        line,
                        str(key_node.value)[:SHOWN_VALUE_CHARS],
                        f"key appears twice in one entry (first on line {first[key_node.value]}; expected each key once)",
                    )
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


def read_yaml(data_dir: Path, name: str, problems: list[Problem]):
    """Return (data, lines) or (None, {}) when the file cannot be read as safe YAML."""
    text = read_text(data_dir, name, problems)
    if text is None:
        return None, {}
    return parse_yaml(text, name, problems)


def parse_yaml(text: str, name: str, problems: list[Problem]):
    """YAML text as (data, lines) or (None, {}): no aliases, tags, deep nesting or repeated keys."""
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


def read_csv(data_dir: Path, name: str, columns: tuple[str, ...], required: set[str], problems: list[Problem]):
    """Return [(line, {column: cell})] with cells stripped, or None when the file cannot be read
    (missing, not UTF-8, broken header); header problems are reported once."""
    text = read_text(data_dir, name, problems)
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

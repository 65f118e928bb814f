"""A version of the data to compare (model/changes.py), read from a data package zip (what
"Download all data" gives) or from a data directory.

A zip arrives from anyone (an upload): it is read in memory, never unpacked to disk, and refused
with one clear sentence when it is too big, not a zip, a zip bomb, or a zip of another shape. A
directory is read as written, without the loader's validation, so that old releases, written under
older rules, can still be compared; what today's rules would refuse is counted in a note.

What is said about a zip (an upload on the What changed page) is worded in the current language;
what is said about a data directory (the command line, for the data's maintainers) stays English.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.loading import data_version, validate_dir
from dashboard.loading.files import MAX_FILE_BYTES, read_csv, read_yaml
from dashboard.loading.problems import Problem
from dashboard.loading.records import DATASET_FILE, DEPLOYMENTS_FILE, MILESTONES_FILE, MISSIONS_FILE, PROGRAMMES_FILE, SOURCES_FILE
from dashboard.model import package, schema
from dashboard.model.changes import COMPARED, Snapshot, snapshot
from dashboard.model.version import DataVersion

# The real package is about 150 KiB; 20 MiB leaves room for a dataset a hundred times larger.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = MAX_FILE_BYTES  # one table, unpacked: the loader's own limit for a data file
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # every table read, together
MAX_DESCRIPTOR_BYTES = 2 * 1024 * 1024
MAX_MEMBERS = 200  # the package holds 25 files
# Text compresses about 5 to 10 times; far more than this is a bomb, not a table.
MAX_RATIO = 100
REQUIRED = ("milestones", "programmes", "missions", "deployments", "sources")


class SnapshotError(Exception):
    """Input that cannot be compared; the message says why in one sentence, naming the input."""


def _size(count: int) -> str:
    """'20 MiB', '25.0 MiB', '3 KiB', with the current language's digits grouping and decimal sign."""
    if count >= 2**20:
        if count % 2**20 == 0:
            return _("{size} MiB").format(size=i18n.format_number(count // 2**20))
        return _("{size} MiB").format(size=_one_decimal(count / 2**20))
    return _("{size} KiB").format(size=i18n.format_number(max(1, round(count / 2**10))))


def _one_decimal(value: float) -> str:
    """'25.0' ('25,0' in Russian): one decimal, rounded as Python rounds, in the language's sign."""
    from babel.numbers import get_decimal_symbol

    whole, _dot, tenth = f"{value:.1f}".partition(".")
    return f"{i18n.format_number(int(whole))}{get_decimal_symbol(i18n.babel_locale())}{tenth}"


# --------------------------------------------------------------------------------------------
# A data package zip
# --------------------------------------------------------------------------------------------


def snapshot_from_zip(raw: bytes, name: str) -> Snapshot:
    """The snapshot a data package zip holds, read in memory; SnapshotError when it cannot be."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise SnapshotError(
            _("{name} is {size}, over the limit of {limit}: a data package from this dashboard is far smaller.").format(
                name=name, size=_size(len(raw)), limit=_size(MAX_UPLOAD_BYTES)
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SnapshotError(
            _("{name} is not a zip file (expected the zip that “Download all data” on the Sources page gives).").format(name=name)
        ) from None
    with archive:
        _check_members(members, name)
        by_name = {m.filename: m for m in members}
        if "datapackage.json" not in by_name:
            if {"README.md", "milestones.csv"} <= by_name.keys():
                raise SnapshotError(
                    _(
                        "{name} was downloaded before downloads became data packages (it has no datapackage.json): "
                        "only downloads from data version {version} on can be compared."
                    ).format(name=name, version="2026-12")
                )
            raise SnapshotError(_("{name} is not a data package from this dashboard: it has no datapackage.json.").format(name=name))
        reader = _Reader(archive, name)
        described = reader.descriptor(by_name["datapackage.json"])
        resources = {r.get("name"): r for r in described["resources"] if isinstance(r, dict)}
        missing = [r for r in REQUIRED if r not in resources]
        if missing:
            raise SnapshotError(
                _("{name} is a data package of another shape: it has no {tables} table.").format(name=name, tables=", ".join(missing))
            )
        rows, columns, notes = {}, {}, []
        for table in COMPARED:
            if table not in resources:
                notes.append(_("{table}: not in {name}; not compared").format(table=table, name=name))
                continue
            path = resources[table].get("path")
            if not isinstance(path, str) or path not in by_name:
                raise SnapshotError(
                    _("{name} is a data package of another shape: its {table} table ({path}) is not in the zip.").format(
                        name=name, table=table, path=repr(path)
                    )
                )
            header, rows[table] = reader.table(by_name[path], package.resource(table).primary_key)
            columns[table] = header
    return snapshot(rows, columns, _version(described.get("dataVersion")), str(described.get("title") or ""), name, notes)


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > MAX_MEMBERS:
        raise SnapshotError(
            ngettext(
                "{name} holds {count} file (a data package holds about 25): it is not a data package.",
                "{name} holds {count} files (a data package holds about 25): it is not a data package.",
                len(members),
            ).format(name=name, count=i18n.format_number(len(members)))
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise SnapshotError(_("{name} is encrypted: upload the zip as it was downloaded.").format(name=name))
    declared = sum(m.file_size for m in members)
    for m in members:
        if m.file_size > MAX_MEMBER_BYTES or (m.file_size > 2**20 and m.file_size > MAX_RATIO * max(m.compress_size, 1)):
            raise SnapshotError(_bomb(name, m.file_size))
    if declared > MAX_UNPACKED_BYTES * 4:  # only the tables are read; a zip declaring this much is not a package
        raise SnapshotError(_bomb(name, declared))


def _bomb(name: str, size: int) -> str:
    return _(
        "{name} would unpack to {size} or more (a table may be at most {limit}): it looks like a zip bomb, and nothing was unpacked."
    ).format(name=name, size=_size(size), limit=_size(MAX_MEMBER_BYTES))


class _Reader:
    """Reads members with a bound on what each, and all together, may unpack to, whatever the
    zip's headers claim."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.name, self.unpacked = archive, name, 0

    def read(self, member: zipfile.ZipInfo, limit: int) -> bytes:
        try:
            with self.archive.open(member) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise SnapshotError(
                _("{name}: {member} cannot be unpacked ({error}); the zip may be damaged.").format(
                    name=self.name, member=member.filename, error=exc
                )
            ) from None
        self.unpacked += len(data)
        if len(data) > limit or self.unpacked > MAX_UNPACKED_BYTES:
            raise SnapshotError(_bomb(self.name, max(len(data), self.unpacked)))
        return data

    def text(self, member: zipfile.ZipInfo, limit: int) -> str:
        try:
            return self.read(member, limit).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SnapshotError(
                _("{name}: {member} is not UTF-8 text: not a data package from this dashboard.").format(
                    name=self.name, member=member.filename
                )
            ) from None

    def descriptor(self, member: zipfile.ZipInfo) -> dict:
        try:
            described = json.loads(self.text(member, MAX_DESCRIPTOR_BYTES))
        except json.JSONDecodeError as exc:
            raise SnapshotError(
                _("{name}: datapackage.json is not valid JSON (line {line}).").format(name=self.name, line=exc.lineno)
            ) from None
        if not isinstance(described, dict) or not isinstance(described.get("resources"), list):
            raise SnapshotError(_("{name}: datapackage.json lists no resources: a data package of another shape.").format(name=self.name))
        return described

    def table(self, member: zipfile.ZipInfo, key: tuple[str, ...]) -> tuple[tuple[str, ...], list[dict[str, str]]]:
        text = self.text(member, MAX_MEMBER_BYTES)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = tuple(cell.strip() for cell in next(reader, []))
            missing = [k for k in key if k not in header]
            if missing:
                raise SnapshotError(
                    _("{name}: {member} has no {columns} column: a data package of another shape.").format(
                        name=self.name, member=member.filename, columns=", ".join(missing)
                    )
                )
            rows = [dict(zip(header, cells, strict=False)) for cells in reader if any(c.strip() for c in cells)]
        except csv.Error as exc:
            raise SnapshotError(
                _("{name}: {member} is not valid CSV (line {line}: {error}).").format(
                    name=self.name, member=member.filename, line=reader.line_num, error=exc
                )
            ) from None
        return header, rows


def _version(described) -> DataVersion | None:
    if not isinstance(described, dict) or not isinstance(described.get("digest"), str):
        return None
    label, released = described.get("label"), described.get("released")
    return DataVersion(described["digest"][:64], label if isinstance(label, str) else "", released if isinstance(released, str) else "")


# --------------------------------------------------------------------------------------------
# A data directory
# --------------------------------------------------------------------------------------------


def _records(data) -> list[dict]:
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def snapshot_from_dir(data_dir: Path) -> Snapshot:
    """The records of a data directory as written (no validation), for comparing old releases."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SnapshotError(f"{data_dir} is not a directory.")
    problems: list[Problem] = []
    meta = read_yaml(data_dir, DATASET_FILE, problems)[0]
    milestones = read_csv(data_dir, MILESTONES_FILE, tuple(schema.Milestone.model_fields), set(), problems)
    if not isinstance(meta, dict) or milestones is None:
        first = next((str(p) for p in problems), "")
        raise SnapshotError(f"{data_dir} is not a data directory: {first or 'dataset.yaml or milestones.csv cannot be read'}.")
    deployments = read_csv(data_dir, DEPLOYMENTS_FILE, tuple(schema.Deployment.model_fields), set(), problems) or []
    programmes = _records(read_yaml(data_dir, PROGRAMMES_FILE, problems)[0])
    missions = _records(read_yaml(data_dir, MISSIONS_FILE, problems)[0])
    confidence = meta.get("confidence") if isinstance(meta.get("confidence"), dict) else {}
    rows = {
        "milestones": [row for _, row in milestones],
        "deployments": [row for _, row in deployments],
        "sources": _records(read_yaml(data_dir, SOURCES_FILE, problems)[0]),
        "programmes": programmes,
        "programme_cycles": [
            {**cycle, "programme": programme.get("code")} for programme in programmes for cycle in _records(programme.get("cycles"))
        ],
        "missions": [_flat_location(m) for m in missions],
        "confidence_levels": [{**text, "code": code} for code, text in confidence.items() if isinstance(text, dict)],
        **{name: _records(meta.get(name)) for name in ("categories", "focus_areas", "lead_types")},
    }
    notes = []
    refused = validate_dir(data_dir)
    if refused:
        notes.append(
            f"{data_dir}: {len(refused)} problem{'s' if len(refused) != 1 else ''} under today's rules (first: {refused[0]}); "
            "its records were compared as written"
        )
    release = meta.get("release") if isinstance(meta.get("release"), dict) else {}
    label, released = (package.cell(release.get(k), "string") for k in ("label", "date"))
    version = DataVersion(data_version(data_dir).digest, label, released)
    return snapshot(rows, version=version, title=package.cell(meta.get("title"), "string"), origin=str(data_dir), notes=notes)


def _flat_location(mission: dict) -> dict:
    location = mission.get("location") if isinstance(mission.get("location"), dict) else {}
    return {**mission, **{f"location_{k}": location.get(k) for k in ("name", "lat", "lon")}}


def read_snapshot(path: Path) -> Snapshot:
    """A data directory, or a data package zip on disk."""
    path = Path(path)
    if path.is_dir():
        return snapshot_from_dir(path)
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise SnapshotError(f"{path} is {_size(size)}, over the limit of {_size(MAX_UPLOAD_BYTES)}.")
        raw = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    return snapshot_from_zip(raw, str(path))

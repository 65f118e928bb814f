"""What changed between two versions of the data: records added, removed and changed, field by
field, in every table of the data package. Pure: the two sides arrive as `Snapshot`s (from a data
package zip or a data directory, loading/snapshot.py; or from the Dataset the app shows).

Every value is compared in the form the package writes it (`package.cell`): ISO dates at their
precision, `;`-separated lists, numbers in one canonical form; so a data directory and the package
made from it are the same snapshot.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from pydantic_core import PydanticUndefined

from dashboard import i18n
from dashboard.i18n import N_, _, ngettext
from dashboard.model import package
from dashboard.model.citations import source_text
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date, parse_partial_date
from dashboard.model.version import DataVersion

# The tables compared, in the order a reader wants them; link tables repeat the id lists.
COMPARED = (
    "milestones",
    "programmes",
    "programme_cycles",
    "missions",
    "deployments",
    "sources",
    "categories",
    "focus_areas",
    "lead_types",
    "confidence_levels",
)
KINDS = ("added", "removed", "changed")
# A kind of change as a heading ('Added (3)'), translated where shown.
KIND_TITLES = {"added": N_("Added"), "removed": N_("Removed"), "changed": N_("Changed")}
SHOWN_CHARS = 160  # a long text is cut in the readable list (the CSV has it whole)

Key = tuple[str, ...]
Row = dict[str, str]


@dataclass(frozen=True)
class Snapshot:
    """One version of the data: per table, each record (by its primary key) as the package writes it."""

    tables: dict[str, dict[Key, Row]]
    columns: dict[str, tuple[str, ...]]
    version: DataVersion | None = None
    title: str = ""
    origin: str = ""  # the file or directory it was read from
    notes: tuple[str, ...] = ()


def _kinds(name: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in package.table_fields(package.resource(name))}


def _defaults(name: str) -> dict[str, object]:
    """Values a data directory may leave out, as its model fills them in."""
    model = package.resource(name).model
    return {n: f.default for n, f in model.model_fields.items() if f.default is not PydanticUndefined and f.default is not None}


def _given(value, default):
    return default if value is None or (isinstance(value, str) and not value.strip()) else value


def snapshot(
    rows: Mapping[str, Iterable[Mapping]],
    columns: Mapping[str, Iterable[str]] | None = None,
    version: DataVersion | None = None,
    title: str = "",
    origin: str = "",
    notes: Iterable[str] = (),
) -> Snapshot:
    """A snapshot of raw rows (from files, or the package's own): each value put in the package's
    form, left-out fields given their model's default, the first of two equal keys kept."""
    tables, kept_columns, notes = {}, {}, list(notes)
    for name in COMPARED:
        kinds, defaults = _kinds(name), _defaults(name)
        known = tuple(c for c in (columns or {}).get(name, kinds) if c in kinds) if columns else tuple(kinds)
        key_fields = package.resource(name).primary_key
        records: dict[Key, Row] = {}
        duplicates = 0
        for raw in rows.get(name, ()):
            row = {c: package.cell(_given(raw.get(c), defaults.get(c)), kinds[c]) for c in known}
            key = tuple(row.get(k, "") for k in key_fields)
            if key in records:
                duplicates += 1
                continue
            records[key] = row
        if duplicates:
            notes.append(
                ngettext(
                    "{table}: {count} record repeats a key; the first of each was compared",
                    "{table}: {count} records repeat a key; the first of each was compared",
                    duplicates,
                ).format(table=name, count=i18n.format_number(duplicates))
            )
        tables[name], kept_columns[name] = records, known
    return Snapshot(tables, kept_columns, version, title, origin, tuple(notes))


def snapshot_of(dataset: Dataset, origin: str = "") -> Snapshot:
    """The data the app shows, as the package it would download."""
    return snapshot(package.package_tables(dataset), version=dataset.version, title=dataset.meta.title, origin=origin)


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RecordChange:
    table: str
    key: Key
    label: str
    change: str  # added, removed or changed
    fields: tuple[FieldChange, ...] = ()
    order: Key = field(default=(), compare=False)


@dataclass(frozen=True)
class Comparison:
    old: Snapshot
    new: Snapshot
    records: tuple[RecordChange, ...]
    notes: tuple[str, ...] = field(default=())

    def of(self, table: str, change: str | None = None) -> list[RecordChange]:
        return [r for r in self.records if r.table == table and (change is None or r.change == change)]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per table: how many records were added, removed and changed."""
        return {name: {kind: len(self.of(name, kind)) for kind in KINDS} for name in COMPARED}

    @property
    def unchanged(self) -> bool:
        return not self.records


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    records, notes = [], [*old.notes, *new.notes]
    for name in COMPARED:
        before, after = old.tables.get(name, {}), new.tables.get(name, {})
        shared = [c for c in new.columns.get(name, ()) if c in old.columns.get(name, ())]
        for side, columns in (("old", old.columns.get(name, ())), ("new", new.columns.get(name, ()))):
            missing = [c for c in _kinds(name) if c not in columns]
            if missing and (before if side == "old" else after):
                notes.append(_missing_columns(side, len(missing)).format(table=name, columns=", ".join(missing)))
        for key in after.keys() - before.keys():
            records.append(RecordChange(name, key, label(name, after[key], new), "added", order=_order(name, after[key], key)))
        for key in before.keys() - after.keys():
            records.append(RecordChange(name, key, label(name, before[key], old), "removed", order=_order(name, before[key], key)))
        for key in before.keys() & after.keys():
            fields = tuple(FieldChange(c, before[key][c], after[key][c]) for c in shared if before[key][c] != after[key][c])
            if fields:
                records.append(RecordChange(name, key, label(name, after[key], new), "changed", fields, _order(name, after[key], key)))
    records.sort(key=lambda r: (COMPARED.index(r.table), KINDS.index(r.change), r.order))
    return Comparison(old, new, tuple(records), tuple(dict.fromkeys(notes)))


def _missing_columns(side: str, count: int) -> str:
    if side == "old":
        return ngettext(
            "{table}: the old data has no {columns} column; not compared",
            "{table}: the old data has no {columns} columns; not compared",
            count,
        )
    return ngettext(
        "{table}: the new data has no {columns} column; not compared",
        "{table}: the new data has no {columns} columns; not compared",
        count,
    )


def _order(table: str, row: Row, key: Key) -> Key:
    """Milestones in date order, the rest by key."""
    return (row.get("date", ""), *key) if table == "milestones" else key


# --------------------------------------------------------------------------------------------
# Wording: a record's label, a field's change, the readable list and the CSV
# --------------------------------------------------------------------------------------------


def date_text(value: str) -> str:
    """'1994-05-04' -> '4 May 1994'; anything else as written."""
    try:
        day, precision = parse_partial_date(value)
    except ValueError:
        return value
    return format_date(pd.Timestamp(day), precision)


def _source_text(row: Row) -> str:
    return source_text(row.get("publisher", ""), row.get("title", ""), date_text(row["date"]) if row.get("date") else "")


def label(table: str, row: Row, side: Snapshot | None = None) -> str:
    """A record as a reader knows it: a milestone by its title and date, a source as a citation."""
    get = row.get
    if table == "milestones":
        return f"{get('title', '')} ({date_text(get('date', ''))})"
    if table == "programmes":
        return f"{get('name', '')} ({get('code', '')})"
    if table == "programme_cycles":
        return f"{_programme_name(get('programme', ''), side)}: {get('label', '')}"
    if table == "missions":
        return f"{get('name', '')} ({get('short_name', '')})" if get("short_name") != get("name") else get("name", "")
    if table == "deployments":
        return f"{_mission_name(get('mission', ''), side)} {get('year', '')}"
    if table == "sources":
        return _source_text(row)
    return f"{get('label', '')} ({get('code', '')})"


def _programme_name(code: str, side: Snapshot | None) -> str:
    row = side.tables.get("programmes", {}).get((code,)) if side else None
    return row["name"] if row and row.get("name") else code


def _mission_name(mission: str, side: Snapshot | None) -> str:
    row = side.tables.get("missions", {}).get((mission,)) if side else None
    return row["short_name"] if row and row.get("short_name") else mission


def _cut(text: str) -> str:
    return textwrap.shorten(text, SHOWN_CHARS, placeholder=" …") if len(text) > SHOWN_CHARS else text


def _items(value: str) -> list[str]:
    return [item for item in value.split(package.LIST_DELIMITER) if item] if value else []


def field_text(comparison: Comparison, table: str, change: FieldChange) -> str:
    """'date: 1994-05 → 1994-05-04'; for a list, what came and went; sources as citations, never ids.
    The field is named as the package's column is (those names are stable in every language)."""
    name = change.field.replace("_", " ")
    if _kinds(table).get(change.field) == "list":
        before, after = _items(change.before), _items(change.after)
        added, removed = [i for i in after if i not in before], [i for i in before if i not in after]
        if change.field == "source_ids":
            name = "sources"
            added = [_cited(i, comparison.new, comparison.old) for i in added]
            removed = [_cited(i, comparison.old, comparison.new) for i in removed]
        parts = [_("added {items}").format(items="; ".join(added))] if added else []
        parts += [_("removed {items}").format(items="; ".join(removed))] if removed else []
        same = _("same items, new order")  # outside the f-string: Babel does not look inside one
        return f"{name}: {', '.join(parts) if parts else same}"
    empty = _("(empty)")
    return f"{name}: {_cut(change.before) or empty} → {_cut(change.after) or empty}"


def _cited(source_id: str, first: Snapshot, second: Snapshot) -> str:
    for side in (first, second):
        row = side.tables.get("sources", {}).get((source_id,))
        if row:
            return _source_text(row)
    return _("a source not in either version")


def table_title(name: str) -> str:
    """The table as readers know it ('Milestones'), in the current language."""
    return _(package.resource(name).title)


def change_title(kind: str) -> str:
    """'Added', 'Removed' or 'Changed', in the current language."""
    return _(KIND_TITLES[kind])


def counts_text(counts: dict[str, int]) -> str:
    """'47 added, 2 removed, 30 changed' (one table's counts), in the current language."""
    number = i18n.format_number
    return _("{added}, {removed}, {changed}").format(
        added=ngettext("{count} added", "{count} added", counts["added"]).format(count=number(counts["added"])),
        removed=ngettext("{count} removed", "{count} removed", counts["removed"]).format(count=number(counts["removed"])),
        changed=ngettext("{count} changed", "{count} changed", counts["changed"]).format(count=number(counts["changed"])),
    )


def summary_lines(comparison: Comparison) -> list[str]:
    """One line per table: 'Milestones: 47 added, 2 removed, 30 changed' (or 'no change')."""
    lines = []
    for name, counts in comparison.counts().items():
        if any(counts.values()):
            lines.append(_("{table}: {counts}").format(table=table_title(name), counts=counts_text(counts)))
        else:
            lines.append(_("{table}: no change").format(table=table_title(name)))
    return lines


def heading(comparison: Comparison) -> str:
    """'What changed from data version … to data version …', one sentence for each case of
    known and unknown versions."""
    old, new = comparison.old.version, comparison.new.version
    if old and new:
        return _("What changed from data version {old} to data version {new}").format(old=old.short, new=new.short)
    if new:
        return _("What changed from an unknown data version to data version {new}").format(new=new.short)
    if old:
        return _("What changed from data version {old} to an unknown data version").format(old=old.short)
    return _("What changed from an unknown data version to an unknown data version")


@dataclass(frozen=True)
class Section:
    """The records of one table and one kind of change, worded: (label, its field changes)."""

    table: str
    title: str
    change: str
    items: tuple[tuple[str, tuple[str, ...]], ...]


def sections(comparison: Comparison) -> list[Section]:
    found = []
    for name in COMPARED:
        for kind in KINDS:
            records = comparison.of(name, kind)
            if records:
                items = tuple((r.label, tuple(field_text(comparison, name, f) for f in r.fields)) for r in records)
                found.append(Section(name, table_title(name), kind, items))
    return found


def readable_text(comparison: Comparison) -> str:
    """The whole comparison as Markdown: the counts, then per table the records added, removed and
    changed (each changed field on its own line)."""
    lines = [f"# {heading(comparison)}", ""]
    for side, snap in ((_("Old: {origin} ({version})"), comparison.old), (_("New: {origin} ({version})"), comparison.new)):
        if snap.origin:
            lines.append("- " + side.format(origin=snap.origin, version=snap.version.text if snap.version else _("no version")))
    lines += ["", *[f"- {line}" for line in summary_lines(comparison)], ""]
    if comparison.notes:
        lines += [_("Notes:"), "", *[f"- {note}" for note in comparison.notes], ""]
    if comparison.unchanged:
        lines += [_("The two versions hold the same records."), ""]
    table = None
    for section in sections(comparison):
        if section.table != table:
            table = section.table
            lines += [f"## {section.title}", ""]
        lines += [f"### {change_title(section.change)} ({len(section.items)})", ""]
        for record_label, fields in section.items:
            lines.append(f"- {record_label}")
            lines += [f"  - {text}" for text in fields]
        lines.append("")
    return "\n".join(lines)


# Machine-readable: the column names and the Table, Change and Field values stay as they are in
# every language; Record (a record's label) and the values are worded as the readable list is.
CSV_COLUMNS = ["Table", "Key", "Record", "Change", "Field", "Before", "After"]


def changes_table(comparison: Comparison) -> pd.DataFrame:
    """One row per record added or removed and per field changed, values whole (ids as in the package)."""
    rows = []
    for record in comparison.records:
        key = "|".join(record.key)
        base = [record.table, key, record.label, record.change]
        if record.fields:
            rows += [[*base, f.field, f.before, f.after] for f in record.fields]
        else:
            rows.append([*base, "", "", ""])
    return pd.DataFrame(rows, columns=CSV_COLUMNS)

"""What changed: a copy of the real data with a milestone removed, one re-dated and one source
added is reported exactly, whichever form each side takes (directory, package zip, Dataset)."""

import csv
import shutil

import pytest

from dashboard.data import load_dataset
from dashboard.loading.snapshot import snapshot_from_dir, snapshot_from_zip
from dashboard.model.changes import changes_table, compare, readable_text, snapshot, snapshot_of
from dashboard.render.export import all_data_zip
from tests.conftest import FIXTURES, REAL_DATA

NEW_SOURCE = """- id: Z1
  title: A source found after the release
  publisher: Example Archive
  date: 2026-11
  url: https://archive.example/z1
  kind: reference
"""


@pytest.fixture(scope="module")
def current():
    return load_dataset(REAL_DATA)


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The real data, with `first-nato-seminar-1992` removed, `nacc-founded` re-dated a day later,
    and a new source Z1 cited by `sps-participation-begins`. The CSV is written back by the csv
    module, so its quoting differs from the original's: that alone must change nothing."""
    target = tmp_path_factory.mktemp("edited") / "data"
    shutil.copytree(REAL_DATA, target)
    path = target / "milestones.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows = [r for r in rows if r["id"] != "first-nato-seminar-1992"]
    for row in rows:
        if row["id"] == "nacc-founded":
            row["date"] = "1991-12-21"
        if row["id"] == "sps-participation-begins":
            row["source_ids"] += ";Z1"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    sources = target / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + NEW_SOURCE, encoding="utf-8")
    return target


def expected_rows(current):
    sps = next(r for r in current.milestones.itertuples() if r.id == "sps-participation-begins")
    before = ";".join(sps.source_ids)
    return [
        ["milestones", "first-nato-seminar-1992", "Azerbaijani delegation at a NATO seminar in Turkey meets Manfred Wörner (October 1992)"]
        + ["removed", "", "", ""],
        ["milestones", "nacc-founded", "North Atlantic Cooperation Council holds its first meeting (21 December 1991)"]
        + ["changed", "date", "1991-12-20", "1991-12-21"],
        ["milestones", "sps-participation-begins", "Azerbaijan starts NATO science cooperation (1995)"]
        + ["changed", "source_ids", before, before + ";Z1"],
        ["sources", "Z1", "Example Archive, “A source found after the release”, November 2026", "added", "", "", ""],
    ]


def test_the_edits_are_reported_exactly(current, edited):
    comparison = compare(snapshot_of(current), snapshot_from_dir(edited))
    assert changes_table(comparison).values.tolist() == expected_rows(current)
    assert comparison.counts()["milestones"] == {"added": 0, "removed": 1, "changed": 2}
    assert comparison.counts()["sources"] == {"added": 1, "removed": 0, "changed": 0}
    assert sum(sum(c.values()) for c in comparison.counts().values()) == 4
    assert comparison.notes == ()


def test_every_form_of_each_side_gives_the_same_changes(current, edited):
    old_forms = [snapshot_of(current), snapshot_from_dir(REAL_DATA), snapshot_from_zip(all_data_zip(current), "before.zip")]
    new_dataset = load_dataset(edited)
    new_forms = [snapshot_from_dir(edited), snapshot_of(new_dataset), snapshot_from_zip(all_data_zip(new_dataset), "after.zip")]
    for old in old_forms:
        for new in new_forms:
            assert changes_table(compare(old, new)).values.tolist() == expected_rows(current)


def test_the_readable_list_words_each_change(current, edited):
    text = readable_text(compare(snapshot_of(current), snapshot_from_dir(edited)))
    assert f"# What changed from data version {current.version.short} to data version 2026-12 · " in text
    assert "- Milestones: 0 added, 1 removed, 2 changed\n- Programmes: no change\n" in text
    assert "### Removed (1)\n\n- Azerbaijani delegation at a NATO seminar in Turkey meets Manfred Wörner (October 1992)\n" in text
    assert "- North Atlantic Cooperation Council holds its first meeting (21 December 1991)\n  - date: 1991-12-20 → 1991-12-21\n" in text
    # a source is named as readers see it, never by its id
    assert "  - sources: added Example Archive, “A source found after the release”, November 2026\n" in text
    assert "Z1" not in text


@pytest.mark.parametrize("data_dir", [REAL_DATA, FIXTURES / "freedonia", FIXTURES / "hostile"], ids=["real", "fixture", "hostile"])
def test_a_directory_its_dataset_and_its_package_are_the_same_snapshot(data_dir):
    dataset = load_dataset(data_dir)
    forms = [snapshot_from_dir(data_dir), snapshot_of(dataset), snapshot_from_zip(all_data_zip(dataset), "package.zip")]
    assert forms[0].tables == forms[1].tables == forms[2].tables
    assert forms[0].version == forms[1].version == forms[2].version == dataset.version
    assert compare(forms[0], forms[2]).unchanged


def test_lists_report_what_came_and_went(freedonia):
    old = snapshot_of(freedonia)
    rows = {name: list(table.values()) for name, table in old.tables.items()}
    visit = next(r for r in rows["milestones"] if r["id"] == "chief-visits")
    rows["milestones"] = [r for r in rows["milestones"] if r is not visit] + [{**visit, "programmes": "PLAN;TRAIN", "note": "New note."}]
    comparison = compare(old, snapshot(rows))
    (record,) = comparison.records
    assert [(f.field, f.before, f.after) for f in record.fields] == [("programmes", "FORUM;PLAN", "PLAN;TRAIN"), ("note", "", "New note.")]
    assert "  - programmes: added TRAIN, removed FORUM\n  - note: (empty) → New note.\n" in readable_text(comparison)


def test_defaults_fill_what_a_directory_leaves_out():
    written = snapshot({"programmes": [{"code": "P", "name": "P", "start": 2001, "focus_areas": ["a"], "source_ids": "S1; S2"}]})
    row = written.tables["programmes"][("P",)]
    assert (row["confidence"], row["start"], row["source_ids"], row["aliases"]) == ("confirmed", "2001", "S1;S2", "")

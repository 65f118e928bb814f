"""The data version changes when any file the loader reads changes, and not otherwise."""

import os
import shutil

import pytest

from dashboard.data import load_dataset
from dashboard.loading import data_version, source_files


@pytest.fixture
def data_dir(data_copy):
    return data_copy


def test_the_same_files_have_the_same_version_wherever_they_are(data_dir, tmp_path, freedonia):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(data_dir, elsewhere)
    assert data_version(data_dir).digest == data_version(elsewhere).digest == freedonia.version.digest


def test_every_file_the_loader_reads_counts(data_dir):
    files = source_files(data_dir)
    assert {p.name for p in files} >= {"dataset.yaml", "milestones.csv", "sources.yaml", "tour.yaml"}
    before = data_version(data_dir).digest
    seen = {before}
    for path in (p for p in files if p.exists()):  # a language without a translation file is no file
        original = path.read_bytes()
        path.write_bytes(original + b"\n")  # one byte more, the data no different
        changed = data_version(data_dir).digest
        assert changed not in seen, f"editing {path.name} did not change the version"
        seen.add(changed)
        path.write_bytes(original)
        assert data_version(data_dir).digest == before, f"restoring {path.name} did not restore the version"


def test_a_real_edit_changes_the_loaded_version(data_dir, freedonia):
    csv = data_dir / "milestones.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("No public source confirms this.", "No source confirms this."), encoding="utf-8")
    assert load_dataset(data_dir).version.digest != freedonia.version.digest


def test_touching_a_file_or_adding_one_the_loader_ignores_changes_nothing(data_dir):
    before = data_version(data_dir).digest
    path = data_dir / "sources.yaml"
    os.utime(path, (1, 1))
    (data_dir / "NOTES.txt").write_text("not data")
    (data_dir / "briefings" / "draft.yml").write_text("not a deck the loader reads (*.yaml only)")
    assert data_version(data_dir).digest == before


def test_a_new_or_renamed_deck_changes_the_version(data_dir):
    before = data_version(data_dir).digest
    deck = data_dir / "briefings" / "tour.yaml"
    renamed = deck.rename(data_dir / "briefings" / "tour-2.yaml")
    after_rename = data_version(data_dir).digest
    assert after_rename != before
    shutil.copy(renamed, data_dir / "briefings" / "tour.yaml")
    assert data_version(data_dir).digest not in (before, after_rename)


def test_the_release_comes_from_dataset_yaml(freedonia):
    assert (freedonia.version.label, freedonia.version.released) == ("1", "2026-01")
    assert len(freedonia.version.digest) == 8


def test_data_without_a_release_still_has_a_version(data_dir):
    meta = data_dir / "dataset.yaml"
    meta.write_text("\n".join(line for line in meta.read_text().splitlines() if not line.startswith("release:")) + "\n")
    version = load_dataset(data_dir).version
    assert version.label == "" and version.text == f"Data version {version.digest} (no release label)"

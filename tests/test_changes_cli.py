"""python -m dashboard.changes OLD [NEW]: Markdown on stdout, --csv, exit 2 with one line on bad input."""

import subprocess
import sys

import pandas as pd

from dashboard.changes import main
from dashboard.data import DATA_DIR_ENV
from dashboard.render.export import all_data_zip
from tests.conftest import REAL_DATA


def test_compares_a_package_with_a_directory_and_writes_the_csv(tmp_path, freedonia, data_copy, capsys):
    package = tmp_path / "before.zip"
    package.write_bytes(all_data_zip(freedonia))
    csv = data_copy / "milestones.csv"
    csv.write_text(csv.read_text().replace("2003-08-15,day", "2003-08-16,day"))
    assert main([str(package), str(data_copy), "--csv", str(tmp_path / "changes.csv")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# What changed from data version 1 · {freedonia.version.digest} to data version 1 · ")
    assert "- Milestones: 0 added, 0 removed, 1 changed\n" in out and "  - date: 2003-08-15 → 2003-08-16\n" in out
    table = pd.read_csv(tmp_path / "changes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert table.values.tolist() == [
        ["milestones", "osr-deploys", "Company deploys to Osterlich (16 August 2003)", "changed", "date", "2003-08-15", "2003-08-16"]
    ]


def test_new_defaults_to_the_current_data(monkeypatch, freedonia, tmp_path, capsys):
    monkeypatch.setenv(DATA_DIR_ENV, str(REAL_DATA.parent / "tests" / "fixtures" / "freedonia"))
    assert main([str(REAL_DATA.parent / "tests" / "fixtures" / "freedonia"), "--out", str(tmp_path / "changes.md")]) == 0
    assert capsys.readouterr().out == ""
    assert "The two versions hold the same records." in (tmp_path / "changes.md").read_text()


def test_bad_input_exits_2_with_one_line(tmp_path, capsys):
    (tmp_path / "notes.zip").write_text("not a zip")
    assert main([str(tmp_path / "notes.zip")]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"error: {tmp_path / 'notes.zip'} is not a zip file (expected the zip that “Download all data” on the Sources page gives).\n"
    )
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("error: the following arguments are required: old")


def test_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "dashboard.changes", "--help"], capture_output=True, text=True, cwd=REAL_DATA.parent)
    assert done.returncode == 0 and "python -m dashboard.changes OLD [NEW]" in done.stdout

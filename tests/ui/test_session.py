"""The cache: one load per process, and a reload after any file the loader reads has changed."""

import os
import shutil

from streamlit.testing.v1 import AppTest

from dashboard.data import DATA_DIR_ENV, source_files
from tests.conftest import FREEDONIA, REAL_DATA

APP = str(REAL_DATA.parent / "dashboard" / "app.py")


def open_briefing(data_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/briefing.py")
    at.run()
    assert not at.exception
    return at


def test_every_file_the_loader_reads_is_watched(tmp_path):
    shutil.copytree(FREEDONIA, tmp_path / "data")
    names = {p.relative_to(tmp_path / "data").as_posix() for p in source_files(tmp_path / "data")}
    assert "briefings/tour.yaml" in names and "milestones.csv" in names and "sources.yaml" in names


def test_an_edited_deck_shows_after_a_reload(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    shutil.copytree(FREEDONIA, data_dir)
    deck = data_dir / "briefings" / "tour.yaml"
    at = open_briefing(data_dir, monkeypatch)
    assert any("A short tour" in m.value for m in at.markdown)

    text = deck.read_text(encoding="utf-8")
    edited = text.replace("title: ", "title: Edited ", 1)
    assert edited != text
    deck.write_text(edited, encoding="utf-8")
    stat = deck.stat()
    os.utime(deck, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later modification time, whatever the clock

    again = open_briefing(data_dir, monkeypatch)  # a reload: a new session in the same server process
    shown = " ".join(m.value for m in again.markdown)
    assert "Edited A short tour" in shown, shown


def test_an_unchanged_directory_is_not_read_again(tmp_path, monkeypatch):
    from dashboard.ui import session

    data_dir = tmp_path / "data"
    shutil.copytree(FREEDONIA, data_dir)
    calls = []
    real_load = session.load_dataset
    monkeypatch.setattr(session, "load_dataset", lambda path: calls.append(path) or real_load(path))
    open_briefing(data_dir, monkeypatch)
    open_briefing(data_dir, monkeypatch)
    assert len(calls) <= 1  # 0 when an earlier test loaded the same directory already

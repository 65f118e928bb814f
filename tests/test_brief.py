"""python -m dashboard.brief: exit codes and one-line messages for bad input, files written, and
an export watched with strace: no connection leaves the machine."""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dashboard import brief
from tests.conftest import FREEDONIA

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    code = brief.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_missing_deck_file_is_named(capsys, tmp_path):
    code, out, err = run(capsys, tmp_path / "nope.yaml", "--format", "pdf", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 2 and out == ""
    assert err == f"error: {tmp_path / 'nope.yaml'}: cannot read the deck file: No such file or directory\n"


def test_malformed_yaml_names_the_file_and_the_line(capsys, tmp_path):
    deck = tmp_path / "broken.yaml"
    deck.write_text("id: x\ntitle: T\nslides: [\n  - title: A\n", encoding="utf-8")
    code, _, err = run(capsys, deck, "--format", "pptx", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 2
    assert err.startswith(f"error: {deck}:") and "is not valid YAML" in err and err.count("\n") == 1
    assert re.match(rf"error: {re.escape(str(deck))}:\d+: ", err)


def test_an_unknown_view_names_the_file_the_line_and_the_field(capsys, tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text("id: x\ntitle: T\nslides:\n  - title: A\n    view: pie_chart\n", encoding="utf-8")
    code, _, err = run(capsys, deck, "--format", "png", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 2
    assert err.startswith(f"error: {deck}:5: slides.0.view: 'pie_chart' is not allowed (expected 'timeline'")
    assert err.count("\n") == 1


def test_an_unknown_milestone_is_checked_against_the_dataset(capsys, tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text("id: x\ntitle: T\nslides:\n  - title: A\n    view: milestone\n    milestone: no-such-thing\n", encoding="utf-8")
    code, _, err = run(capsys, deck, "--format", "pdf", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 2 and "slides.0.milestone" in err and "milestones.csv" in err


def test_an_unknown_deck_id_lists_the_decks_there(capsys, tmp_path):
    code, _, err = run(capsys, "no-such-deck", "--format", "pdf", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 2 and "no deck with id 'no-such-deck' (decks there: tour;" in err


def test_a_broken_data_directory_is_one_line(capsys, tmp_path, data_copy):
    (data_copy / "sources.yaml").write_text("- id: [\n", encoding="utf-8")
    code, _, err = run(capsys, "tour", "--format", "pdf", "--out", tmp_path, "--data", data_copy)
    assert code == 2 and err.startswith(f"error: {data_copy}: sources.yaml:") and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["tour", "--format", "docx", "--out", "x"], "argument --format: invalid choice: 'docx'"),
        (["tour", "--out", "x"], "the following arguments are required: --format"),
        (["tour", "--format", "pdf", "--out", "x", "--slide", "1"], "--slide works with --format png only"),
    ],
)
def test_bad_arguments_are_one_line(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and "usage:" not in err


def test_a_folder_that_does_not_exist(capsys, tmp_path):
    code, _, err = run(capsys, "tour", "--format", "html", "--out", tmp_path / "no" / "deck.html", "--data", FREEDONIA)
    assert code == 2 and "no such folder" in err


def test_html_is_the_offline_pack(capsys, tmp_path):
    code, out, _ = run(capsys, "tour", "--format", "html", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 0 and out.startswith(f"wrote {tmp_path / 'briefing_tour.html'} (3 slides")
    assert (tmp_path / "briefing_tour.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["briefing_tour.html"]  # no temporary file left


def test_bad_input_from_the_command_line_has_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.brief", str(tmp_path / "missing.yaml"), "--format", "pptx", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.browser
def test_png_of_one_slide(capsys, tmp_path):
    code, _, _ = run(capsys, "tour", "--format", "png", "--slide", "3", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 0 and (tmp_path / "tour_03.png").read_bytes().startswith(b"\x89PNG")


def _connections(trace: str) -> list[str]:
    return [line for line in trace.splitlines() if " connect(" in line or line.split(" ", 1)[-1].startswith("connect(")]


def _off_the_machine(line: str) -> bool:
    if "AF_UNIX" in line or "AF_NETLINK" in line:
        return False
    if "AF_INET6" in line:
        return '"::1"' not in line
    if "AF_INET" in line:
        return not re.search(r'inet_addr\("127\.', line)
    return "AF_" in line  # any other family counts as leaving


@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["pdf", "pptx", "png"])
def test_an_export_makes_no_connection_off_the_machine(tmp_path, fmt):
    """Every connect() of the command and of each process it starts (the headless browser and
    its helpers), as strace sees them, goes to a Unix socket or loopback. The map slide of the
    tour deck is included, so the base layer's outlines must come from the project."""
    strace = shutil.which("strace")
    if strace is None:
        if os.environ.get("CI"):
            pytest.fail("strace is missing (scripts/ensure-chromium.sh installs it)")
        pytest.skip("strace is not installed (sh scripts/ensure-chromium.sh)")
    log = tmp_path / "trace.txt"
    result = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=connect,execve", "-o", str(log), sys.executable, "-m", "dashboard.brief", "tour"]
        + ["--format", fmt, "--out", str(tmp_path), "--data", str(FREEDONIA)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    trace = log.read_text(encoding="utf-8", errors="replace")
    assert re.search(r"execve\(\"[^\"]*chrom", trace), "the browser was not seen starting: the trace proves nothing"
    leaving = [line for line in _connections(trace) if _off_the_machine(line)]
    assert leaving == []


def test_the_connection_filter_knows_loopback_from_the_world():
    assert not _off_the_machine('12 connect(5, {sa_family=AF_UNIX, sun_path="/run/x"}, 110) = 0')
    assert not _off_the_machine('12 connect(5, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = 0')
    assert _off_the_machine('12 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0')
    assert _off_the_machine('12 connect(5, {sa_family=AF_INET6, sin6_port=htons(443), inet_pton(AF_INET6, "2001:4860:4860::8888"')


def test_a_written_zip_holds_every_slide(tmp_path, monkeypatch, capsys):
    """The CLI's png path, with the renderer's images stubbed (the browser test covers them)."""
    from dashboard.render import png

    monkeypatch.setattr(png, "deck_pngs", lambda dataset, deck, *a, **k: [b"\x89PNG" for _ in deck.slides])
    code, _, _ = run(capsys, "tour", "--format", "png", "--out", tmp_path, "--data", FREEDONIA)
    assert code == 0
    assert zipfile.ZipFile(tmp_path / "briefing_tour_png.zip").namelist() == ["tour_01.png", "tour_02.png", "tour_03.png"]

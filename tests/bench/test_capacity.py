"""bench.capacity: the protocol client against a real server (a tiny run, directly and behind
HAProxy with two processes), the shape of its JSON, and its refusal of anything but loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from bench import capacity
from bench.capacity import NotLoopback, require_loopback, summarize
from bench.streamlit_client import ProtocolError, StreamlitSession

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://127.9.9.9:1", "http://localhost:8501/", "http://[::1]:8501"])
def test_loopback_urls_are_accepted(url):
    assert require_loopback(url) == url


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8501", "http://192.168.1.20:8501", "http://0.0.0.0:8501", "http://example.org", "http://[2001:db8::1]:80", "x"]
)
def test_anything_else_is_refused(url):
    with pytest.raises(NotLoopback):
        require_loopback(url)


def test_the_command_refuses_a_non_loopback_server_before_doing_anything(tmp_path, capsys):
    out = tmp_path / "out.json"
    with pytest.raises(SystemExit) as exit_info:
        capacity.main(["--sessions", "1", "--json", str(out), "--url", "http://192.168.1.20:8501"])
    assert exit_info.value.code == 2
    assert "loopback" in capsys.readouterr().err
    assert not out.exists()


def test_bounds_are_enforced(tmp_path):
    for extra in (["--seconds", "0"], ["--seconds", "601"], ["--sessions", "0"], ["--env", "NOEQUALS"], ["--gate", "1", "--replicas", "2"]):
        with pytest.raises(SystemExit):
            capacity.parse_args(["--sessions", "1", "--json", str(tmp_path / "x.json"), *extra])


def test_summary_has_the_promised_keys_and_exact_percentiles():
    samples = [{"kind": "open", "t": 0, "s": 0.5, "error": None}]
    samples += [{"kind": "change", "t": i, "s": s, "error": None} for i, s in enumerate([0.1, 0.2, 0.3, 0.4, 1.0])]
    samples += [{"kind": "change", "t": 9, "s": 60.0, "error": "no script_finished within 60 s"}]
    result = summarize({"samples": samples, "client_cpu_s": 1.5, "users_started": 2}, sessions=3, seconds=10, cpu_s=2.0)
    assert set(capacity.RESULT_KEYS) <= set(result)
    assert result["sessions"] == 3 and result["changes"] == 5 and result["cpu_s"] == 2.0
    assert result["errors"] == 2  # the failed change, and the session that never started
    assert result["p50_s"] == 0.3 and result["p95_s"] == 1.0  # nearest rank; the failure is not a time
    assert result["open_p50_s"] == 0.5 and result["reruns_per_s"] == 0.6
    assert result["error_samples"] == ["no script_finished within 60 s"]


def run_capacity(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "capacity.json"
    command = [sys.executable, "-m", "bench.capacity", "--json", str(out), "--seconds", "5", "--think", "0.3-0.6", *args]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=150, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "| sessions |" in completed.stdout  # the table
    return json.loads(out.read_text())


def check_result(result: dict, sessions: int) -> None:
    assert set(capacity.RESULT_KEYS) <= set(result)
    assert result["sessions"] == sessions
    assert result["errors"] == 0, result["error_samples"]
    assert result["opens"] == sessions
    assert result["changes"] >= sessions  # every reader changed the years at least once in 5 s
    assert 0 < result["p50_s"] <= result["p95_s"] < 30
    assert result["cpu_s"] > 0
    assert result["load_average_start"] and result["load_average_end"]


def test_a_tiny_run_against_a_real_server(tmp_path):
    check_result(run_capacity(tmp_path, "--sessions", "2"), 2)


def test_a_tiny_run_behind_haproxy_keeps_each_reader_on_one_process(tmp_path):
    """Two processes behind the proxy: the client checks, for every reader, that the page, its
    /_stcore requests and its websocket were answered by the same process (X-Dashboard-Replica),
    so zero errors means the sticky cookie held."""
    result = run_capacity(tmp_path, "--sessions", "4", "--replicas", "2")
    check_result(result, 4)
    assert result["server_processes"] == 2 and result["proxy"] == "haproxy"


def test_the_client_notices_a_reader_moved_to_another_process(tmp_path):
    from scripts.serve_replicas import Replicas

    with Replicas(2, log_dir=tmp_path / "logs") as replicas, requests.Session() as http:
        session = StreamlitSession(http, replicas.url, "timeline", timeout=60)
        session.connect()
        other = "r1" if session.replica == "r2" else "r2"
        session.close()
        http.cookies.set("dashboard_replica", other)  # as if the proxy had lost the reader
        with pytest.raises(ProtocolError, match="sticky cookie"):
            session.connect()


def test_the_server_skips_streamlits_full_collection_after_each_run():
    """The largest cost of a rerun under load was Streamlit's gc.collect(2) after every run
    (docs/PERFORMANCE.md, "Capacity"); the project's config turns it off."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False

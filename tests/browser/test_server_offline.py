"""A server that never calls out: started as `make run` does (the address from
.streamlit/config.toml), then every page visited, while strace records every connect() of the
server process and its threads. Nothing may go beyond loopback, and it listens on loopback only."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import ROOT, Guard, wait_for_app

PAGES = ["", "timeline", "missions", "programmes", "sources", "changes", "briefing"]
CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)(.*?)\}")
LOOPBACK = re.compile(r'inet_addr\("127\.\d+\.\d+\.\d+"\)|inet_pton\(AF_INET6, "::1"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def stop(traced: subprocess.Popen) -> None:
    """Stop the server inside strace: signal strace's child (the server), then strace ends with it."""
    try:
        children = Path(f"/proc/{traced.pid}/task/{traced.pid}/children").read_text().split()
    except OSError:
        children = []
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)  # a graceful stop under ptrace can hang; nothing to save
    try:
        traced.wait(timeout=30)
    except subprocess.TimeoutExpired:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        traced.kill()
        traced.wait(timeout=30)


def test_the_server_connects_to_nothing_beyond_loopback(browser, tmp_path):
    port, trace = free_port(), tmp_path / "connect.trace"
    # As `make run`: no --server.address, so .streamlit/config.toml decides (the port is free-picked here).
    command = [
        "strace",
        "-f",
        "-qq",
        "-e",
        "trace=connect",
        "-o",
        str(trace),
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.port",
        str(port),
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):  # noqa: S310 - loopback only
                    break
            except OSError:
                time.sleep(0.1)
        assert listening_addresses(port) == {"0100007F"}, listening_addresses(port)  # 127.0.0.1 only
        guard = Guard()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", guard.route)
        page = context.new_page()
        guard.attach(page)
        failed = []
        page.on("response", lambda response: failed.append((response.status, response.url)) if response.status >= 400 else None)
        for path in PAGES:
            page.goto(f"{url}/{path}")
            wait_for_app(page)
        context.close()
        guard.assert_clean()
        # Streamlit's frontend, opened at /timeline, cannot tell a page from a base URL path, so it
        # first asks /timeline/_stcore/health and /timeline/_stcore/host-config, gets 404 and then
        # uses the root: two harmless probes per sub-page opened cold, nothing else may fail.
        probes = {f"{url}/{path}/_stcore/{name}" for path in PAGES if path for name in ("health", "host-config")}
        assert [f for f in failed if f[1] not in probes or f[0] != 404] == []
    finally:
        stop(server)
    calls = CONNECT.findall(trace.read_text())
    outside = [f"{family}{rest}" for family, rest in calls if family not in ("AF_UNIX", "AF_UNSPEC") and not LOOPBACK.search(rest)]
    assert outside == [], outside


def test_the_connect_trace_sees_a_connection_attempt(tmp_path):
    """The control: the same strace command records a Python process's connect(), so an empty
    trace above means no attempt, not a blind tracer."""
    trace = tmp_path / "control.trace"
    probe = "import socket; s = socket.socket(); s.settimeout(1)\ntry: s.connect(('127.0.0.1', 9))\nexcept OSError: pass"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), sys.executable, "-c", probe], check=True, timeout=60)
    assert any('inet_addr("127.0.0.1")' in rest for _, rest in CONNECT.findall(trace.read_text()))

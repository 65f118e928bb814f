"""A server that never calls out: started as `make run` does (the address from
.streamlit/config.toml), then every page visited, while strace records every connect() of the
server process and its threads. Nothing may go beyond loopback, and it listens on loopback only."""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import ROOT, Guard, wait_for_app

PAGES = ["", "timeline", "missions", "programmes", "sources", "briefing"]
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
        for path in PAGES:
            page.goto(f"{url}/{path}")
            wait_for_app(page)
        context.close()
        guard.assert_clean()
    finally:
        server.terminate()
        server.wait(timeout=20)
    calls = CONNECT.findall(trace.read_text())
    assert calls, "strace saw no connect() at all: the check would prove nothing"
    outside = [f"{family}{rest}" for family, rest in calls if family not in ("AF_UNIX", "AF_UNSPEC") and not LOOPBACK.search(rest)]
    assert outside == [], outside

"""Several dashboard server processes behind HAProxy, in the foreground: `make serve-replicas N=2`
(`python -m scripts.serve_replicas N [--port 8501] [--address 127.0.0.1]`).

N `streamlit run dashboard/app.py` processes listen on 127.0.0.1, ports PORT+1 … PORT+N; HAProxy
(Debian's package, installed by scripts/ensure-haproxy.sh when missing) listens on ADDRESS:PORT
and sends each new reader to the process with the fewest connections, then keeps the reader
there with a cookie it inserts (`dashboard_replica`): the page, its `/_stcore/*` requests and its
websocket all reach the same process, which holds the reader's Streamlit session. Ctrl-C (or
SIGTERM) stops the proxy and every process. docs/DEPLOY.md explains the choices.

`Replicas` is also used by `python -m bench.capacity --replicas N`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ERROR_PAGE = DEPLOY / "503.http"
COOKIE = "dashboard_replica"


def haproxy_binary() -> str:
    found = os.environ.get("HAPROXY") or shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found:
        return found
    subprocess.run(["sh", str(ROOT / "scripts" / "ensure-haproxy.sh")], check=True)
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


def haproxy_config(bind: str, servers: list[tuple[str, str, int]], error_page: Path = ERROR_PAGE) -> str:
    """The local proxy's configuration: the same frontend and backend as deploy/haproxy.cfg, with
    one `server` line per process instead of a DNS template."""
    lines = [
        "# Written by scripts/serve_replicas.py; docs/DEPLOY.md explains every line.",
        "global",
        "    maxconn 4096",
        "",
        "defaults",
        "    mode http",
        "    timeout connect 5s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout http-request 10s",
        "    timeout tunnel 1h          # an open websocket: a reader's session",
        "    option redispatch          # a reader whose process is down goes to another",
        "    retries 2",
        f"    errorfile 503 {error_page}",
        "",
        "frontend dashboard",
        f"    bind {bind}",
        "    default_backend streamlit",
        "",
        "backend streamlit",
        "    balance leastconn          # a new reader goes to the process with the fewest open sessions",
        f"    cookie {COOKIE} insert indirect nocache httponly",
        "    option httpchk GET /_stcore/health",
        "    http-check expect status 200",
        "    http-response set-header X-Dashboard-Replica %s   # which process answered (checked by bench.capacity)",
    ]
    lines += [f"    server {name} {host}:{port} check inter 2s fall 2 rise 1 cookie {name}" for name, host, port in servers]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited early" + (f":\n{log.read_text()[-3000:]}" if log else ""))
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback or the chosen address
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:g} s")


def streamlit_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


class Replicas:
    """N server processes on 127.0.0.1 and HAProxy in front of them on `address:port`."""

    def __init__(
        self,
        count: int,
        port: int | None = None,
        address: str = "127.0.0.1",
        ports: list[int] | None = None,
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
    ):
        if count < 1:
            raise ValueError("at least one server process")
        self.count = count
        self.port = port or free_port()
        self.address = address
        self.ports = ports or [free_port() for _ in range(count)]
        self.env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="dashboard-replicas-"))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.url = f"http://{address}:{self.port}"
        self.processes: list[subprocess.Popen] = []
        self.proxy: subprocess.Popen | None = None
        self._logs: list = []

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def _log(self, name: str):
        handle = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self._logs.append(handle)
        return handle

    def start_replica(self, index: int) -> subprocess.Popen:
        process = subprocess.Popen(
            streamlit_command(self.ports[index]), cwd=ROOT, env=self.env, stdout=self._log(f"r{index + 1}"), stderr=subprocess.STDOUT
        )
        if index < len(self.processes):
            self.processes[index] = process
        else:
            self.processes.append(process)
        return process

    def start(self, timeout: float = 90) -> Replicas:
        try:
            for index in range(self.count):
                self.start_replica(index)
            for index, process in enumerate(self.processes):
                wait_http(f"http://127.0.0.1:{self.ports[index]}/_stcore/health", timeout, process, self.log_dir / f"r{index + 1}.log")
            servers = [(f"r{i + 1}", "127.0.0.1", port) for i, port in enumerate(self.ports)]
            self.config = self.log_dir / "haproxy.cfg"
            self.config.write_text(haproxy_config(f"{self.address}:{self.port}", servers), encoding="utf-8")
            binary = haproxy_binary()
            subprocess.run([binary, "-c", "-q", "-f", str(self.config)], check=True)
            self.proxy = subprocess.Popen([binary, "-db", "-f", str(self.config)], stdout=self._log("haproxy"), stderr=subprocess.STDOUT)
            wait_http(f"{self.url}/_stcore/health", 30, self.proxy, self.log_dir / "haproxy.log")
        except BaseException:
            self.stop()
            raise
        return self

    @staticmethod
    def _end(process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop(self) -> None:
        if self.proxy is not None:
            self._end(self.proxy)
        for process in self.processes:
            self._end(process)
        for handle in self._logs:
            handle.close()
        self._logs.clear()

    def __enter__(self) -> Replicas:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=2, help="server processes (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port; the processes use the next N ports (default 8501)")
    parser.add_argument("--address", default="127.0.0.1", help="the proxy's address (default 127.0.0.1; see README 'Serving a room')")
    args = parser.parse_args(argv)
    replicas = Replicas(args.count, port=args.port, address=args.address, ports=[args.port + 1 + i for i in range(args.count)])

    def _stop(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    print(f"starting {args.count} server processes on 127.0.0.1:{replicas.ports[0]}-{replicas.ports[-1]} and HAProxy on {replicas.url}")
    replicas.start()
    print(f"serving on {replicas.url} (logs and haproxy.cfg in {replicas.log_dir}); Ctrl-C stops everything")
    try:
        while True:
            time.sleep(1)
            if replicas.proxy is not None and replicas.proxy.poll() is not None:
                print(f"HAProxy exited (code {replicas.proxy.returncode}); stopping", file=sys.stderr)
                return 1
            for index, process in enumerate(replicas.processes):
                if process.poll() is not None:
                    print(f"server process r{index + 1} exited (code {process.returncode}); restarting it", file=sys.stderr)
                    replicas.start_replica(index)
    except KeyboardInterrupt:
        print("stopping")
    finally:
        replicas.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

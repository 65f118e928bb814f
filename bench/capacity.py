"""Capacity at the protocol level: `python -m bench.capacity --sessions N --seconds S --json OUT`.

Starts the dashboard itself (one `streamlit run` process, or with `--replicas R` R processes
behind HAProxy as `make serve-replicas` runs them), then drives N concurrent reader sessions
over Streamlit's own websocket protocol (bench/streamlit_client.py): each opens a page, reads
for a think time, changes the year filter, reads again, and so on. Locust schedules the readers
(bench/capacity_locust.py, run headless in a subprocess: users, spawn rate, run time, stop
timeout). The time of a change is from the rerun request sent to the server's `script_finished`.

Writes {"sessions", "changes", "errors", "p50_s", "p95_s", "cpu_s", ...} to OUT (a list of
them for several `--sessions` levels, each on a freshly started server) and prints a table.
`cpu_s` is the CPU time (user + system) of the server process(es) during the run, the proxy's
apart. Bounded: S seconds of load plus a stop timeout for the runs in flight, a hard limit on
the subprocess, and at most `--max-changes` changes per reader. Loopback only: every server
it starts listens on 127.0.0.1, and `--url` (a server already running) must be a loopback one.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "bench" / "capacity_locust.py"
OUT = ROOT / "bench" / "out"
STOP_TIMEOUT_S = 30  # runs in flight at the deadline may finish (and are counted) within this
RESULT_KEYS = ("sessions", "changes", "errors", "p50_s", "p95_s", "cpu_s")
# A reader looks at the redrawn timeline (dozens of milestones over 34 years, a hover for details)
# before the next change. docs/PERFORMANCE.md also measures readers twice as quick (4-8 s).
THINK = "10-20"


class NotLoopback(ValueError):
    pass


def require_loopback(url: str) -> str:
    """The URL, if its host is a loopback address or `localhost`; NotLoopback otherwise."""
    host = urlsplit(url).hostname
    if host is None:
        raise NotLoopback(f"no host in {url!r}")
    if host == "localhost":
        return url
    try:
        if ipaddress.ip_address(host).is_loopback:
            return url
    except ValueError:
        pass
    raise NotLoopback(f"refusing {host!r}: the capacity test only drives servers on this machine's loopback (127.0.0.0/8, ::1)")


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process so far (children excluded), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pids: list[int]) -> float | None:
    """Sum of the processes' peak resident memory (VmHWM)."""
    total = 0.0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    return total


def total_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):  # a process that has exited: its time is no longer readable
            total += cpu_seconds(pid)
    return total


class CpuSampler(threading.Thread):
    """Samples the servers' CPU time every `interval` s: the busiest second tells how many cores
    they used at the peak (one Python process holds the GIL: about 1 core of script work)."""

    def __init__(self, pids: list[int], interval: float = 1.0):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.samples: list[tuple[float, float]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.monotonic(), total_cpu(self.pids)))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.samples.append((time.monotonic(), total_cpu(self.pids)))

    def peak_cores(self) -> float | None:
        rates = [(c2 - c1) / (t2 - t1) for (t1, c1), (t2, c2) in zip(self.samples, self.samples[1:], strict=False) if t2 - t1 > 0.5]
        return max(rates) if rates else None


def summarize(raw: dict, sessions: int, seconds: float, cpu_s: float | None) -> dict:
    """The result of one level from the Locust file's raw samples."""
    samples = raw.get("samples", [])
    opens = [s for s in samples if s["kind"] == "open"]
    changes = [s for s in samples if s["kind"] == "change"]
    ok_changes = [s["s"] for s in changes if s["error"] is None]
    ok_opens = [s["s"] for s in opens if s["error"] is None]
    failed = [s for s in samples if s["error"] is not None]
    runs = len(ok_changes) + len(ok_opens)
    return {
        "sessions": sessions,
        "changes": len(ok_changes),
        "errors": len(failed) + max(0, sessions - raw.get("users_started", sessions)),
        "p50_s": percentile(ok_changes, 50),
        "p95_s": percentile(ok_changes, 95),
        "cpu_s": cpu_s,
        "max_s": max(ok_changes) if ok_changes else None,
        "mean_s": statistics.fmean(ok_changes) if ok_changes else None,
        "opens": len(ok_opens),
        "open_p50_s": percentile(ok_opens, 50),
        "open_p95_s": percentile(ok_opens, 95),
        "reruns_per_s": runs / seconds if seconds else None,
        "cpu_per_run_s": cpu_s / runs if cpu_s is not None and runs else None,
        "client_cpu_s": raw.get("client_cpu_s"),
        "error_samples": sorted({s["error"] for s in failed})[:10],
    }


def locust_command(url: str, sessions: int, seconds: float, args, samples: Path) -> list[str]:
    spawn_rate = args.spawn_rate or max(1.0, sessions / 10)
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(sessions),
        "--spawn-rate",
        f"{spawn_rate:g}",
        "--run-time",
        f"{seconds:g}s",
        "--stop-timeout",
        str(STOP_TIMEOUT_S),
        "--host",
        url,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        "--page",
        args.page,
        "--think",
        args.think,
        "--max-changes",
        str(args.max_changes),
        "--run-timeout",
        f"{args.run_timeout:g}",
        "--samples-out",
        str(samples),
    ]


def warm_up(urls: list[str], page: str) -> None:
    """One session per server process, not counted: the first run of a process loads the data."""
    import requests

    from bench.streamlit_client import StreamlitSession

    for url in urls:
        with requests.Session() as http:
            session = StreamlitSession(http, url, page=page, timeout=120)
            try:
                session.open()
                session.set_years(session.slider.minimum, session.slider.maximum - 1)
            finally:
                session.close()


GATED_APP = '''"""Written by `python -m bench.capacity --gate N`: dashboard/app.py, with at most N script runs at a
time in this process (the others wait their turn, blocked, instead of sharing the interpreter lock).
An experiment for docs/PERFORMANCE.md; the app itself does not do this."""
import os
import runpy
import sys
import threading
import types

gate = sys.modules.get("_dashboard_run_gate")
if gate is None:
    gate = sys.modules["_dashboard_run_gate"] = types.SimpleNamespace(slots=threading.BoundedSemaphore(int(os.environ["DASHBOARD_GATE"])))
with gate.slots:
    runpy.run_path({app!r}, run_name="__main__")
'''


def gated_app(slots: int) -> Path:
    """The wrapper script beside links to the app's pages and static files (Streamlit finds both
    next to the main script)."""
    folder = OUT / "gated"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("views", "static"):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(ROOT / "dashboard" / name)
    script = folder / "app.py"
    script.write_text(GATED_APP.format(app=str(ROOT / "dashboard" / "app.py")), encoding="utf-8")
    return script


class Servers:
    """What one level runs against: a fresh `streamlit run`, R replicas behind HAProxy, or a
    server already running at `--url` (then only the pids given are sampled)."""

    def __init__(self, args, level: int):
        self.args, self.level = args, level
        self.server = self.replicas = None
        self.proxy_pid: int | None = None

    def __enter__(self) -> Servers:
        args = self.args
        env = {"DASHBOARD_DATA_DIR": str(args.data)} if args.data else {}
        env.update(dict(item.split("=", 1) for item in args.env))
        if args.url:
            self.url, self.pids, self.direct = args.url.rstrip("/"), list(args.pid), [args.url.rstrip("/")]
        elif args.replicas:
            from scripts.serve_replicas import Replicas

            OUT.mkdir(parents=True, exist_ok=True)
            self.replicas = Replicas(args.replicas, env=env, log_dir=OUT / f"capacity-replicas-{self.level}").start()
            self.url, self.pids = self.replicas.url, self.replicas.pids
            self.direct = [f"http://127.0.0.1:{port}" for port in self.replicas.ports]
            self.proxy_pid = self.replicas.proxy.pid
        else:
            from bench.browser import DASHBOARD, Server

            script = DASHBOARD
            if args.gate:
                script, env["DASHBOARD_GATE"] = str(gated_app(args.gate)), str(args.gate)
            self.server = Server(script, env=env, log_name=f"capacity-{self.level}")
            try:
                self.server.wait_healthy(timeout=90)
            except BaseException:
                self.server.stop()
                raise
            self.url, self.pids, self.direct = self.server.url, [self.server.process.pid], [self.server.url]
        return self

    def __exit__(self, *_exc) -> None:
        if self.replicas is not None:
            self.replicas.stop()
        if self.server is not None:
            self.server.stop()


def start_profiler(args, pids: list[int], sessions: int) -> subprocess.Popen | None:
    """py-spy (a sampling profiler; dev requirement) on the first server process for the length of
    the run: only the thread holding the GIL is sampled, i.e. where the process's Python time goes.
    Collapsed stacks go to PROFILE-<sessions>.txt; `python -m bench.profile_summary FILE` reads them."""
    if not args.profile or not pids:
        return None
    path = args.profile.with_name(f"{args.profile.stem}-{sessions}{args.profile.suffix or '.txt'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    command = [
        "py-spy",
        "record",
        "--pid",
        str(pids[0]),
        "--duration",
        f"{int(args.seconds)}",
        "--rate",
        "100",
        "--gil",
        "--full-filenames",
    ]
    command += ["--format", "raw", "--output", str(path), "--nonblocking"]
    binary = Path(sys.executable).with_name("py-spy")
    command[0] = str(binary) if binary.exists() else command[0]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_level(sessions: int, args) -> dict:
    load_start = os.getloadavg()
    started = time.monotonic()
    with Servers(args, sessions) as servers:
        require_loopback(servers.url)
        warm_up(servers.direct, args.page)
        with tempfile.TemporaryDirectory(prefix="capacity-") as tmp:
            samples = Path(tmp) / "samples.json"
            command = locust_command(servers.url, sessions, args.seconds, args, samples)
            sampler = CpuSampler(servers.pids)
            cpu_before = total_cpu(servers.pids)
            proxy_before = total_cpu([servers.proxy_pid]) if servers.proxy_pid else None
            sampler.start()
            profiler = start_profiler(args, servers.pids, sessions)
            measured_from = time.monotonic()
            completed = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=args.seconds + STOP_TIMEOUT_S + 90, check=False
            )
            wall = time.monotonic() - measured_from
            sampler.stop()
            if profiler is not None:
                profiler.wait(timeout=60)
            cpu_s = total_cpu(servers.pids) - cpu_before if servers.pids else None
            proxy_cpu = total_cpu([servers.proxy_pid]) - proxy_before if servers.proxy_pid else None
            rss = peak_rss_mb(servers.pids) if servers.pids else None
            if not samples.exists():
                raise RuntimeError(f"locust wrote no samples (exit {completed.returncode}):\n{completed.stderr[-3000:]}")
            raw = json.loads(samples.read_text(encoding="utf-8"))
    result = summarize(raw, sessions, args.seconds, cpu_s)
    result.update(
        {
            "seconds": args.seconds,
            "wall_s": round(wall, 1),
            "think_s": args.think,
            "page": args.page,
            "server_processes": len(servers.pids) if servers.pids else None,
            "proxy": "haproxy" if args.replicas else None,
            "proxy_cpu_s": proxy_cpu,
            "server_peak_cores": sampler.peak_cores(),
            "server_peak_rss_mb": rss,
            "server_env": args.env,
            "gate": args.gate or None,
            "load_average_start": [round(x, 2) for x in load_start],
            "load_average_end": [round(x, 2) for x in os.getloadavg()],
            "duration_s": round(time.monotonic() - started, 1),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": " ".join(["python -m bench.capacity", *args.argv]),
        }
    )
    return result


def _s(value, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(results: list[dict]) -> str:
    lines = [
        "| sessions | processes | changes | errors | p50 s | p95 s | open p50 s | open p95 s | reruns/s | server CPU s | CPU/run ms "
        "| peak cores | load avg (1 min) start → end |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        processes = f"{r['server_processes']}" + (" + HAProxy" if r.get("proxy") else "")
        per_run = None if r["cpu_per_run_s"] is None else r["cpu_per_run_s"] * 1000
        lines.append(
            f"| {r['sessions']} | {processes} | {r['changes']} | {r['errors']} | {_s(r['p50_s'])} | {_s(r['p95_s'])} "
            f"| {_s(r['open_p50_s'])} | {_s(r['open_p95_s'])} | {_s(r['reruns_per_s'], 1)} | {_s(r['cpu_s'], 1)} | {_s(per_run, 0)} "
            f"| {_s(r['server_peak_cores'], 2)} | {r['load_average_start'][0]:.1f} → {r['load_average_end'][0]:.1f} |"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", required=True, help="concurrent reader sessions; several levels allowed")
    parser.add_argument("--seconds", type=float, default=60, help="seconds of load per level (default 60; at most 600)")
    parser.add_argument("--json", type=Path, required=True, help="write the results here")
    parser.add_argument("--replicas", type=int, default=0, help="R server processes behind HAProxy (default: one process, no proxy)")
    parser.add_argument(
        "--think",
        default=THINK,
        help=f"a reader's think time between changes, MIN-MAX seconds (default {THINK}; 4-8 is a stress profile)",
    )
    parser.add_argument("--page", default="timeline", help="page the readers open (default timeline)")
    parser.add_argument("--spawn-rate", type=float, default=0, help="readers arriving per second (default: all within 10 s)")
    parser.add_argument("--max-changes", type=int, default=100, help="filter changes per reader at most (default 100)")
    parser.add_argument("--run-timeout", type=float, default=60, help="a run without script_finished after this is an error")
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: data/)")
    parser.add_argument("--profile", type=Path, default=None, help="profile the (first) server process with py-spy into PROFILE-<N>.txt")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="environment of the server processes, e.g. for an A/B of a setting"
    )
    parser.add_argument(
        "--gate", type=int, default=0, help="experiment: let at most GATE script runs at a time in the (one) server process"
    )
    parser.add_argument("--url", default=None, help="drive a server already running here (loopback only) instead of starting one")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url: server pids whose CPU time to measure")
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    if args.url:
        try:
            require_loopback(args.url)
        except NotLoopback as exc:
            parser.error(str(exc))
    if args.gate and (args.replicas or args.url):
        parser.error("--gate applies to the one server process this command starts")
    if any("=" not in item for item in args.env):
        parser.error("--env takes KEY=VALUE")
    if not 0 < args.seconds <= 600:
        parser.error("--seconds must be in (0, 600]")
    if any(n < 1 or n > 1000 for n in args.sessions):
        parser.error("--sessions must be between 1 and 1000")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = []
    for sessions in args.sessions:
        print(
            f"capacity: {sessions} sessions for {args.seconds:g} s on "
            f"{f'{args.replicas} processes behind HAProxy' if args.replicas else (args.url or 'one server process')} "
            f"(/{args.page}, think {args.think} s; load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        results.append(run_level(sessions, args))
        print(table(results[-1:]).splitlines()[-1], flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results[0] if len(results) == 1 else results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    for r in results:
        for error in r["error_samples"]:
            print(f"  error at {r['sessions']} sessions: {error}")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

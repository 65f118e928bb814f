"""The scale-out parts (docs/DEPLOY.md): both HAProxy configurations pass `haproxy -c`, the
deployment's dynamic sticky cookie keeps a reader on one process, the 503 page is a whole HTTP
response, and the compose file, the Dockerfile and the files they name agree. Docker itself is not
needed (nor run) here."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import requests
import yaml

from scripts.serve_replicas import COOKIE, ERROR_PAGE, free_port, haproxy_binary, haproxy_config, wait_http

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def haproxy() -> str:
    return haproxy_binary()  # installs Debian's package when missing (scripts/ensure-haproxy.sh)


def deploy_config_for_loopback(tmp_path: Path, servers: list[int] | None = None) -> Path:
    """deploy/haproxy.cfg as it would run here: the 503 page from the repository, and, with
    `servers`, fixed loopback servers in place of the Docker DNS template (same cookie rules)."""
    text = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    text = text.replace("/etc/haproxy/errors/dashboard-503.http", str(ERROR_PAGE))
    if servers is not None:
        port = free_port()
        text = text.replace("bind :8080", f"bind 127.0.0.1:{port}")
        lines = "\n".join(f"    server r{i + 1} 127.0.0.1:{p} check inter 1s fall 2 rise 1" for i, p in enumerate(servers))
        text = re.sub(r"^    server-template .*$", lines, text, flags=re.M)
    path = tmp_path / "haproxy.cfg"
    path.write_text(text, encoding="utf-8")
    return path


def bound_url(config: Path) -> str:
    return "http://" + re.search(r"bind (\S+)", config.read_text())[1]


def test_the_deployment_config_is_valid(haproxy, tmp_path):
    completed = subprocess.run([haproxy, "-c", "-f", str(deploy_config_for_loopback(tmp_path))], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_local_config_is_valid(haproxy, tmp_path):
    config = tmp_path / "local.cfg"
    config.write_text(haproxy_config("127.0.0.1:8501", [("r1", "127.0.0.1", 8502), ("r2", "127.0.0.1", 8503)]), encoding="utf-8")
    completed = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_deployment_cookie_keeps_a_reader_on_one_process(haproxy, tmp_path):
    """Two stand-in backends (a health file served by http.server) behind deploy/haproxy.cfg's
    rules: a reader without the cookie gets one, and with it always reaches the same process."""
    (tmp_path / "www" / "_stcore").mkdir(parents=True)
    (tmp_path / "www" / "_stcore" / "health").write_text("ok")
    ports = [free_port(), free_port()]
    backends = [
        subprocess.Popen(
            [sys.executable, "-m", "http.server", str(p), "--bind", "127.0.0.1", "--directory", str(tmp_path / "www")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for p in ports
    ]
    config = deploy_config_for_loopback(tmp_path, ports)
    url = bound_url(config)
    proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for p in ports:
            wait_http(f"http://127.0.0.1:{p}/_stcore/health", 30)
        wait_http(f"{url}/_stcore/health", 30, proxy)
        time.sleep(2.5)  # both servers pass a health check
        seen = set()
        for _ in range(6):
            with requests.Session() as reader:
                first = reader.get(f"{url}/_stcore/health", timeout=5)
                assert COOKIE in reader.cookies, first.headers
                replica = first.headers["X-Dashboard-Replica"]
                seen.add(replica)
                for _ in range(5):
                    assert reader.get(f"{url}/_stcore/health", timeout=5).headers["X-Dashboard-Replica"] == replica
        assert seen == {"r1", "r2"}  # new readers are spread over both processes
    finally:
        for process in [proxy, *backends]:
            process.terminate()
            process.wait(timeout=10)


def test_with_no_process_up_the_proxy_answers_with_the_restart_page(haproxy, tmp_path):
    port = free_port()
    config = deploy_config_for_loopback(tmp_path, [port])  # nothing listens there
    url = bound_url(config)
    proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/timeline", timeout=5)  # noqa: S310 - loopback
            except urllib.error.HTTPError as error:
                if error.code == 503:
                    body = error.read().decode()
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the proxy never answered 503"
            time.sleep(0.3)
        assert "The dashboard is restarting" in body and 'http-equiv="refresh"' in body
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def test_the_503_page_is_a_whole_http_response():
    raw = ERROR_PAGE.read_bytes()
    head, _, body = raw.partition(b"\n\n")
    assert head.startswith(b"HTTP/1.0 503 ") and b"Content-Type: text/html; charset=utf-8" in head
    assert body.strip().startswith(b"<!DOCTYPE html>") and body.strip().endswith(b"</html>")


def test_compose_dockerfile_and_their_files_agree():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = set(re.findall(r"^FROM \S+ AS (\w+)$", dockerfile, flags=re.M))
    services = compose["services"]
    assert set(services) == {"app", "proxy"}
    for service in services.values():
        build = service["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == (DEPLOY / "Dockerfile").resolve()
        assert build["target"] in stages
    assert "ports" not in services["app"]  # only the proxy is reachable
    assert services["app"]["deploy"]["replicas"] >= 2
    assert all(port.startswith("127.0.0.1:") for port in services["proxy"]["ports"])  # loopback unless changed on purpose
    for source in re.findall(r"^COPY (\S+) ", dockerfile, flags=re.M):
        assert (ROOT / source).exists(), source
    config = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    assert "app:8501" in config and '--server.port", "8501"' in dockerfile
    assert f"cookie {COOKIE} insert" in config

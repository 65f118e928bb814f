"""What a reader sees when the server goes away or is saturated (ui/connection.py): a notice at the
top of the page instead of a page that silently greys out, a page that comes back by itself, a
reload that works, and behind the proxy a restart page rather than a browser error.

Streamlit's own "Connecting" and "Running…" signs are in the toolbar, which the project's
`client.toolbarMode = "minimal"` hides; without the notice the page just fades (screenshots in
docs/PERFORMANCE.md, "Capacity").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, ROOT, Server, wait_for_app

VIEW = "/timeline?years=2000&years=2010"
LOST = '[data-testid="dashConnectionLost"]'
BUSY = '[data-testid="dashServerBusy"]'
STATE_JS = "() => document.querySelector('[data-testid=\"stApp\"]').dataset.testConnectionState"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def wait_state(page, predicate: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        f"() => {{ const s = document.querySelector('[data-testid=\"stApp\"]').dataset.testConnectionState; return {predicate}; }}",
        timeout=timeout,
    )


def restart(server: Server) -> None:
    """The same `streamlit run` command on the same port, as after a crash and a restart."""
    server.log.close()
    server.log = open(server.log_path, "a")  # noqa: SIM115 - closed by server.stop()
    server.process = subprocess.Popen(server.process.args, cwd=ROOT, env=os.environ.copy(), stdout=server.log, stderr=subprocess.STDOUT)
    server._wait_healthy()


def test_a_killed_server_shows_the_notice_and_the_view_comes_back_when_it_restarts(guarded):
    page, guard = guarded
    server = Server(log_name="server-restart")
    try:
        page.goto(server.url + VIEW)
        wait_for_app(page)
        expect(page.locator(LOST)).to_be_hidden()
        expect(page.locator(BUSY)).to_be_hidden()

        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        wait_state(page, "s !== 'CONNECTED'")
        expect(page.locator(LOST)).to_be_hidden()  # a short gap shows nothing
        notice = page.locator(LOST)
        expect(notice).to_be_visible(timeout=10_000)
        expect(notice).to_contain_text("The connection to the dashboard's server was lost.")
        expect(notice).to_contain_text("reconnects by itself")
        link = notice.get_by_role("link", name="Reload the page")
        expect(link).to_be_visible()
        assert link.evaluate("a => a.href") == page.url  # the reload keeps the address, filters included
        shot(page, "connection-lost")

        restart(server)
        wait_state(page, "s === 'CONNECTED'", timeout=60_000)  # the frontend reconnects by itself
        expect(notice).to_be_hidden(timeout=10_000)
        wait_for_app(page)
        expect(page.get_by_text("Showing 2000–2010")).to_be_visible()  # the page reran with its filters

        page.reload()
        wait_for_app(page)
        assert "years=2000" in page.url and "years=2010" in page.url
        expect(page.get_by_text("Showing 2000–2010")).to_be_visible()
        expect(page.locator(LOST)).to_be_hidden()
        assert guard.blocked == []
    finally:
        server.stop()


def test_behind_the_proxy_a_reload_while_the_process_is_down_shows_the_restart_page_then_the_view(guarded, tmp_path):
    """The notice's reload link, clicked while the only process is down: HAProxy's restart page
    (deploy/503.http), which retries every 5 s and opens the same address once the process is back."""
    from scripts.serve_replicas import Replicas

    page, guard = guarded
    with Replicas(1, log_dir=tmp_path / "replicas") as replicas:
        page.goto(replicas.url + VIEW)
        wait_for_app(page)
        replicas.processes[0].send_signal(signal.SIGKILL)
        replicas.processes[0].wait()
        notice = page.locator(LOST)
        expect(notice).to_be_visible(timeout=15_000)
        notice.get_by_role("link", name="Reload the page").click()
        expect(page.get_by_role("heading", name="The dashboard is restarting")).to_be_visible(timeout=15_000)
        shot(page, "connection-restart-page")
        replicas.start_replica(0)
        # The restart page reloads itself every 5 s; the process needs a few seconds to start.
        page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        wait_for_app(page)
        assert page.url == replicas.url + VIEW
        expect(page.get_by_text("Showing 2000–2010")).to_be_visible()
        assert guard.blocked == []


def test_the_busy_notice_shows_only_when_a_run_lasts_more_than_three_seconds(guarded):
    """The notice's rule, driven through the state the frontend keeps on its root element: a run
    that the server has reported started and not finished for 3 s shows it, a shorter one not."""
    page, guard = guarded
    server = Server(log_name="server-busy-rule")
    try:
        page.goto(server.url + VIEW)
        wait_for_app(page)
        busy = page.locator(BUSY)
        set_state = "s => document.querySelector('[data-testid=\"stApp\"]').setAttribute('data-test-script-state', s)"
        page.evaluate(set_state, "running")
        page.wait_for_timeout(1500)
        expect(busy).to_be_hidden()
        expect(busy).to_be_visible(timeout=3000)
        expect(busy).to_contain_text("The server is busy")
        expect(page.locator(LOST)).to_be_hidden()
        shot(page, "connection-busy")
        page.evaluate(set_state, "notRunning")
        expect(busy).to_be_hidden()
        assert guard.blocked == []
    finally:
        server.stop()


PAGE_DRAWN_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return !!main && !!main.querySelector('h1') && !!main.querySelector('.js-plotly-plot .main-svg')
    && !document.querySelector('[data-testid="stException"]');
}"""


def test_a_saturated_server_keeps_the_page_drawn_and_draws_the_change(guarded, tmp_path):
    """Real saturation: 60 protocol-level readers changing filters every 0.2–0.5 s (bench.capacity)
    keep one process far past what it can serve, while this reader moves the year slider. The
    page stays drawn all along (never blank, no error, no false 'connection lost'), and the change
    is drawn once the server gets to it."""
    page, guard = guarded
    server = Server(log_name="server-saturated")
    load = None
    try:
        page.goto(server.url + VIEW)
        wait_for_app(page)
        command = [sys.executable, "-m", "bench.capacity", "--url", server.url, "--sessions", "60", "--seconds", "15"]
        command += ["--think", "0.2-0.5", "--spawn-rate", "30", "--json", str(tmp_path / "load.json")]
        load = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(5)  # the readers have opened their sessions and keep the server busy
        page.get_by_role("slider").first.focus()
        page.keyboard.press("ArrowRight")
        started = time.monotonic()
        changed = page.get_by_text("Showing 2001–2010")
        while not changed.is_visible():
            assert page.evaluate(PAGE_DRAWN_JS), "the page lost its content while the server was saturated"
            assert not page.locator(LOST).is_visible(), "a busy server is not a lost connection"
            assert time.monotonic() - started < 60, "the change was not drawn within 60 s"
            page.wait_for_timeout(250)
        load.wait(timeout=120)
        load = None
        wait_for_app(page)
        expect(page.locator(BUSY)).to_be_hidden()
        assert guard.blocked == []
    finally:
        if load is not None:
            load.terminate()
            load.wait(timeout=60)
        server.stop()

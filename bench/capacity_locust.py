"""Locust file for `python -m bench.capacity` (run by it as `locust -f bench/capacity_locust.py
--headless ...`; Locust does the scheduling: users, spawn rate, run time, stop timeout).

Each Locust user is one reader: it opens a page at the protocol level (bench/streamlit_client.py),
reads for a think time, then changes the year filter, reads again, and so on, at most
`--max-changes` times. Every open and every change is reported to Locust as a request
("WS open /<page>", "WS change years"), and its time is from the BackMsg sent to the server's
script_finished. At the end the raw times go to `--samples-out` (JSON), with the client's own CPU
time, so that bench.capacity works out exact percentiles rather than Locust's rounded ones.
"""

from __future__ import annotations

import json
import random
import resource
import time

from locust import HttpUser, events, task
from locust.exception import StopUser

from bench.streamlit_client import StreamlitSession

SAMPLES: list[dict] = []
STARTED = time.time()


@events.init_command_line_parser.add_listener
def _arguments(parser):
    parser.add_argument("--page", default="timeline", help="page to open (URL path, no slash)")
    parser.add_argument("--think", default="10-20", help="think time between changes, MIN-MAX seconds")
    parser.add_argument("--max-changes", type=int, default=200, help="filter changes per session at most")
    parser.add_argument("--run-timeout", type=float, default=60, help="longest wait for one run's script_finished")
    parser.add_argument("--samples-out", default="", help="write the raw samples here (JSON) at the end")
    parser.add_argument("--seed", type=int, default=17, help="seed of the readers' choices")


def _think_range(options) -> tuple[float, float]:
    low, _, high = str(options.think).partition("-")
    return float(low), float(high or low)


def _record(environment, kind: str, name: str, started: float, seconds: float, error: Exception | None, size: int = 0) -> None:
    SAMPLES.append({"kind": kind, "t": round(started - STARTED, 3), "s": seconds, "error": None if error is None else str(error)[:300]})
    environment.events.request.fire(
        request_type="WS",
        name=name,
        response_time=seconds * 1000,
        response_length=size,
        exception=error,
        context={},
    )


class Reader(HttpUser):
    """A reader of one page: opens it, then changes the year range every few seconds."""

    number = 0

    def wait_time(self):
        low, high = _think_range(self.environment.parsed_options)
        return self.rng.uniform(low, high)

    def on_start(self):
        options = self.environment.parsed_options
        Reader.number += 1
        self.rng = random.Random(options.seed * 1000 + Reader.number)
        self.changes = 0
        self.session = StreamlitSession(self.client, self.host, page=options.page, timeout=options.run_timeout, named=True)
        started = time.time()
        clock = time.perf_counter()
        try:
            result = self.session.open()
        except Exception as exc:  # any failure to open is this reader's error, reported to Locust
            _record(self.environment, "open", f"WS open /{options.page}", started, time.perf_counter() - clock, exc)
            self.session.close()
            raise StopUser() from exc
        _record(self.environment, "open", f"WS open /{options.page}", started, result.seconds, None, result.bytes)
        self.wait()  # a reader looks at the page before touching a filter

    @task
    def change_years(self):
        options = self.environment.parsed_options
        if self.changes >= options.max_changes:
            raise StopUser()
        self.changes += 1
        slider = self.session.slider
        low = self.rng.randint(slider.minimum, slider.maximum - 1)
        high = self.rng.randint(low + 1, slider.maximum)
        started = time.time()
        clock = time.perf_counter()
        try:
            result = self.session.set_years(low, high)
        except Exception as exc:  # a timeout, a closed socket, an exception on the page
            _record(self.environment, "change", "WS change years", started, time.perf_counter() - clock, exc)
            self.session.close()
            raise StopUser() from exc
        _record(self.environment, "change", "WS change years", started, result.seconds, None, result.bytes)

    def on_stop(self):
        session = getattr(self, "session", None)
        if session is not None:
            session.close()


@events.quitting.add_listener
def _write_samples(environment, **_kwargs):
    path = environment.parsed_options.samples_out
    if not path:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"samples": SAMPLES, "client_cpu_s": usage.ru_utime + usage.ru_stime, "users_started": Reader.number}, out)

"""A Streamlit session at the protocol level, as the browser's frontend holds one (Streamlit 1.67).

What the frontend does, and so what this client does:

1. `GET /<page>?<query>` (index.html), `GET /_stcore/health` (which sets the `_streamlit_xsrf`
   cookie) and `GET /_stcore/host-config`, keeping every cookie (a proxy's sticky cookie too).
2. A websocket to `/_stcore/stream` with those cookies, `Origin` set to the page's origin and the
   subprotocols `streamlit, <xsrf cookie>`.
3. A `BackMsg.rerun_script` (`ClientState`) with the page's query string and page name (the URL
   path); later reruns carry the page's script hash instead, the query string the server last
   set (`page_info_changed`: the app writes its filters to the URL), the widget states, and the
   hashes of the cached messages it holds (`cached_message_hashes`).
4. `ForwardMsg`s until `script_finished`. A message the client said it holds comes back as a
   `ref_hash` and is taken from the cache; cacheable messages (`metadata.cacheable`) are kept,
   and, like the frontend, dropped when they have not been used for two runs.

A filter change is a rerun whose widget states hold the sidebar's year-range slider
(`key="f_years"`; its widget id is read from the slider element the server sends) with the new
range, as the browser sends it when a thumb is let go. Only that widget's state is sent: the
server keeps the others' values from the previous run.

The time of a run is from sending the BackMsg to receiving `script_finished` for it. Depends on
websocket-client and the protobuf classes the streamlit package ships; nothing else (the load
tool around it is bench/capacity_locust.py).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

YEARS_KEY = "f_years"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) bench.capacity (protocol-level Streamlit session)"
REPLICA_HEADER = "X-Dashboard-Replica"  # set by the proxy of scripts/serve_replicas.py
CACHE_RUNS = 2  # the frontend's cache keeps a message for two runs after its last use


class ProtocolError(Exception):
    """The server answered in a way a browser would not accept, or not in time."""


@dataclass
class RunResult:
    seconds: float
    messages: int = 0
    bytes: int = 0
    refs: int = 0
    status: int | None = None
    page: str | None = None
    exceptions: list[str] = field(default_factory=list)


@dataclass
class Slider:
    widget_id: str
    minimum: int
    maximum: int


class StreamlitSession:
    """One reader's session. `http` is a requests.Session (Locust's HttpSession is one); with
    `named`, each GET is given a `name=` for Locust's statistics."""

    def __init__(self, http, base_url: str, page: str = "timeline", query: str = "", timeout: float = 60, named: bool = False):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.page = page.strip("/")
        self.query_string = query.lstrip("?")
        self.timeout = timeout
        self.named = named
        self.ws: websocket.WebSocket | None = None
        self.page_script_hash = ""
        self.slider: Slider | None = None
        self._cache: dict[str, bytes] = {}
        self._last_used: dict[str, int] = {}
        self._runs = 0
        self.replica: str | None = None

    # -- HTTP and the websocket -------------------------------------------------------------

    def _get(self, path: str, name: str) -> None:
        extra = {"name": name} if self.named else {}
        response = self.http.get(self.base_url + path, timeout=self.timeout, headers={"User-Agent": USER_AGENT}, **extra)
        response.raise_for_status()
        self._served_by(response.headers.get(REPLICA_HEADER), path)

    def _served_by(self, replica: str | None, what: str) -> None:
        """Behind the proxy (scripts/serve_replicas.py), every answer names the process that gave
        it; a reader's page, its requests and its websocket must all come from one process."""
        if replica is None:
            return
        if self.replica is not None and replica != self.replica:
            raise ProtocolError(f"{what} was answered by {replica}, the page by {self.replica}: the sticky cookie did not hold")
        self.replica = replica

    def connect(self) -> None:
        path = "/" + self.page + (f"?{self.query_string}" if self.query_string else "")
        self._get(path, "GET page")
        self._get("/_stcore/health", "GET /_stcore/health")
        self._get("/_stcore/host-config", "GET /_stcore/host-config")
        cookies = self.http.cookies.get_dict()
        xsrf = cookies.get("_streamlit_xsrf")
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws = websocket.create_connection(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            timeout=self.timeout,
            origin=self.base_url,
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            cookie="; ".join(f"{k}={v}" for k, v in cookies.items()) or None,
            header=[f"User-Agent: {USER_AGENT}"],
            enable_multithread=False,
        )
        headers = {k.lower(): v for k, v in (self.ws.getheaders() or {}).items()}
        self._served_by(headers.get(REPLICA_HEADER.lower()), "the websocket")

    def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # closing a broken socket: nothing left to do
                self.ws.close(timeout=1)
            self.ws = None

    # -- runs ------------------------------------------------------------------------------

    def _back_msg(self, widgets: list | None) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.SetInParent()
        state.query_string = self.query_string
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page
        for widget in widgets or []:
            state.widget_states.widgets.add().CopyFrom(widget)
        state.cached_message_hashes.extend(self._cache)
        context = state.context_info
        context.url = f"{self.base_url}/{self.page}" + (f"?{self.query_string}" if self.query_string else "")
        context.timezone = "UTC"
        context.timezone_offset = 0
        context.locale = "en-US"
        context.color_scheme = "light"
        return msg

    def _receive(self, started: float) -> RunResult:
        assert self.ws is not None
        result = RunResult(seconds=0.0)
        deadline = started + self.timeout
        run = self._runs
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout:g} s")
            self.ws.settimeout(left)
            try:
                data = self.ws.recv()
            except websocket.WebSocketTimeoutException as exc:
                raise ProtocolError(f"no script_finished within {self.timeout:g} s") from exc
            if not isinstance(data, bytes):
                raise ProtocolError("a text frame on the stream (Streamlit sends binary protobufs)")
            result.messages += 1
            result.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                result.refs += 1
                cached = self._cache.get(msg.ref_hash)
                if cached is None:
                    raise ProtocolError(f"the server referred to a message the client does not hold ({msg.ref_hash})")
                self._last_used[msg.ref_hash] = run
                msg = ForwardMsg()
                msg.ParseFromString(cached)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = data
                self._last_used[msg.hash] = run
            if kind == "navigation":
                # The page this run shows (with st.navigation, new_session carries the main
                # script's hash): later reruns ask for it, as the frontend does.
                self.page_script_hash = msg.navigation.page_script_hash
                result.page = next((p.url_pathname for p in msg.navigation.app_pages if p.page_script_hash == self.page_script_hash), None)
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, result)
            elif kind == "script_finished":
                result.status = msg.script_finished
                result.seconds = time.perf_counter() - started
                return result

    def _element(self, element, result: RunResult) -> None:
        kind = element.WhichOneof("type")
        if kind == "slider" and element.slider.id.endswith("-" + YEARS_KEY):
            self.slider = Slider(element.slider.id, int(element.slider.min), int(element.slider.max))
        elif kind == "exception":
            result.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])

    def rerun(self, widgets: list | None = None) -> RunResult:
        if self.ws is None:
            raise ProtocolError("not connected")
        self._runs += 1
        msg = self._back_msg(widgets)
        started = time.perf_counter()
        self.ws.send_binary(msg.SerializeToString())
        result = self._receive(started)
        for digest, used in list(self._last_used.items()):
            if used < self._runs - CACHE_RUNS + 1:
                self._cache.pop(digest, None)
                del self._last_used[digest]
        self._check(result)
        return result

    def _check(self, result: RunResult) -> None:
        if result.page is not None and self.page and result.page != self.page:
            raise ProtocolError(f"the run showed /{result.page}, not /{self.page}")
        if result.exceptions:
            raise ProtocolError("the page shows an exception: " + "; ".join(result.exceptions))
        if result.status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            raise ProtocolError(f"script finished with status {ForwardMsg.ScriptFinishedStatus.Name(result.status)}")

    def open(self) -> RunResult:
        """Load the page as a browser does: HTTP, websocket, first run. The time is the first run's."""
        self.connect()
        result = self.rerun()
        if self.slider is None:
            raise ProtocolError(f"the page /{self.page} sent no year slider (key {YEARS_KEY!r})")
        return result

    def set_years(self, low: int, high: int) -> RunResult:
        """A filter change: the year slider moved to [low, high]."""
        if self.slider is None:
            raise ProtocolError("no year slider known")
        widget = WidgetState(id=self.slider.widget_id)
        widget.double_array_value.data.extend([float(low), float(high)])
        return self.rerun([widget])

"""Figures to static images, and HTML pages to PDF or PNG, offline, in one headless browser.

Every export drives one browser through kaleido (1.5, plotly's image library), which renders a
figure with the plotly.js that ships with plotly.py, MathJax switched off and the map's base layer
read from dashboard/static/geo/topojson (`plotly.io.defaults.topojson`), so nothing is fetched. The
same browser then prints the handout (`Browser.pdf`) or photographs the slide pages
(`Browser.screenshots`) through the DevTools protocol: one browser start per export, not two.

The browser is Debian's `chromium-headless-shell` (the "old headless" shell: no profile, no sign-in,
no update checks, no search-engine preconnect), installed by scripts/ensure-chromium.sh. The full
Chromium, started the same way, tries accounts.google.com, update.googleapis.com and a DNS
server within seconds of starting; the shell makes no connection at all beyond its own pipes
(tests/render/test_offline.py watches every connect() of an export). `DASHBOARD_EXPORT_BROWSER`
names another binary; with neither, kaleido looks for a Chrome or Chromium itself.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.render import geo
from dashboard.render.style import FONT_FAMILY, FONT_SIZE

BROWSER_ENV = "DASHBOARD_EXPORT_BROWSER"
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
TOPOJSON_URL = geo.BASE_LAYER_FILE.parent.as_uri() + "/"
# plotly's own to_image reads these; kaleido is handed the same folder below.
pio.defaults.topojson = TOPOJSON_URL
pio.defaults.mathjax = None
RENDER_TIMEOUT_S = 60
TABS = 2  # figures rendered side by side: one per core on the 2-core machines we run on


class ExportError(Exception):
    """An export could not be made (no browser, or the browser failed); the message says why."""


@dataclass(frozen=True)
class Chart:
    """A figure to render to fit a box of `width` x `height` CSS px, as a PNG at `scale`."""

    figure: go.Figure
    width: int
    height: int
    scale: float = 2.0
    font_size: float = 20.0  # the font the figure is meant to be read at


def browser_path() -> str | None:
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        return chosen
    return str(HEADLESS_SHELL) if HEADLESS_SHELL.exists() else None


# --------------------------------------------------------------------------------------------
# A figure laid out for a fixed box
# --------------------------------------------------------------------------------------------


def _natural_height(layout: dict) -> float:
    return float(layout.get("height") or 450)


def fitted_figure(chart: Chart) -> tuple[dict, int, int, float]:
    """(figure dict, layout width, layout height, scale) for `chart`.

    The builders size their rows in pixels for FONT_SIZE text, and squeezing a figure below its
    own height makes rows and labels overlap. So the font shrinks from `chart.font_size` towards
    FONT_SIZE as a figure needs more room, and a figure taller than the box even at FONT_SIZE is
    laid out at its own height and the box's aspect ratio and scaled down as a whole (the image
    keeps the same number of pixels). A vertical legend above the plot (the timeline's) moves to
    its right, where it takes width instead of height."""
    spec = chart.figure.to_dict()
    layout = spec.setdefault("layout", {})
    natural = _natural_height(layout)
    legend = layout.get("legend") or {}
    margin = dict(layout.get("margin") or {})
    if layout.get("showlegend", True) and legend.get("orientation") == "v" and float(legend.get("y", 1)) > 1:
        natural -= max(float(margin.get("t", 0)) - 16, 0)
        margin["t"] = 16
        margin["r"] = max(float(margin.get("r", 0)), 20)
        layout["legend"] = {**legend, "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"}
    aspect = chart.width / chart.height
    font = min(chart.font_size, max(FONT_SIZE, FONT_SIZE * chart.height / natural))
    height = chart.height if natural * font / FONT_SIZE <= chart.height else max(chart.height, round(natural))
    width = round(height * aspect)
    layout.update(
        width=width,
        height=height,
        autosize=False,
        margin=margin,
        template=None,
        font={**(layout.get("font") or {}), "family": FONT_FAMILY, "size": font},
    )
    layout.pop("datarevision", None)
    return spec, width, height, chart.scale * chart.width / width


# --------------------------------------------------------------------------------------------
# One browser for one export
# --------------------------------------------------------------------------------------------


class Browser:
    """A headless browser for one export, used synchronously:

    with Browser() as browser:
        pngs = browser.charts([...])
        pdf = browser.pdf(html)

    kaleido is asynchronous; its loop runs in a thread of its own, so callers (a CLI, a
    Streamlit script thread) need no event loop."""

    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._opening = None
        self._tmp = None

    def __enter__(self) -> Browser:
        """Starts the browser and returns at once: the caller describes its slides meanwhile, and
        the first call that needs the browser waits for it."""
        import kaleido  # imported here: only an export pays for it

        for name in ("choreographer", "kaleido", "logistro"):  # their errors reach us as exceptions
            logging.getLogger(name).setLevel(logging.CRITICAL)

        self._tmp = tempfile.TemporaryDirectory(prefix="briefing-")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="export-browser", daemon=True)
        self._thread.start()
        options = dict(n=TABS, mathjax=False, timeout=RENDER_TIMEOUT_S, enable_extensions=False)
        path = browser_path()
        if path:
            options["path"] = path
        self._opening = asyncio.run_coroutine_threadsafe(self._open(kaleido.Kaleido, options), self._loop)
        return self

    @staticmethod
    async def _open(factory, options):
        class OnePageKaleido(factory):
            async def _return_kaleido_tab(self, tab):
                # kaleido reloads its page (and so parses plotly.js, 4.6 MB, again) after every
                # figure; the figures of one export share it: about a third of the render time.
                # kaleido is pinned; tests/render/test_images.py renders a figure after another.
                await self.tabs_ready.put(tab)

        return await OnePageKaleido(**options).__aenter__()

    def _ready(self):
        if self._kaleido is None:
            from choreographer.errors import BrowserFailedError, ChromeNotFoundError

            try:
                self._kaleido = self._opening.result(timeout=RENDER_TIMEOUT_S)
            except (ChromeNotFoundError, BrowserFailedError) as exc:
                raise ExportError(
                    f"no headless browser could be started ({str(exc).splitlines()[0][:200]}); "
                    f"install chromium-headless-shell (sh scripts/ensure-chromium.sh) or set {BROWSER_ENV}"
                ) from None
        return self._kaleido

    def __exit__(self, *exc) -> None:
        try:
            if self._kaleido is None and self._opening is not None:
                # opened meanwhile, or failed: either way nothing may be left running, and the
                # error that matters is the caller's
                with contextlib.suppress(Exception):
                    self._kaleido = self._opening.result(timeout=RENDER_TIMEOUT_S)
            if self._kaleido is not None:
                self._call(self._kaleido.__aexit__(None, None, None))
        finally:
            self._stop()

    def _stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=RENDER_TIMEOUT_S * 4)

    def charts(self, charts: Sequence[Chart]) -> list[bytes]:
        """PNG bytes of each chart, in order."""

        kaleido = self._ready()

        async def render_all():
            jobs = []
            for chart in charts:
                spec, width, height, scale = fitted_figure(chart)
                opts = dict(format="png", width=width, height=height, scale=scale)
                jobs.append(kaleido.calc_fig(spec, opts=opts, topojson=TOPOJSON_URL))
            return await asyncio.gather(*jobs)

        return list(self._call(render_all())) if charts else []

    def _page_file(self, html: str) -> str:
        path = Path(self._tmp.name) / f"page-{threading.get_ident()}-{id(html)}.html"
        path.write_text(html, encoding="utf-8")
        return path.as_uri()

    async def _open_page(self, url: str, width: int | None = None, height: int | None = None):
        tab = await self._kaleido.create_tab("", width=width, height=height)
        await tab.send_command("Page.enable")
        loaded = tab.subscribe_once("Page.loadEventFired")
        await tab.send_command("Page.navigate", params={"url": url})
        await loaded
        return tab

    def pdf(self, html: str) -> bytes:
        """The HTML page printed to PDF (page size from its CSS @page rule)."""
        url = self._page_file(html)
        self._ready()

        async def print_page():
            tab = await self._open_page(url)
            try:
                response = await tab.send_command(
                    "Page.printToPDF", params={"printBackground": True, "preferCSSPageSize": True, "generateDocumentOutline": False}
                )
            finally:
                await self._kaleido.close_tab(tab)
            return _result(response, "data")

        return base64.b64decode(self._call(print_page()))

    def screenshots(self, html: str, width: int, height: int, count: int) -> list[bytes]:
        """PNGs of `count` pages of `width` x `height` px stacked one under the other in `html`."""
        url = self._page_file(html)
        self._ready()

        async def shoot():
            tab = await self._open_page(url, width, height)
            try:
                await tab.send_command(
                    "Emulation.setDeviceMetricsOverride", params={"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
                )
                shots = []
                for index in range(count):
                    clip = {"x": 0, "y": index * height, "width": width, "height": height, "scale": 1}
                    response = await tab.send_command(
                        "Page.captureScreenshot", params={"format": "png", "clip": clip, "captureBeyondViewport": True}
                    )
                    shots.append(base64.b64decode(_result(response, "data")))
            finally:
                await self._kaleido.close_tab(tab)
            return shots

        return self._call(shoot())


def _result(response: dict, key: str):
    if "error" in response:
        raise ExportError(f"the browser refused: {response['error'].get('message', response['error'])}")
    return response["result"][key]


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

"""Presenter mode: the time from a key press to the next slide shown, in the audience screen
(`/briefing?present=1`, the reveal.js deck), for the real `30-years` deck, chart drawn included.

`python -m bench.presenter` prints the steps; `make bench` records them (target 0.3 s a step).
"""

from __future__ import annotations

import statistics
import sys

from bench.browser import Server

DECK = "30-years"
TARGET_S = 0.3
# After a key press: reveal.js's 'slidechanged' fires; the step is done when the new slide's chart
# (if it has one) has drawn its SVG. Measured in the page, so the browser's own time is counted.
ARM_JS = """() => new Promise(resolve => {
  const t0 = performance.now();
  const handler = event => {
    Reveal.off('slidechanged', handler);
    const chart = event.currentSlide.querySelector('.chart');
    const done = () => resolve(performance.now() - t0);
    if (!chart) return requestAnimationFrame(() => done());
    const wait = () => chart.querySelector('.main-svg') ? requestAnimationFrame(() => done()) : setTimeout(wait, 5);
    wait();
  };
  Reveal.on('slidechanged', handler);
  Reveal.next();
})"""


def slide_steps(steps: int = 9) -> list[float]:
    from playwright.sync_api import sync_playwright

    server = Server("dashboard/app.py", log_name="presenter")
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{server.url}/briefing?deck={DECK}&slide=1&present=1")
            frame = page.frame_locator("iframe").first
            frame.locator("section.present").first.wait_for(timeout=90_000)
            handle = next(f for f in page.frames if f != page.main_frame)
            handle.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=60_000)
            times = [handle.evaluate(ARM_JS) / 1000 for _ in range(steps)]
            browser.close()
        return times
    finally:
        server.stop()


def main() -> int:
    times = slide_steps()
    median = statistics.median(times)
    print(f"presenter slide step: median {median:.3f} s, max {max(times):.3f} s ({', '.join(f'{t:.3f}' for t in times)})")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

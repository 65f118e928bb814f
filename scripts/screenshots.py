"""Take the README screenshots in real Chromium, external requests blocked: `python -m scripts.screenshots`.

Fails if any page loads anything from outside the machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Guard, Server, wait_for_app

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = {
    "overview": ("/", 1),
    "timeline": ("/timeline?years=1994&years=2010", 1),
    "missions": ("/missions", 2),
    "programmes": ("/programmes?programme=PfP&programme=PARP&programme=IPAP&programme=OCC&programme=DEEP&programme=ITPP", 2),
    "sources": ("/sources", 0),
    "briefing": ("/briefing?deck=30-years&slide=4", 1),
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    server = Server(log_name="screenshots")
    guard = Guard()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 960})
            context.route("**/*", guard.route)
            page = context.new_page()
            guard.attach(page)
            for name, (path, charts) in SHOTS.items():
                page.goto(server.url + path)
                wait_for_app(page, charts=charts)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"{name}: {OUT / f'{name}.png'}")
            browser.close()
    finally:
        server.stop()
    guard.assert_clean()
    return 0


if __name__ == "__main__":
    sys.exit(main())

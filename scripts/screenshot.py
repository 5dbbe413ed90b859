"""Take a 1280×900 screenshot of the directory page of a running Qiao with headless chromium.

Starts no server: point it at one that runs already, e.g.

    .venv/bin/python manage.py runserver 127.0.0.1:8000 &
    .venv/bin/python scripts/screenshot.py                      # → docs/screenshot-directory.png
    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8123 --output /tmp/shot.png

Uses Debian's chromium (``QIAO_CHROMIUM`` or ``--chromium`` for another path), never a
browser that ``playwright install`` would download.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "screenshot-directory.png"
VIEWPORT = {"width": 1280, "height": 900}
# The same flags as the browser tests: no sandbox in containers, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "base_url",
        nargs="?",
        default="http://127.0.0.1:8000",
        help="where Qiao runs (default: %(default)s)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="PNG to write (default: docs/screenshot-directory.png)",
    )
    parser.add_argument(
        "--path", default="/directory/", help="page to shoot (default: %(default)s)"
    )
    parser.add_argument(
        "--locale",
        default="zh-CN",
        help="browser language, which picks the page language (default: %(default)s)",
    )
    parser.add_argument(
        "--chromium",
        default=os.environ.get("QIAO_CHROMIUM") or "/usr/bin/chromium",
        help="chromium executable (default: $QIAO_CHROMIUM or /usr/bin/chromium)",
    )
    return parser.parse_args(argv)


def take_screenshot(*, url: str, output: Path, locale: str, chromium: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport=VIEWPORT, locale=locale)
            response = page.goto(url, wait_until="networkidle", timeout=30_000)
            if response is None or not response.ok:
                status = response.status if response else "no response"
                raise SystemExit(f"{url} answered {status}; not writing {output}.")
            page.screenshot(path=str(output), full_page=False)
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not os.access(args.chromium, os.X_OK):
        print(f"No chromium at {args.chromium}; set QIAO_CHROMIUM or --chromium.", file=sys.stderr)
        return 2
    url = args.base_url.rstrip("/") + args.path
    try:
        take_screenshot(url=url, output=args.output, locale=args.locale, chromium=args.chromium)
    except PlaywrightError as error:
        print(f"Could not take the screenshot of {url}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {args.output} ({VIEWPORT['width']}×{VIEWPORT['height']}) of {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

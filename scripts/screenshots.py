"""Screenshot gallery: every page at phone (390x844) and laptop (1280x900) size under docs/screenshots/.

Run with ``make screenshots`` (or ``python scripts/screenshots.py [--out DIR] [--check]``). It
seeds a throwaway SQLite journal (one person, an assessment, three weeks of diary), starts the
app on a free loopback port and opens each page in Debian's Chromium through Playwright. PNGs are
kept small: at most 1800 CSS px of each page (laptop ones halved), quantised to 64 colours. ``--check``
also prints, per page, the widest element, tap targets under 44 px, text in pictures under
12 px, and axe-core's serious or critical findings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

MAX_HEIGHT_PX = 1800
COLOURS = 64


def _shrink(path: Path, factor: int) -> None:
    from PIL import Image

    with Image.open(path) as img:
        img.load()
        small = img.convert("RGB").reduce(factor)
    small.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _check(page: object, tour: object) -> str:
    wide = page.evaluate(tour.OVERFLOW_JS)  # type: ignore[attr-defined]
    taps = page.evaluate(tour.TAP_JS, tour.MIN_TAP_PX)  # type: ignore[attr-defined]
    text = page.evaluate(tour.TEXT_JS)  # type: ignore[attr-defined]
    axe = tour.serious_violations(page)  # type: ignore[attr-defined]
    return (
        f"scroll {wide['scrollWidth']}/{wide['width']} {wide['wide'][:3]} | taps {taps['count']} "
        f"small {taps['n_small']} {taps['small'][:4]} | svg text {text['count']} min {text['smallest']:.1f} "
        f"{text['bad'][:3]} | axe {axe}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--check", action="store_true", help="print the phone checks per page")
    parser.add_argument("--only", default="", help="comma-separated page slugs")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    from tests.web import tour

    args.out.mkdir(parents=True, exist_ok=True)
    wanted = {s for s in args.only.split(",") if s}
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'journal.sqlite3'}"
        ids = tour.seed(db_url)
        with tour.serve(db_url) as base, sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
            )
            for size, (width, height) in tour.SIZES.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, reduced_motion="reduce"
                )
                page = context.new_page()
                for slug, path in tour.PAGES:
                    if wanted and slug not in wanted:
                        continue
                    tour.visit(page, base, ids, path)
                    if args.check:
                        print(f"{size:6} {slug:15} {_check(page, tour)}")
                    full = page.evaluate("document.documentElement.scrollHeight")
                    shot = args.out / f"{slug}-{size}.png"
                    clip = {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT_PX)}
                    page.screenshot(path=str(shot), full_page=True, clip=clip)
                    _shrink(shot, 1 if width < 600 else 2)
                context.close()
            browser.close()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

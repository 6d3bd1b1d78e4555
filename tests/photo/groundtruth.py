"""Measure the rendered ground-truth set before and after a simulated landmark correction.

"After correction" simulates a person dragging each landmark that is visibly off (more than
:data:`OFF_PX` from the true joint centre) onto it, with a placement error of :data:`HAND_SD_PX`
(seeded). The true joint centres are the 3D points of the scene projected by the render camera.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.photo import render

OFF_PX = 8.0
HAND_SD_PX = 2.0


@dataclass
class Row:
    scene: render.Scene
    found: bool
    before: dict[str, float | None] = field(default_factory=dict)
    after: dict[str, float | None] = field(default_factory=dict)
    moved: int = 0


def render_cached(scene: render.Scene, folder: Path) -> bytes:
    path = folder / f"{scene.name}.png"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render.render(scene))
    return path.read_bytes()


def _truth_points(scene: render.Scene, names: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    for name in names:
        if name in scene.joints:
            out[name] = render.project(scene, scene.joints[name])
    return out


def measure_scene(scene: render.Scene, folder: Path, seed: int = 0) -> Row:
    from psoas.errors import InputError
    from psoas.photo.detect import detect
    from psoas.photo.image import decode
    from psoas.photo.measure import measure_photo

    photo = decode(render_cached(scene, folder))
    try:
        found = detect(photo, lying=scene.view == "thomas")
    except InputError:
        return Row(scene, found=False)
    before = measure_photo(photo, scene.view, detection=found)
    rng = random.Random(f"{scene.name}-{seed}")
    fixes: dict[str, list[float]] = {}
    for name, (tx, ty) in _truth_points(scene, list(found.points)).items():
        if name == "nose":
            continue
        if math.dist((tx, ty), found.points[name]) > OFF_PX or found.confidence[name] < 0.5:
            fixes[name] = [tx + rng.gauss(0, HAND_SD_PX), ty + rng.gauss(0, HAND_SD_PX)]
    width, height = photo.size
    fixes = {k: [min(max(v[0], 0), width), min(max(v[1], 0), height)] for k, v in fixes.items()}
    after = measure_photo(photo, scene.view, corrections={"landmarks": fixes}, detection=found)
    return Row(scene, True, dict(before.reading.values), dict(after.reading.values), len(after.corrected))


def summary(rows: list[Row], angle: str) -> dict[str, Any]:
    """Detection rate, mean absolute and worst error for one angle, before and after correction."""
    out: dict[str, Any] = {"angle": angle, "n": len(rows)}
    for stage in ("before", "after"):
        errors = [
            abs(value - row.scene.truth[angle])
            for row in rows
            if (value := getattr(row, stage).get(angle)) is not None
        ]
        out[f"{stage}_rate"] = len(errors) / len(rows) if rows else 0.0
        out[f"{stage}_mae"] = sum(errors) / len(errors) if errors else None
        out[f"{stage}_worst"] = max(errors) if errors else None
    return out


def thomas_order(rows: list[Row], gap: float = 15.0) -> tuple[int, int, list[str]]:
    """Pairs of Thomas scenes (same knee) whose true hip angles differ by ``gap``: how many read in order."""
    by_key = {
        (r.scene.truth["hip_angle_deg"], r.scene.truth["knee_angle_deg"], r.scene.mirror): r for r in rows
    }
    good, total, wrong = 0, 0, []
    for (hip, knee, mirror), low in by_key.items():
        high = by_key.get((hip + gap, knee, mirror))
        if high is None:
            continue
        total += 1
        a, b = low.before.get("hip_angle_deg"), high.before.get("hip_angle_deg")
        if a is not None and b is not None and b > a:
            good += 1
        else:
            wrong.append(f"{low.scene.name} vs {high.scene.name}: {a} vs {b}")
    return good, total, wrong

"""The page's live angles (static/photo-angles.js) agree with psoas.photo (Python) on random landmark sets."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from tests.photo.figures import Pose, front_figure, side_figure, thomas_figure

from psoas.photo import angles, views

pytestmark = [pytest.mark.browser]

JS = Path(__file__).resolve().parents[2] / "src" / "psoas" / "web" / "static" / "photo-angles.js"
NAMES = [
    "nose", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
]  # fmt: skip


def _case(rng: random.Random) -> dict[str, Any]:
    view = rng.choice(["thomas", "side", "front"])
    pose = Pose(
        scale=rng.uniform(0.5, 8),
        rotation_deg=rng.uniform(-40, 40),
        dx=rng.uniform(0, 900),
        dy=rng.uniform(0, 900),
    )
    if view == "thomas":
        points, level = thomas_figure(
            rng.uniform(-40, 50), rng.uniform(0, 150), rng.choice(["left", "right"]), pose=pose
        )
    elif view == "side":
        args = (rng.uniform(-20, 30), rng.uniform(-20, 50), rng.uniform(-15, 60), rng.uniform(40, 120))
        points, level = side_figure(*args, facing=rng.choice([1, -1]), pose=pose)
    else:
        points, level = front_figure(*(rng.uniform(-15, 15) for _ in range(4)), pose=pose)
    jitter = rng.uniform(0, 40)
    points = {k: (x + rng.gauss(0, jitter), y + rng.gauss(0, jitter)) for k, (x, y) in points.items()}
    confidence = {n: rng.choice([0.2, 0.6, 0.9, 1.0]) for n in NAMES}
    if rng.random() < 0.3:
        level = None
    return {
        "view": view,
        "points": points,
        "confidence": confidence,
        "level": level,
        "side": rng.choice(["left", "right"]),
        "facing": rng.choice([None, 1, -1]),
    }


def _python(case: dict[str, Any]) -> dict[str, Any]:
    level = tuple(tuple(p) for p in case["level"]) if case["level"] else None
    side = angles.hanging_side(case["points"], level) if case["view"] == "thomas" else case["side"]
    reading = views.read_view(case["view"], case["points"], case["confidence"], side, level, case["facing"])  # type: ignore[arg-type]
    return {"side": side, "values": reading.values, "missing": sorted(reading.missing)}


def test_js_and_python_agree_on_500_random_landmark_sets(browser: Any) -> None:
    rng = random.Random(20261130)
    cases = [_case(rng) for _ in range(500)]
    page = browser.new_page()
    page.set_content("<!doctype html><title>angles</title>")
    page.add_script_tag(content=JS.read_text(encoding="utf-8"))
    got = page.evaluate(
        """cases => cases.map(c => {
             const A = window.PsoasAngles;
             const side = c.view === "thomas" ? A.hangingSide(c.points, c.level) : c.side;
             const r = A.read(c.view, c.points, c.confidence, side, c.level, c.facing);
             return {side: side, values: r.values, missing: Object.keys(r.missing).sort()};
           })""",
        json.loads(json.dumps(cases)),
    )
    page.close()
    measured = 0
    for case, js in zip(cases, got, strict=True):
        py = _python(case)
        assert js["side"] == py["side"], case
        py_missing = [m for m in py["missing"] if m not in views.CANNOT_FROM_PHOTO]
        assert js["missing"] == py_missing, case
        for name, value in py["values"].items():
            if value is None:
                assert js["values"][name] is None, (name, case)
            else:
                measured += 1
                assert js["values"][name] == pytest.approx(value, abs=1e-9), (name, case)
    assert measured > 500  # the comparison covered real numbers, not only "cannot be measured"

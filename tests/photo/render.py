"""Ground-truth photos: a capsule mannequin rendered with MuJoCo (offscreen, ``MUJOCO_GL=egl``).

Each scene is laid out from known angles with our own forward kinematics; the capsules are placed
with ``fromto`` in world coordinates, so the joint centres are known exactly. The camera looks
along +y at the sagittal plane (x forward, z up); the limbs of the near side lie in a plane
parallel to the image, so their angles in the picture equal the angles set. The true 2D joint
centres are projected with the same pinhole camera, for the "after correction" readings.

Scenes: the Thomas position (lying on a table, one knee hugged, the near leg hanging at a known
thigh angle and knee bend) and standing side views with a known head-forward offset and trunk lean.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

Vec = tuple[float, float, float]
WIDTH, HEIGHT = 960, 720
FOVY = 40.0
SKIN, SHIRT, TROUSERS = "0.87 0.68 0.55 1", "0.20 0.45 0.75 1", "0.25 0.25 0.30 1"


@dataclass
class Scene:
    """One rendered scene: what was set, the 3D joint centres, and the camera."""

    name: str
    view: str
    truth: dict[str, float]
    joints: dict[str, Vec]
    camera: Vec
    geoms: list[str] = field(default_factory=list)
    side: str = "left"
    mirror: bool = False  # shown mirrored: as if photographed from the other side (head to the right)


def _cap(a: Vec, b: Vec, r: float, rgba: str) -> str:
    return (
        f'<geom type="capsule" fromto="{a[0]:.4f} {a[1]:.4f} {a[2]:.4f} {b[0]:.4f} {b[1]:.4f} {b[2]:.4f}" '
        f'size="{r}" rgba="{rgba}"/>'
    )


def _sphere(c: Vec, r: float, rgba: str) -> str:
    return f'<geom type="sphere" pos="{c[0]:.4f} {c[1]:.4f} {c[2]:.4f}" size="{r}" rgba="{rgba}"/>'


def _at(p: Vec, deg: float, length: float) -> Vec:
    """A point ``length`` from p in the sagittal plane, ``deg`` counter-clockwise from +x (z up)."""
    a = math.radians(deg)
    return (p[0] + length * math.cos(a), p[1], p[2] + length * math.sin(a))


def _head(scene: Scene, centre: Vec, facing: int) -> None:
    g = scene.geoms
    g.append(_sphere(centre, 0.105, SKIN))
    g.append(_sphere((centre[0] + facing * 0.1, centre[1], centre[2] - 0.01), 0.025, SKIN))  # nose
    for dy in (-0.04, 0.04):
        g.append(
            _sphere((centre[0] + facing * 0.09, centre[1] + dy, centre[2] + 0.03), 0.014, "0.1 0.1 0.1 1")
        )
    g.append(_sphere((centre[0] - facing * 0.02, centre[1] - 0.1, centre[2]), 0.022, SKIN))  # ear


def _body(scene: Scene, pts: dict[str, Vec], facing: int) -> None:
    """Trunk, neck, head, two legs and two arms from the joint centres in ``pts``."""
    g = scene.geoms
    for s in ("left", "right"):
        g.append(_cap(pts[f"{s}_hip"], pts[f"{s}_shoulder"], 0.085, SHIRT))
        g.append(_cap(pts[f"{s}_hip"], pts[f"{s}_knee"], 0.065, TROUSERS))
        g.append(_cap(pts[f"{s}_knee"], pts[f"{s}_ankle"], 0.05, TROUSERS))
        g.append(_cap(pts[f"{s}_shoulder"], pts[f"{s}_elbow"], 0.045, SHIRT))
        g.append(_cap(pts[f"{s}_elbow"], pts[f"{s}_wrist"], 0.038, SKIN))
    neck_top = pts["head"]
    g.append(_cap(pts["neck"], neck_top, 0.045, SKIN))
    _head(scene, pts["head"], facing)


def _foot(scene: Scene, ankle: Vec, deg: float) -> None:
    scene.geoms.append(_cap(ankle, _at(ankle, deg, 0.17), 0.04, "0.15 0.15 0.15 1"))


def standing(head_forward_cm: float, lean_deg: float = 0.0, name: str | None = None) -> Scene:
    """Standing side view facing +x; the head moved forward by ``head_forward_cm`` over the shoulders."""
    hip_z, y_near, y_far = 0.92, -0.1, 0.1
    pts: dict[str, Any] = {}
    trunk = 90 - lean_deg
    for s, y in (("left", y_near), ("right", y_far)):
        hip = (0.0, y, hip_z)
        pts[f"{s}_hip"] = hip
        pts[f"{s}_shoulder"] = _at(hip, trunk, 0.5)
        pts[f"{s}_knee"] = _at(hip, -90, 0.45)
        pts[f"{s}_ankle"] = _at(pts[f"{s}_knee"], -90, 0.43)
        pts[f"{s}_elbow"] = _at(pts[f"{s}_shoulder"], -92, 0.28)
        pts[f"{s}_wrist"] = _at(pts[f"{s}_elbow"], -80, 0.26)
    shoulder_mid = _at((0.0, 0.0, hip_z), trunk, 0.5)
    pts["neck"] = shoulder_mid
    head = (shoulder_mid[0] + head_forward_cm / 100, 0.0, shoulder_mid[2] + 0.2)
    pts["head"] = head
    ear = (head[0] - 0.02, -0.1, head[2])
    truth_angle = math.degrees(math.atan2(ear[2] - shoulder_mid[2], ear[0] - shoulder_mid[0]))
    scene = Scene(
        name=name or f"standing_head{head_forward_cm:+.0f}cm_lean{lean_deg:+.0f}",
        view="side",
        truth={
            "ear_shoulder_angle_deg": truth_angle,
            "trunk_lean_deg": lean_deg,
            "head_forward_cm": head_forward_cm,
        },
        joints={**{k: v for k, v in pts.items() if isinstance(v, tuple)}, "left_ear": ear, "right_ear": ear},
        camera=(0.1, -3.3, 0.95),
    )
    _body(scene, pts, +1)
    for s in ("left", "right"):
        _foot(scene, pts[f"{s}_ankle"], 0)
    return scene


def thomas(hip_deg: float, knee_deg: float) -> Scene:
    """Lying on a table (top at 0.8 m), head towards -x, the near (left) leg hanging off the edge at x=0."""
    top = 0.8
    z = top + 0.09
    pts: dict[str, Any] = {}
    for s, y in (("left", -0.1), ("right", 0.1)):
        hip = (0.0, y, z)
        pts[f"{s}_hip"] = hip
        pts[f"{s}_shoulder"] = (-0.5, y, z)
    pts["left_knee"] = _at(pts["left_hip"], hip_deg, 0.45)
    pts["left_ankle"] = _at(pts["left_knee"], hip_deg - knee_deg, 0.43)
    pts["right_knee"] = _at(pts["right_hip"], 180 - 45, 0.45)  # hugged to the chest
    pts["right_ankle"] = _at(pts["right_knee"], -75, 0.43)
    for s in ("left", "right"):
        pts[f"{s}_elbow"] = _at(pts[f"{s}_shoulder"], 70, 0.28)
        pts[f"{s}_wrist"] = (
            pts["right_knee"][0] + 0.02,
            pts[f"{s}_shoulder"][1] * 0.5,
            pts["right_knee"][2] - 0.02,
        )
    pts["neck"] = (-0.5, 0.0, z)
    pts["head"] = (-0.72, 0.0, z + 0.03)
    scene = Scene(
        name=f"thomas_hip{hip_deg:+.0f}_knee{knee_deg:.0f}",
        view="thomas",
        truth={"hip_angle_deg": hip_deg, "knee_angle_deg": knee_deg},
        joints={**{k: v for k, v in pts.items() if isinstance(v, tuple)}},
        camera=(-0.15, -3.6, top + 0.05),
    )
    scene.geoms.append('<geom type="box" pos="-0.55 0 0.4" size="0.55 0.35 0.4" rgba="0.55 0.42 0.3 1"/>')
    # the face looks up: nose and eyes towards +z
    head = pts["head"]
    g = scene.geoms
    for s in ("left", "right"):
        g.append(_cap(pts[f"{s}_hip"], pts[f"{s}_shoulder"], 0.085, SHIRT))
        g.append(_cap(pts[f"{s}_hip"], pts[f"{s}_knee"], 0.065, TROUSERS))
        g.append(_cap(pts[f"{s}_knee"], pts[f"{s}_ankle"], 0.05, TROUSERS))
        g.append(_cap(pts[f"{s}_shoulder"], pts[f"{s}_elbow"], 0.045, SHIRT))
        g.append(_cap(pts[f"{s}_elbow"], pts[f"{s}_wrist"], 0.038, SKIN))
    _foot(scene, pts["left_ankle"], hip_deg - knee_deg + 90)
    _foot(scene, pts["right_ankle"], 15)
    g.append(_cap(pts["neck"], head, 0.045, SKIN))
    g.append(_sphere(head, 0.105, SKIN))
    g.append(_sphere((head[0], head[1], head[2] + 0.1), 0.025, SKIN))
    for dy in (-0.04, 0.04):
        g.append(_sphere((head[0] + 0.03, head[1] + dy, head[2] + 0.09), 0.014, "0.1 0.1 0.1 1"))
    g.append(_sphere((head[0] + 0.02, head[1] - 0.1, head[2]), 0.022, SKIN))
    return scene


def front(shoulder_deg: float, pelvis_deg: float, valgus_deg: float) -> Scene:
    """Standing, facing the camera (the person's left at +x): tilted shoulders and pelvis (+ = left
    side higher), both knees bent inwards by ``valgus_deg`` (the shank turned out below the knee)."""
    pts: dict[str, Any] = {}
    for joint, centre_z, half, tilt in (
        ("shoulder", 1.42, 0.19, shoulder_deg),
        ("hip", 0.92, 0.1, pelvis_deg),
    ):
        dz = half * math.sin(math.radians(tilt))
        dx = half * math.cos(math.radians(tilt))
        pts[f"left_{joint}"] = (dx, 0.0, centre_z + dz)
        pts[f"right_{joint}"] = (-dx, 0.0, centre_z - dz)
    for side, lateral in (("left", 1), ("right", -1)):
        hip = pts[f"{side}_hip"]
        knee = (hip[0], 0.0, hip[2] - 0.45)
        a = math.radians(valgus_deg)
        pts[f"{side}_knee"] = knee
        pts[f"{side}_ankle"] = (knee[0] + lateral * 0.43 * math.sin(a), 0.0, knee[2] - 0.43 * math.cos(a))
        shoulder = pts[f"{side}_shoulder"]
        pts[f"{side}_elbow"] = (shoulder[0] + lateral * 0.05, 0.0, shoulder[2] - 0.28)
        pts[f"{side}_wrist"] = (shoulder[0] + lateral * 0.07, 0.0, shoulder[2] - 0.54)
    neck = (
        (pts["left_shoulder"][0] + pts["right_shoulder"][0]) / 2,
        0.0,
        (pts["left_shoulder"][2] + pts["right_shoulder"][2]) / 2,
    )
    head = (neck[0], 0.0, neck[2] + 0.2)
    scene = Scene(
        name=f"front_sh{shoulder_deg:+.0f}_pe{pelvis_deg:+.0f}_va{valgus_deg:.0f}",
        view="front",
        truth={
            "shoulder_level_deg": shoulder_deg,
            "pelvis_level_deg": pelvis_deg,
            "left_knee_valgus_deg": valgus_deg,
            "right_knee_valgus_deg": valgus_deg,
        },
        joints={k: v for k, v in pts.items() if isinstance(v, tuple)},
        camera=(0.0, -3.3, 0.95),
    )
    g = scene.geoms
    g.append(_cap(pts["left_shoulder"], pts["right_shoulder"], 0.07, SHIRT))
    g.append(_cap(pts["left_hip"], pts["right_hip"], 0.08, TROUSERS))
    for side in ("left", "right"):
        g.append(_cap(pts[f"{side}_hip"], pts[f"{side}_shoulder"], 0.09, SHIRT))
        g.append(_cap(pts[f"{side}_hip"], pts[f"{side}_knee"], 0.065, TROUSERS))
        g.append(_cap(pts[f"{side}_knee"], pts[f"{side}_ankle"], 0.05, TROUSERS))
        g.append(_cap(pts[f"{side}_shoulder"], pts[f"{side}_elbow"], 0.045, SHIRT))
        g.append(_cap(pts[f"{side}_elbow"], pts[f"{side}_wrist"], 0.038, SKIN))
        ankle = pts[f"{side}_ankle"]
        g.append(_cap(ankle, (ankle[0], -0.15, ankle[2] - 0.02), 0.04, "0.15 0.15 0.15 1"))
    g.append(_cap(neck, head, 0.045, SKIN))
    g.append(_sphere(head, 0.105, SKIN))
    g.append(_sphere((head[0], -0.1, head[2] - 0.01), 0.025, SKIN))  # nose towards the camera
    for dx in (-0.04, 0.04):
        g.append(_sphere((head[0] + dx, -0.09, head[2] + 0.03), 0.014, "0.1 0.1 0.1 1"))
    for dx in (-0.1, 0.1):
        g.append(_sphere((head[0] + dx, 0.0, head[2]), 0.022, SKIN))  # ears
    return scene


def front_set() -> list[Scene]:
    return [
        front(sh, pe, va)
        for sh, pe, va in ((0, 0, 0), (6, 0, 0), (-6, 4, 0), (0, -5, 8), (4, 4, 12), (-4, -4, 4))
    ]


def _xml(scene: Scene) -> str:
    cx, cy, cz = scene.camera
    return f"""<mujoco>
<visual><global offwidth="{WIDTH}" offheight="{HEIGHT}"/><headlight ambient="0.45 0.45 0.45" diffuse="0.5 0.5 0.5"/></visual>
<asset><texture name="sky" type="skybox" builtin="flat" rgb1="0.93 0.93 0.9" rgb2="0.93 0.93 0.9" width="8" height="8"/></asset>
<worldbody>
<light pos="1 -3 4" dir="-0.2 0.6 -0.8" diffuse="0.5 0.5 0.5"/>
<geom type="plane" size="5 5 0.1" rgba="0.78 0.76 0.72 1"/>
<camera name="cam" pos="{cx} {cy} {cz}" xyaxes="1 0 0 0 0 1" fovy="{FOVY}"/>
{chr(10).join(scene.geoms)}
</worldbody>
</mujoco>"""


def project(scene: Scene, p: Vec) -> tuple[float, float]:
    """A world point in the rendered image's pixels (pinhole camera looking along +y)."""
    cx, cy, cz = scene.camera
    f = (HEIGHT / 2) / math.tan(math.radians(FOVY / 2))
    depth = p[1] - cy
    x = WIDTH / 2 + f * (p[0] - cx) / depth
    return (WIDTH - x if scene.mirror else x, HEIGHT / 2 - f * (p[2] - cz) / depth)


def render(scene: Scene) -> bytes:
    """The scene as PNG bytes."""
    import io

    os.environ.setdefault("MUJOCO_GL", "egl")
    import mujoco
    from PIL import Image

    model = mujoco.MjModel.from_xml_string(_xml(scene))
    data = mujoco.MjData(model)
    mujoco.mj_forward(model, data)
    renderer = mujoco.Renderer(model, HEIGHT, WIDTH)
    try:
        renderer.update_scene(data, camera="cam")
        pixels = renderer.render()
    finally:
        renderer.close()
    picture = Image.fromarray(pixels)
    if scene.mirror:
        picture = picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


THOMAS_HIPS = (-15, -10, -5, 0, 5, 10, 15, 20)
THOMAS_KNEES = (60, 90)


def mirrored(scene: Scene) -> Scene:
    """The same scene photographed from the other side (head to the right)."""
    scene.mirror = True
    scene.name += "_mirrored"
    return scene


def thomas_set() -> list[Scene]:
    """Every thigh angle and knee bend, with the head to the left and (mirrored) to the right."""
    return [thomas(h, k) for h in THOMAS_HIPS for k in THOMAS_KNEES] + [
        mirrored(thomas(h, k)) for h in THOMAS_HIPS for k in THOMAS_KNEES
    ]


def standing_set() -> list[Scene]:
    return [standing(cm, lean) for cm in (0, 5, 10, 15, 20) for lean in (0, 8)]

"""Side-view picture of a simulated posture: neutral and tight overlaid, main angles labelled."""

from __future__ import annotations

from collections.abc import Mapping

from psoas.draw import Figure, stick_figure_svg
from psoas.errors import SolverError
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG


def posture_svg(
    tightness: Mapping[str, float],
    *,
    height_cm: float = REFERENCE_HEIGHT_CM,
    mass_kg: float = REFERENCE_MASS_KG,
) -> str:
    """SVG of the neutral posture (solid) with the tight posture overlaid (dashed)."""
    from psoas.mechanics.forward import simulate

    neutral = simulate(None, height_cm=height_cm, mass_kg=mass_kg)
    tight = simulate(tightness, height_cm=height_cm, mass_kg=mass_kg)
    if not (neutral.solver.converged and tight.solver.converged):
        raise SolverError("no standing equilibrium to draw")
    figures = []
    for result, color, name in ((neutral, "#7f7f7f", "neutral"), (tight, "#c0392b", "tight")):
        p = result.posture
        points = _with_limbs(result.points_m, height_cm / 100.0)
        labels = {
            "hip": f"tilt {p['pelvic_tilt_deg']:.1f}°",
            "l3l4": f"lordosis {p['lumbar_lordosis_deg']:.1f}°",
            "knee": f"knee {p['knee_flexion_deg']:.1f}°",
            "tragus": f"ear-shoulder {p['ear_shoulder_angle_deg']:.1f}°",
        }
        figures.append(
            Figure(points, color=color, label=name, angle_labels=labels if name == "tight" else {})
        )
    desc = ", ".join(f"{k}={v:g}" for k, v in tightness.items() if v) or "none"
    n, t = neutral.posture, tight.posture
    lines = [
        f"grey solid: neutral; red dashed: tight ({desc})",
        f"pelvic tilt {n['pelvic_tilt_deg']:.1f}° → {t['pelvic_tilt_deg']:.1f}°, "
        f"hip flexion {n['hip_flexion_deg']:.1f}° → {t['hip_flexion_deg']:.1f}°",
    ]
    return stick_figure_svg(
        figures[0], overlay=[figures[1]], labels=lines, title="psoas posture model (side view)"
    )


def _with_limbs(points: Mapping[str, tuple[float, float]], height_m: float) -> dict[str, tuple[float, float]]:
    """Add drawing-only points: foot, hanging arm and the head centre (the model has no arms or feet)."""
    out = dict(points)
    ax, ay = out["ankle"]
    out["toe"] = (ax + 0.085 * height_m, ay)
    sx, sy = out["shoulder"]
    out["elbow"] = (sx, sy - 0.16 * height_m)
    out["wrist"] = (sx + 0.01 * height_m, sy - 0.31 * height_m)
    tx, ty = out["tragus"]
    out["head"] = (tx - 0.01 * height_m, ty + 0.03 * height_m)
    return out

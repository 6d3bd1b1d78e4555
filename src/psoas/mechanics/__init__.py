"""psoas.mechanics: a sagittal musculoskeletal model of the psoas chain (forward, Thomas test, inverse).

Public faces: :func:`simulate` (standing posture, loads and Thomas test for given muscle tightness),
:func:`moment_arms` (the model's moment-arm curves), :func:`infer_tightness` (posterior tightness from
measurements). Conventions: angles in degrees, + = flexion / anterior pelvic tilt / internal rotation;
tightness = fractional shortening of a muscle's resting length. Heavy modules (numpy, casadi) are imported
only when a function is called. See docs/mechanics.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psoas.mechanics.params import MUSCLES
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from psoas.mechanics.outputs import MomentArmTable, SimulationResult, TightnessPosterior

__all__ = ["MUSCLES", "infer_tightness", "moment_arms", "simulate"]


def simulate(
    tightness: Mapping[str, float] | None = None,
    *,
    height_cm: float = REFERENCE_HEIGHT_CM,
    mass_kg: float = REFERENCE_MASS_KG,
) -> SimulationResult:
    """Forward model; see :func:`psoas.mechanics.forward.simulate`."""
    from psoas.mechanics.forward import simulate as _simulate

    return _simulate(tightness, height_cm=height_cm, mass_kg=mass_kg)


def moment_arms() -> MomentArmTable:
    """Moment-arm curves; see :func:`psoas.mechanics.forward.moment_arms`."""
    from psoas.mechanics.forward import moment_arms as _moment_arms

    return _moment_arms()


def infer_tightness(measurements: Mapping[str, Any]) -> TightnessPosterior:
    """Inverse model; see :func:`psoas.mechanics.inverse.infer_tightness`."""
    from psoas.mechanics.inverse import infer_tightness as _infer

    return _infer(measurements)

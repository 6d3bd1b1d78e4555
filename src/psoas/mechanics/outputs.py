"""Result types of the posture model; ``to_dict()`` gives the public JSON contract (docs/mechanics.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

POSTURE_KEYS = (
    "pelvic_tilt_deg",
    "lumbar_lordosis_deg",
    "hip_flexion_deg",
    "knee_flexion_deg",
    "trunk_lean_deg",
    "head_forward_mm",
    "ear_shoulder_angle_deg",
)
LOAD_KEYS = (
    "l5s1_compression_n",
    "l5s1_shear_n",
    "iliopsoas_force_n",
    "hamstring_force_n",
    "knee_torsion_nm",
)


def _round(values: dict[str, float | None], digits: int = 3) -> dict[str, float | None]:
    return {k: (None if v is None else round(float(v), digits)) for k, v in values.items()}


@dataclass(frozen=True)
class SolverInfo:
    """How the forward solve went; ``converged`` is False when no equilibrium was found."""

    converged: bool
    iterations: int
    solve_ms: float
    max_residual_nm: float
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "converged": self.converged,
            "iterations": self.iterations,
            "solve_ms": round(self.solve_ms, 3),
        }


@dataclass(frozen=True)
class SimulationResult:
    """Standing posture, loads, hamstring length change and Thomas test for one tightness.

    Values are None when the solve did not converge (never a non-equilibrium posture).
    """

    posture: dict[str, float | None]
    loads: dict[str, float | None]
    lengths: dict[str, float | None]
    thomas: dict[str, float | None]
    solver: SolverInfo
    tightness: dict[str, float] = field(default_factory=dict)
    points_m: dict[str, tuple[float, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "posture": _round(self.posture),
            "loads": _round(self.loads),
            "lengths": _round(self.lengths),
            "thomas": _round(self.thomas),
            "solver": self.solver.to_dict(),
        }


@dataclass(frozen=True)
class MomentArmTable:
    """Moment arms (mm) over hip angles at knee 0; + = hip flexion, internal rotation, knee flexion."""

    hip_angles_deg: list[float]
    muscles: dict[str, dict[str, list[float]]]

    def to_dict(self) -> dict[str, Any]:
        return {"hip_angles_deg": list(self.hip_angles_deg), "muscles": self.muscles}


@dataclass(frozen=True)
class TightnessEstimate:
    """Posterior of one muscle's tightness on one side (fraction of resting length)."""

    mean: float
    interval_90: tuple[float, float]
    identifiability: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": round(self.mean, 4),
            "interval_90": [round(self.interval_90[0], 4), round(self.interval_90[1], 4)],
            "identifiability": round(self.identifiability, 4),
        }


@dataclass(frozen=True)
class TightnessPosterior:
    """Per muscle and side: mean, 90% interval and identifiability (posterior sd / prior sd)."""

    estimates: dict[str, dict[str, TightnessEstimate]]
    measurements_used: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {m: {side: e.to_dict() for side, e in sides.items()} for m, sides in self.estimates.items()}

"""Load and validate the versioned parameter data of the posture model.

Conventions (whole package): angles in degrees at the interface and radians inside the solver; lengths in
metres unless a name says ``_mm``; positive joint angle and positive moment arm = flexion (ankle:
dorsiflexion; hip rotation: internal). Every number in the data carries a ``source``; loading fails with an
:class:`~psoas.errors.AtlasError` naming the bad entry when one is missing or malformed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from psoas.errors import AtlasError

MUSCLES: Final[tuple[str, ...]] = (
    "psoas",
    "iliacus",
    "rectus_femoris",
    "hamstrings",
    "gluteus_maximus",
    "erector_spinae",
    "rectus_abdominis",
    "gastrocnemius",
    "soleus",
    "neck_extensors",
    "neck_flexors",
)
# leg muscles come in pairs (per-leg parameters); trunk and neck muscles are given for both sides together
LEG_MUSCLES: Final[frozenset[str]] = frozenset(
    {"psoas", "iliacus", "rectus_femoris", "hamstrings", "gluteus_maximus", "gastrocnemius", "soleus"}
)
JOINTS: Final[tuple[str, ...]] = ("ankle", "knee", "hip", "l5s1", "l3l4", "t12l1", "c7", "c0")
SEGMENTS: Final[tuple[str, ...]] = (
    "shank",
    "thigh",
    "pelvis",
    "lumbar_lower",
    "lumbar_upper",
    "thorax",
    "neck",
    "head",
)
ARM_JOINTS: Final[frozenset[str]] = frozenset(JOINTS) | {"hip_rotation"}


@dataclass(frozen=True)
class Arm:
    """A moment arm in metres as a polynomial in the angle (radians) of ``of_joint``: sum c[i] * x**i."""

    joint: str
    coeffs_m: tuple[float, ...]
    of_joint: str
    source: str

    def value_m(self, angle_rad: float) -> float:
        return sum(c * angle_rad**i for i, c in enumerate(self.coeffs_m))


@dataclass(frozen=True)
class Muscle:
    """One Hill-type unit (rigid tendon) with its moment arms."""

    name: str
    fmax_n: float
    l_opt_m: float
    pennation_deg: float
    l_norm_ref: float
    passive_strain: float
    arms: dict[str, Arm]


@dataclass(frozen=True)
class Params:
    """All numbers of the model: ``values[section][name][key] -> float`` plus the muscles."""

    version: str
    values: dict[str, dict[str, dict[str, float]]]
    muscles: dict[str, Muscle]
    l5s1_lines_deg: dict[str, float]

    def get(self, section: str, name: str, key: str) -> float:
        return self.values[section][name][key]


def _number(entry: Any, where: str) -> float:
    if not isinstance(entry, dict) or "value" not in entry or not str(entry.get("source", "")).strip():
        raise AtlasError(f"mechanics data: {where} must be a table with 'value' and a non-empty 'source'")
    value = entry["value"]
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise AtlasError(f"mechanics data: {where}.value must be a number, got {value!r}")
    return float(value)


def _numbers(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise AtlasError(f"mechanics data: {where} must be a table")
    return {key: _number(entry, f"{where}.{key}") for key, entry in table.items()}


def _fit_arm(joint: str, spec: Any, where: str) -> Arm:
    import numpy as np

    if not isinstance(spec, dict):
        raise AtlasError(f"mechanics data: {where} must be a table")
    of_joint = "hip" if joint == "hip_rotation" else joint
    if "value_mm" in spec:
        value = _number(spec["value_mm"], f"{where}.value_mm")
        return Arm(joint, (value / 1000.0,), of_joint, str(spec["value_mm"]["source"]))
    try:
        angles = [float(a) for a in spec["angles_deg"]]
        values = [float(v) for v in spec["values_mm"]]
        degree = int(spec["degree"])
        source = str(spec["source"])
    except (KeyError, TypeError, ValueError) as exc:
        raise AtlasError(f"mechanics data: {where} needs angles_deg, values_mm, degree and source") from exc
    if len(angles) != len(values) or len(angles) <= degree or not source.strip():
        raise AtlasError(
            f"mechanics data: {where}: need more points than the degree, equal lengths, a source"
        )
    coeffs = np.polynomial.polynomial.polyfit(np.radians(angles), np.asarray(values) / 1000.0, degree)
    return Arm(joint, tuple(float(c) for c in coeffs), of_joint, source)


def _muscle(name: str, table: Any) -> Muscle:
    where = f"muscles.{name}"
    if not isinstance(table, dict):
        raise AtlasError(f"mechanics data: {where} must be a table")
    keys = ("fmax_n", "l_opt_m", "pennation_deg", "l_norm_ref", "passive_strain")
    nums = {k: _number(table.get(k), f"{where}.{k}") for k in keys}
    arms_table = table.get("arms", {})
    unknown = set(arms_table) - ARM_JOINTS
    if unknown:
        raise AtlasError(f"mechanics data: {where}.arms has unknown joint(s) {sorted(unknown)}")
    arms = {j: _fit_arm(j, spec, f"{where}.arms.{j}") for j, spec in arms_table.items()}
    if nums["fmax_n"] <= 0 or nums["l_opt_m"] <= 0 or nums["passive_strain"] <= 0:
        raise AtlasError(f"mechanics data: {where}: fmax_n, l_opt_m and passive_strain must be positive")
    return Muscle(name, arms=arms, **nums)


def _read(name: str) -> dict[str, Any]:
    from psoas.knowledge.atlas import read_data

    return read_data("mechanics", name)


@cache
def load_params() -> Params:
    """Load ``params_v1.toml`` and ``muscles_v1.toml``, validated (cached)."""
    raw = _read("params_v1.toml")
    raw_m = _read("muscles_v1.toml")
    values: dict[str, dict[str, dict[str, float]]] = {}
    for section in ("segments", "joints"):
        values[section] = {n: _numbers(t, f"{section}.{n}") for n, t in raw.get(section, {}).items()}
    for section in ("reference_body", "posture", "tests"):
        values[section] = {"": _numbers(raw.get(section), section)}
    missing = [s for s in SEGMENTS if s not in values["segments"]] + [
        j for j in JOINTS if j not in values["joints"]
    ]
    if missing:
        raise AtlasError(f"mechanics data: missing segment/joint entries {missing}")
    muscles_raw = raw_m.get("muscles", {})
    absent = [m for m in MUSCLES if m not in muscles_raw]
    if absent:
        raise AtlasError(f"mechanics data: muscles missing {absent}")
    muscles = {m: _muscle(m, muscles_raw[m]) for m in MUSCLES}
    lines = {k.removesuffix("_deg"): v for k, v in _numbers(raw_m.get("l5s1_lines"), "l5s1_lines").items()}
    return Params(str(raw.get("version", "?")), values, muscles, lines)


def scalar(section: str, key: str) -> float:
    """A number of a flat section (reference_body, posture, tests)."""
    return load_params().values[section][""][key]

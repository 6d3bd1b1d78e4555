"""The trait side of the chain: did the pull itself change (Thomas angle, the engine's probability)?

Angles in degrees; the Thomas ``hip_angle_deg`` is + when the hanging thigh stays above horizontal,
so a fall is an improvement. A change counts only when it exceeds the minimum detectable change
at 90% confidence, ``MDC90 = 1.645 · √(SEM_before² + SEM_after²)``, each SEM that of the method used
(``data/traits.toml``, the same table the engine and ``psoas.compare`` read). The starting angle is
the assessment's (stored with method ``assessment``); its own method is not kept with the trial, so it
counts at the engine's default for intakes that do not say (the goniometer, the widest but one).
"""

from __future__ import annotations

import math
from typing import Any

Z_90 = 1.645
BASELINE = "assessment"
"""Method label of the starting angle, taken from the assessment's intake."""
BASELINE_METHOD = "goniometer"
"""The method the starting angle counts as (the engine's default for an intake that does not say)."""


def measurement_sem_deg(test: str, method: str = "inclinometer") -> float:
    """SEM of one measurement of ``test`` by ``method`` (degrees), from ``data/traits.toml``."""
    from psoas.reasoning.traits import method_sem_deg

    del test  # the Thomas test is the only home-measured pull so far
    return method_sem_deg(BASELINE_METHOD if method == BASELINE else method)


def minimum_detectable_change_deg(test: str, method: str = "inclinometer", before: str = BASELINE) -> float:
    """Smallest change between two measurements (``before``, then ``method``) beyond measurement error (90%)."""
    sem_a, sem_b = measurement_sem_deg(test, method), measurement_sem_deg(test, before)
    return Z_90 * math.sqrt(sem_a**2 + sem_b**2)


def trait_probability(result: dict[str, Any], cause: str, side: str) -> float | None:
    """The engine's probability of ``cause`` on ``side`` in an assessment result."""
    for item in result.get("causes") or []:
        if item.get("id") == cause and item.get("side") == side:
            return float(item["probability"])
    return None


def thomas_angle(intake: dict[str, Any], side: str) -> float | None:
    """The Thomas hip angle of ``side`` in an intake (None when not measured as an angle)."""
    entry = ((intake.get("tests") or {}).get("thomas") or {}).get(side)
    if isinstance(entry, dict) and entry.get("hip_angle_deg") is not None:
        return float(entry["hip_angle_deg"])
    return None


def retest_intake(
    intake: dict[str, Any], side: str, hip_angle_deg: float, method: str | None = None
) -> dict[str, Any]:
    """The assessment's intake with the re-measured Thomas angle (and its method) in place of the old one."""
    import copy

    new = copy.deepcopy(intake)
    thomas = new.setdefault("tests", {}).setdefault("thomas", {})
    old = thomas.get(side)
    entry = dict(old) if isinstance(old, dict) else {}
    entry["hip_angle_deg"] = float(hip_angle_deg)
    if method is not None:
        entry["method"] = method
    thomas[side] = entry
    return new


def rescore(
    intake: dict[str, Any], cause: str, side: str, hip_angle_deg: float, method: str | None = None
) -> float | None:
    """The engine's probability of the cause given the re-measured angle by ``method`` (same intake otherwise)."""
    import psoas

    result = psoas.assess(retest_intake(intake, side, hip_angle_deg, method)).to_dict()
    return trait_probability(result, cause, side)


def trait_change(
    before: dict[str, Any] | None, after: dict[str, Any] | None, test: str | None
) -> dict[str, Any]:
    """Compare two measurements ``{"at", "hip_angle_deg", "probability", "method"}``.

    ``verdict``: ``improved`` (the angle fell by more than the MDC), ``worse``, ``no_change``
    (within measurement error) or ``not_measured``.
    """
    if test is None:
        return {"test": None, "verdict": "not_measured", "reason": "no home test measures this pull"}
    if before is None or after is None or before.get("hip_angle_deg") is None:
        missing = (
            "the angle at the start" if before is None or before.get("hip_angle_deg") is None else "a re-test"
        )
        return {"test": test, "verdict": "not_measured", "reason": f"missing {missing}"}
    method = str(after.get("method") or "inclinometer")
    mdc = minimum_detectable_change_deg(test, method, str(before.get("method") or BASELINE))
    change = float(after["hip_angle_deg"]) - float(before["hip_angle_deg"])
    verdict = "improved" if change <= -mdc else "worse" if change >= mdc else "no_change"
    return {
        "test": test,
        "before": before,
        "after": after,
        "change_deg": round(change, 1),
        "mdc90_deg": round(mdc, 1),
        "sem_deg": measurement_sem_deg(test, method),
        "probability_change": None
        if before.get("probability") is None or after.get("probability") is None
        else round(float(after["probability"]) - float(before["probability"]), 3),
        "verdict": verdict,
    }

"""Before and after: did the release work? (``psoas.compare``, ``psoas compare``, ``POST /api/v1/compare``)

Given two intakes of the same person (say, before and after six weeks of stretching), report

- for each trait and condition, how its probability changed ("how likely you have it");
- for each measured angle taken both times on the same side, the change against the minimum detectable
  change of the methods used, ``MDC95 = 1.96 * sqrt(SEM_before^2 + SEM_after^2)`` (``1.96 * sqrt(2) * SEM``
  when the method stayed the same; SEMs in data/traits.toml). A change inside the MDC may be measurement
  error alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psoas.errors import InputError
from psoas.intake.schema import Intake, parse_intake

MIN_PROBABILITY_CHANGE = 0.005
"""Probability changes smaller than this are left out of the trait list (nothing moved)."""


@dataclass(frozen=True)
class Comparison:
    """The two assessments' differences: traits (probabilities) and angles (against the MDC)."""

    traits: list[dict[str, Any]] = field(default_factory=list)
    angles: list[dict[str, Any]] = field(default_factory=list)
    before_referral: str | None = None
    after_referral: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "traits": list(self.traits),
            "angles": list(self.angles),
            "referral": {"before": self.before_referral, "after": self.after_referral},
            "note": "A change smaller than the minimum detectable change may be measurement error alone; "
            "measure the same way, at the same time of day, each time.",
        }


def _parse(data: Any, what: str) -> Intake:
    if isinstance(data, Intake):
        return data
    try:
        return parse_intake(data)
    except InputError as exc:
        raise InputError(
            f"{what}.{exc.field}" if exc.field != "intake" else what, exc.reason, exc.allowed
        ) from None


def _trait_rows(before: Any, after: Any) -> list[dict[str, Any]]:
    old = {(c.id, c.side): c for c in before.causes}
    rows = []
    for c in after.causes:
        b = old.get((c.id, c.side))
        if b is None:
            continue
        change = c.probability - b.probability
        if abs(change) < MIN_PROBABILITY_CHANGE:
            continue
        rows.append(
            {
                "cause": c.id,
                "side": c.side,
                "label": c.label,
                "kind": c.kind,
                "before": round(b.probability, 4),
                "after": round(c.probability, 4),
                "change": round(change, 4),
            }
        )
    rows.sort(key=lambda r: (-abs(r["change"]), r["cause"], r["side"]))
    return rows


def _angle_rows(before: Intake, after: Intake) -> list[dict[str, Any]]:
    from psoas.assessment.pipeline import mdc95
    from psoas.reasoning.observations import collect_readings
    from psoas.reasoning.traits import load_trait_model

    model = load_trait_model()
    readings = {r.id: r for r in (*model.readings, *model.conditions)}
    old = {(m.reading, m.side): m for m in collect_readings(before, model)}
    rows = []
    for m in collect_readings(after, model):
        b = old.get((m.reading, m.side))
        if b is None or not _numeric(m.value) or not _numeric(b.value):
            continue
        sem_b = model.methods[b.method or "goniometer"].sem_deg
        sem_a = model.methods[m.method or "goniometer"].sem_deg
        change = float(m.value) - float(b.value)
        mdc = mdc95(sem_b, sem_a)
        reading = readings[m.reading]
        toward_normal = (reading.normal_mean - reading.affected_mean) * change > 0
        rows.append(
            {
                "reading": m.reading,
                "test": m.test,
                "field": m.field,
                "side": m.side,
                "reads": m.target,
                "before": float(b.value),
                "after": float(m.value),
                "change": round(change, 2),
                "method_before": b.method,
                "method_after": m.method,
                "mdc95_deg": round(mdc, 2),
                "exceeds_mdc": abs(change) > mdc,
                "direction": "none"
                if change == 0
                else ("toward normal" if toward_normal else "away from normal"),
            }
        )
    return rows


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compare(
    before: dict[str, Any] | str | bytes | Intake, after: dict[str, Any] | str | bytes | Intake
) -> Comparison:
    """Compare two intakes of one person; raises InputError naming ``before.<field>`` or ``after.<field>``.

    >>> import psoas
    >>> b = {"person": {"age": 40}, "tests": {"thomas": {"left": {"hip_angle_deg": 12}}}}
    >>> a = {"person": {"age": 40}, "tests": {"thomas": {"left": {"hip_angle_deg": -5}}}}
    >>> row = psoas.compare(b, a).angles[0]
    >>> row["change"], row["mdc95_deg"], row["exceeds_mdc"]
    (-17.0, 19.4, False)
    """
    from psoas.assessment.pipeline import assess

    first, second = _parse(before, "before"), _parse(after, "after")
    a, b = assess(first), assess(second)
    return Comparison(
        traits=_trait_rows(a, b),
        angles=_angle_rows(first, second),
        before_referral=a.referral.urgency if a.referral else None,
        after_referral=b.referral.urgency if b.referral else None,
    )

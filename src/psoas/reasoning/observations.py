"""Turn an intake into network evidence.

- Pain map: every region node is observed; marked regions (intensity > 0) are present, all others absent
  (a body map records where it does *not* hurt too).
- History: odds multipliers from the findings table become soft evidence ``[1, odds]`` on cause nodes,
  which multiplies their prior odds exactly; the shaped prior is reported as the cause's prior.
- Self-tests and posture: measured angles give soft evidence from a Gaussian measurement model
  (normal vs affected mean, shared sd, so the likelihood ratio is monotonic in the angle); pass/fail
  strings use the finding's sensitivity and specificity; yes/no observations are hard evidence.
- Symptom patterns are observed only where the related region hurts.

When :mod:`psoas.mechanics.evidence` is present, its model-derived distributions replace the table's
means and sd for the keys it provides (the posture model's likelihood, not a hand-set number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from psoas import vocab
from psoas.atlas import Atlas, Finding
from psoas.intake import Intake
from psoas.reasoning.network import Network

LEG_REGIONS = frozenset({"buttock", "thigh_back", "thigh_side", "shin", "calf", "ankle", "foot"})
PARESTHESIA = frozenset({"tingling", "numbness", "burning"})
DEFAULT_SENSITIVITY = 0.7
DEFAULT_SPECIFICITY = 0.7

# one-number self-tests: (intake test, finding it informs, field holding the measured value)
MEASURED_TESTS = (
    ("knee_extension_90_90", "ake_deficit", "deficit_deg"),
    ("straight_leg_raise", "slr_limited", "angle_deg"),
    ("hip_internal_rotation", "hip_ir_limited", "angle_deg"),
)

# posture-model keys (psoas.mechanics.evidence) -> findings they inform
MECHANICS_KEYS = {
    "thomas_hip_angle_deg": "thomas_hip",
    "thomas_knee_angle_deg": "thomas_knee",
    "knee_extension_deficit_deg": "ake_deficit",
    "pelvic_tilt_deg": "pelvic_tilt_measured",
    "lumbar_lordosis_deg": "lordosis_measured",
}


@dataclass(frozen=True)
class Gaussian:
    normal_mean: float
    affected_mean: float
    sd: float
    source: str = "table"

    def likelihood(self, value: float) -> list[float]:
        """[P(value | absent), P(value | present)], scaled so the larger is 1."""
        z0 = (value - self.normal_mean) / self.sd
        z1 = (value - self.affected_mean) / self.sd
        log0, log1 = -0.5 * z0 * z0, -0.5 * z1 * z1
        top = max(log0, log1)
        return [math.exp(log0 - top), math.exp(log1 - top)]


@dataclass
class Evidence:
    """Evidence for one query: hard states, soft likelihoods and the shaped priors."""

    hard: dict[str, int] = field(default_factory=dict)
    soft: dict[str, list[float]] = field(default_factory=dict)
    prior_odds: dict[str, float] = field(default_factory=dict)
    done_tests: set[tuple[str, str]] = field(default_factory=set)
    painful: set[tuple[str, str]] = field(default_factory=set)

    def as_pyagrum(self) -> dict[str, int | list[float]]:
        merged: dict[str, int | list[float]] = dict(self.soft)
        merged.update(self.hard)
        return merged


@cache
def _mechanics_distributions() -> dict[str, Gaussian]:
    try:
        from psoas.mechanics.evidence import finding_distributions  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("psoas.mechanics"):
            return {}
        raise
    out = {}
    for key, dist in finding_distributions().items():
        if key in MECHANICS_KEYS:
            out[MECHANICS_KEYS[key]] = Gaussian(
                float(dist.normal_mean), float(dist.affected_mean), float(dist.sd), source="posture model"
            )
    return out


def measurement_model(finding: Finding, sex: str | None = None) -> Gaussian:
    """The Gaussian measurement model of a measured finding (posture model first, then the table)."""
    assert finding.normal_mean is not None and finding.affected_mean is not None and finding.sd is not None
    table = Gaussian(float(finding.normal_mean), float(finding.affected_mean), float(finding.sd))
    model = _mechanics_distributions().get(finding.id, table)
    if sex in finding.normal_mean_by_sex:
        shift = finding.normal_mean_by_sex[sex] - table.normal_mean
        model = Gaussian(model.normal_mean + shift, model.affected_mean + shift, model.sd, model.source)
    return model


def shaped_prior_odds(atlas: Atlas, intake: Intake, cause: str, side: str) -> float:
    """Product of the history odds multipliers that apply to one cause on one side."""
    odds = 1.0
    for mod in atlas.modifiers:
        if mod.cause == cause and _modifier_applies(mod.when, intake, side):
            odds *= mod.odds
    return odds


def _modifier_applies(when: dict[str, Any], intake: Intake, side: str) -> bool:
    hist, age = intake.history, intake.person.age
    sitting = hist.sitting_hours_per_day
    checks: list[bool] = []
    if "sitting_hours_min" in when:
        checks.append(sitting is not None and sitting >= float(when["sitting_hours_min"]))
    if "sitting_hours_max" in when:
        checks.append(sitting is not None and sitting < float(when["sitting_hours_max"]))
    if "age_min" in when:
        checks.append(age >= float(when["age_min"]))
    if "age_max" in when:
        checks.append(age < float(when["age_max"]))
    if "activities" in when:
        checks.append(bool(set(hist.activities) & set(when["activities"])))
    if "injury_region" in when or "injury_mechanism" in when:
        inj = hist.injury
        ok = inj is not None and (side == "center" or side in vocab.sides_of(inj.region, inj.side))
        if ok and inj is not None and "injury_region" in when:
            ok = inj.region in when["injury_region"]
        if ok and inj is not None and "injury_mechanism" in when:
            ok = inj.mechanism in when["injury_mechanism"]
        checks.append(ok)
    return all(checks)


def build_evidence(atlas: Atlas, net: Network, intake: Intake) -> Evidence:
    """All evidence an intake gives, ready for pyAgrum."""
    ev = Evidence()
    for p in intake.pain:
        if p.intensity > 0:
            for side in p.body_sides:
                ev.painful.add((p.region, side))
    for key, name in net.region_nodes.items():
        ev.hard[name] = 1 if key in ev.painful else 0
    for (cause, side), name in net.cause_nodes.items():
        odds = shaped_prior_odds(atlas, intake, cause, side)
        ev.prior_odds[name] = odds
        if odds != 1.0:
            ev.soft[name] = [1.0, odds]
    _add_tests(atlas, net, intake, ev)
    _add_posture(atlas, net, intake, ev)
    _add_symptoms(net, intake, ev)
    return ev


def _result_likelihood(finding: Finding, result: str) -> list[float]:
    sens = finding.pass_fail.get("sensitivity", DEFAULT_SENSITIVITY)
    spec = finding.pass_fail.get("specificity", DEFAULT_SPECIFICITY)
    return [1.0 - spec, sens] if result == "positive" else [spec, 1.0 - sens]


def _observe_measure(
    atlas: Atlas, net: Network, ev: Evidence, fid: str, side: str, value: float | None, sex: str | None
) -> None:
    if value is None:
        return
    ev.soft[net.finding_nodes[(fid, side)]] = measurement_model(atlas.findings[fid], sex).likelihood(value)


def _add_tests(atlas: Atlas, net: Network, intake: Intake, ev: Evidence) -> None:
    tests, sex = intake.tests, intake.person.sex
    for side in vocab.BODY_SIDES:
        th = getattr(tests.thomas, side) if tests.thomas else None
        if th is not None:
            ev.done_tests.add(("thomas", side))
            _observe_result_or_measure(atlas, net, ev, "thomas_hip", side, th.hip_angle_deg, th.result, sex)
            _observe_measure(atlas, net, ev, "thomas_knee", side, th.knee_angle_deg, sex)
            if th.thigh_abducts is not None:
                ev.hard[net.finding_nodes[("thomas_abduction", side)]] = int(th.thigh_abducts)
        for test_id, fid, value_field in MEASURED_TESTS:
            sides = getattr(tests, test_id)
            reading = getattr(sides, side) if sides else None
            if reading is None:
                continue
            ev.done_tests.add((test_id, side))
            value = getattr(reading, value_field)
            _observe_result_or_measure(atlas, net, ev, fid, side, value, reading.result, sex)
        slr = getattr(tests.straight_leg_raise, side) if tests.straight_leg_raise else None
        if slr is not None and slr.reproduces_leg_pain is not None:
            ev.hard[net.finding_nodes[("slr_leg_pain", side)]] = int(slr.reproduces_leg_pain)


def _observe_result_or_measure(
    atlas: Atlas,
    net: Network,
    ev: Evidence,
    fid: str,
    side: str,
    value: float | None,
    result: str | None,
    sex: str | None,
) -> None:
    if value is not None:
        _observe_measure(atlas, net, ev, fid, side, value, sex)
    elif result is not None:
        ev.soft[net.finding_nodes[(fid, side)]] = _result_likelihood(atlas.findings[fid], result)


def _add_posture(atlas: Atlas, net: Network, intake: Intake, ev: Evidence) -> None:
    posture = intake.posture
    for fid, value in (
        ("forward_head_measured", posture.ear_shoulder_angle_deg),
        ("pelvic_tilt_measured", posture.pelvic_tilt_deg),
        ("lordosis_measured", posture.lumbar_lordosis_deg),
        ("trunk_lean_measured", posture.trunk_lean_deg),
    ):
        _observe_measure(atlas, net, ev, fid, "center", value, intake.person.sex)
    if posture.ear_shoulder_angle_deg is not None:
        ev.done_tests.add(("posture_photo", "center"))


UNREPORTED_IF_PRESENT = 0.5
"""Chance that a person with a symptom pattern does not tick it (an unticked box is weak evidence of "no")."""


def _report_symptom(ev: Evidence, name: str, reported: bool) -> None:
    if reported:
        ev.hard[name] = 1
    else:
        ev.soft[name] = [1.0, UNREPORTED_IF_PRESENT]


def _add_symptoms(net: Network, intake: Intake, ev: Evidence) -> None:
    pain = [p for p in intake.pain if p.intensity > 0]
    injury = intake.history.injury
    for side in vocab.BODY_SIDES:
        on_side = [p for p in pain if side in p.body_sides]
        legs = [p for p in on_side if p.region in LEG_REGIONS]
        if legs:
            _report_symptom(
                ev,
                net.finding_nodes[("leg_paresthesia", side)],
                any(PARESTHESIA & set(p.sensations) for p in legs),
            )
        knees = [p for p in on_side if p.region == "knee"]
        if knees:
            knee_injury = (
                injury is not None and injury.region == "knee" and side in vocab.sides_of("knee", injury.side)
            )
            mechanical = knee_injury or any(
                {"stairs", "running"} & set(p.worse_with) or "swelling" in p.sensations or p.onset == "injury"
                for p in knees
            )
            _report_symptom(ev, net.finding_nodes[("knee_mechanical", side)], mechanical)
        shoulders = [p for p in on_side if p.region == "shoulder"]
        if shoulders:
            _report_symptom(
                ev,
                net.finding_nodes[("shoulder_overhead", side)],
                any("overhead" in p.worse_with for p in shoulders),
            )
    if pain:
        _report_symptom(
            ev,
            net.finding_nodes[("sitting_aggravates", "center")],
            any({"sitting", "desk_work"} & set(p.worse_with) for p in pain),
        )

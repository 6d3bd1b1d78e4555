"""Turn an intake into evidence (engine v2).

- Self-test readings go through :mod:`psoas.reasoning.traits`, once each: flexibility traits get their
  posterior there (sides sharing a person-level component); conditions (hip joint, nerve root, forward head)
  get a likelihood ratio on their cause node.
- Pain map: only marked regions (intensity > 0) are observed, as "hurts". A region left unmarked is not
  evidence of anything, so it can never push a cause below its prior.
- History: odds multipliers from the findings table shape each cause's prior; the shaped prior is what
  ``prior`` reports.
- Symptom patterns are observed only where the related region hurts (a ticked box is a yes; an unticked box
  is weak evidence of no).
- Network evidence on a cause node is one likelihood vector ``[1, L]``: for a trait,
  ``L = posterior odds / atlas prior odds`` (so the network's prior for it equals the trait posterior); for a
  condition, the history odds times the readings' likelihood ratios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psoas.intake.schema import Intake
from psoas.knowledge import vocab
from psoas.knowledge.atlas import Atlas
from psoas.reasoning.network import Network
from psoas.reasoning.traits import TRAITS, Reading, TraitModel, load_trait_model, side_posteriors

LEG_REGIONS = frozenset({"buttock", "thigh_back", "thigh_side", "shin", "calf", "ankle", "foot"})
PARESTHESIA = frozenset({"tingling", "numbness", "burning"})


@dataclass(frozen=True)
class Measured:
    """One reading taken from the intake: which test, side and field, the value, the method, its ratio."""

    reading: str
    test: str
    side: str
    field: str
    target: str
    value: Any
    method: str | None
    likelihood_ratio: float


@dataclass
class QueryEvidence:
    """Evidence for one query: network evidence, trait posteriors and shaped priors."""

    hard: dict[str, int] = field(default_factory=dict)
    soft: dict[str, list[float]] = field(default_factory=dict)
    prior_odds: dict[str, float] = field(default_factory=dict)
    done_tests: set[tuple[str, str]] = field(default_factory=set)
    painful: set[tuple[str, str]] = field(default_factory=set)
    traits: dict[tuple[str, str], float] = field(default_factory=dict)
    trait_priors: dict[tuple[str, str], float] = field(default_factory=dict)
    readings: list[Measured] = field(default_factory=list)

    def as_pyagrum(self) -> dict[str, int | list[float]]:
        merged: dict[str, int | list[float]] = dict(self.soft)
        merged.update(self.hard)
        return merged

    def signature(self) -> tuple[Any, ...]:
        """A hashable summary of everything the network sees (for the engine's result cache)."""
        soft = tuple(sorted((k, round(v[1] / v[0], 9)) for k, v in self.soft.items()))
        traits = tuple(sorted((k, round(v, 12)) for k, v in self.traits.items()))
        priors = tuple(sorted((k, round(v, 12)) for k, v in self.trait_priors.items()))
        return (tuple(sorted(self.hard.items())), soft, traits, priors, tuple(sorted(self.done_tests)))


def shaped_prior_odds(atlas: Atlas, intake: Intake, cause: str, side: str) -> float:
    """Product of the history odds multipliers that apply to one cause on one side."""
    odds = 1.0
    for mod in _modifiers_by_cause(atlas).get(cause, ()):
        if _modifier_applies(mod.when, intake, side):
            odds *= mod.odds
    return odds


_BY_CAUSE: dict[int, dict[str, list[Any]]] = {}


def _modifiers_by_cause(atlas: Atlas) -> dict[str, list[Any]]:
    """The atlas's history modifiers grouped by cause (computed once per atlas)."""
    grouped = _BY_CAUSE.get(id(atlas))
    if grouped is None:
        grouped = {}
        for mod in atlas.modifiers:
            grouped.setdefault(mod.cause, []).append(mod)
        _BY_CAUSE[id(atlas)] = grouped
    return grouped


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


# ---- readings ------------------------------------------------------------------------------------------------
def _reading_sides(intake: Intake, test: str) -> list[tuple[str, Any]]:
    if test == "posture_photo":
        return [("center", intake.posture)]
    sides = getattr(intake.tests, test)
    return [(side, getattr(sides, side)) for side in vocab.BODY_SIDES if sides and getattr(sides, side)]


def _likelihood(
    model: TraitModel, reading: Reading, obs: Any, sex: str | None
) -> tuple[str, Any, float] | None:
    """(field read, value, capped likelihood ratio) of one reading on one side, or None when not taken."""
    if reading.ignore_if and getattr(obs, reading.ignore_if, None) is True:
        return None
    value = getattr(obs, reading.field_name, None)
    if value is not None and reading.kind == "yes_no":
        return (
            reading.field_name,
            value,
            model.binary_lr(reading.sensitivity, reading.specificity, bool(value)),
        )
    if value is not None:
        lr = model.angle_lr(reading, float(value), getattr(obs, "method", None), sex)
        return reading.field_name, value, lr
    result = getattr(obs, "result", None)
    if result is not None and reading.pass_fail is not None:
        return "result", result, model.binary_lr(*reading.pass_fail, result == "positive")
    return None


def collect_readings(intake: Intake, model: TraitModel | None = None) -> list[Measured]:
    """Every reading the intake holds, with its likelihood ratio on its trait or condition."""
    model = model or load_trait_model()
    out = []
    for reading in (*model.readings, *model.conditions):
        for side, obs in _reading_sides(intake, reading.test):
            found = _likelihood(model, reading, obs, intake.person.sex)
            if found is not None:
                field_read, value, lr = found
                method = getattr(obs, "method", None) or reading.default_method
                out.append(
                    Measured(reading.id, reading.test, side, field_read, reading.target, value, method, lr)
                )
    return out


def _done_tests(intake: Intake) -> set[tuple[str, str]]:
    done = set()
    for test in ("thomas", "knee_extension_90_90", "straight_leg_raise", "hip_internal_rotation"):
        done |= {(test, side) for side, _ in _reading_sides(intake, test)}
    if intake.posture.ear_shoulder_angle_deg is not None:
        done.add(("posture_photo", "center"))
    return done


def build_evidence(atlas: Atlas, net: Network, intake: Intake) -> QueryEvidence:
    """All evidence an intake gives, ready for pyAgrum, plus the trait posteriors."""
    model = load_trait_model()
    ev = QueryEvidence(done_tests=_done_tests(intake), readings=collect_readings(intake, model))
    for p in intake.pain:
        if p.intensity > 0:
            ev.painful.update((p.region, side) for side in p.body_sides)
    for key in ev.painful:
        ev.hard[net.region_nodes[key]] = 1
    lrs: dict[tuple[str, str], float] = {}
    for m in ev.readings:
        lrs[(m.target, m.side)] = lrs.get((m.target, m.side), 1.0) * m.likelihood_ratio
    for (cause, side), name in net.cause_nodes.items():
        ev.prior_odds[name] = shaped_prior_odds(atlas, intake, cause, side)
    _add_traits(atlas, net, ev, lrs, model)
    for (cause, side), name in net.cause_nodes.items():
        if cause in TRAITS:
            continue
        odds = ev.prior_odds[name] * lrs.get((cause, side), 1.0)
        if odds != 1.0:
            ev.soft[name] = [1.0, odds]
    _add_symptoms(net, intake, ev)
    return ev


def _add_traits(
    atlas: Atlas, net: Network, ev: QueryEvidence, lrs: dict[tuple[str, str], float], model: TraitModel
) -> None:
    for trait in TRAITS:
        base = atlas.causes[trait].prior
        priors = {}
        for side in vocab.BODY_SIDES:
            odds = base / (1.0 - base) * ev.prior_odds[net.cause_nodes[(trait, side)]]
            priors[side] = odds / (1.0 + odds)
        post = side_posteriors(priors, {s: lrs.get((trait, s), 1.0) for s in priors}, model.side_correlation)
        for side in vocab.BODY_SIDES:
            ev.trait_priors[(trait, side)] = priors[side]
            ev.traits[(trait, side)] = post[side]
            ratio = _odds(post[side]) / _odds(base)
            if ratio != 1.0:
                ev.soft[net.cause_nodes[(trait, side)]] = [1.0, ratio]


def _odds(p: float) -> float:
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return p / (1.0 - p)


UNREPORTED_IF_PRESENT = 0.5
"""Chance that a person with a symptom pattern does not tick it (an unticked box is weak evidence of "no")."""


def _report_symptom(ev: QueryEvidence, name: str, reported: bool) -> None:
    if reported:
        ev.hard[name] = 1
    else:
        ev.soft[name] = [1.0, UNREPORTED_IF_PRESENT]


def _add_symptoms(net: Network, intake: Intake, ev: QueryEvidence) -> None:
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

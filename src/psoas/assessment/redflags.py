"""Red-flag screening: runs before any ranking (research/evidence.md §2).

A flag means "a clinician should look", not a diagnosis: screening questions have a low positive
predictive value. The gate returns the most urgent :class:`~psoas.assessment.result_types.Referral` or ``None``.
Emergency and urgent referrals stop self-care (no programme); "soon" allows gentle self-care with
a caution. Unanswered questions are reported separately: unanswered is not "no". A question answered
"not sure" (``red_flags_unsure``) whose "yes" would fire a rule here raises a "soon" referral naming it
(rule id ``unsure_<flag>``): check with a clinician soon; "not sure" never stops self-care or escalates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from psoas.assessment.redflag_rules import Rule, rule_table
from psoas.assessment.result_types import Referral
from psoas.intake.schema import Intake
from psoas.knowledge import vocab

__all__ = [
    "QUESTIONS",
    "RULES",
    "UNSURE_PREFIX",
    "Rule",
    "cleared_cautions",
    "fired_rules",
    "screen",
    "unanswered",
]

URGENCY_ORDER = vocab.URGENCIES

ADVICE = {
    "emergency": "Stop here and get medical help today: call your local emergency number or go to an emergency "
    "department now. Do not start exercises for this pain.",
    "urgent": "Please see a doctor within the next few days before any self-care for this pain. Exercises are "
    "held back until a clinician has looked.",
    "soon": "Book an appointment with a doctor or physiotherapist in the coming weeks. Gentle self-care may go on "
    "meanwhile; stop anything that makes the pain spread or worsen.",
}


def _flag(name: str) -> Callable[[Intake], bool]:
    return lambda intake: getattr(intake.red_flags, name) is True


def _pain_in(intake: Intake, regions: frozenset[str] | set[str]) -> bool:
    return any(p.region in regions and p.intensity > 0 for p in intake.pain)


SPINAL = frozenset({"neck", "upper_back", "mid_back", "low_back"})
THORACIC = frozenset({"mid_back"})
ADOLESCENT_HIP_REGIONS = frozenset({"hip", "groin", "thigh_front", "thigh_side", "knee"})
HIP_IR_REDUCED_DEG = 20.0
"""Hip internal rotation below this (or a positive hip-rotation test) counts as a hip finding for SCFE."""


def _recent_injury(intake: Intake, region: str | None = None, mechanism: str | None = None) -> bool:
    inj = intake.history.injury
    return (
        inj is not None
        and inj.weeks_ago <= 6
        and (region is None or inj.region == region)
        and (mechanism is None or inj.mechanism == mechanism)
    )


def _night_pain(intake: Intake) -> bool:
    return intake.red_flags.is_yes("night_or_constant_pain") or any(
        "night" in p.worse_with and p.intensity > 0 for p in intake.pain
    )


def _knee_injury_ottawa(intake: Intake) -> bool:
    if not _recent_injury(intake, "knee"):
        return False
    flags = intake.red_flags
    return intake.person.age >= 55 or flags.is_yes("cannot_bear_weight") or flags.is_yes("cannot_bend_knee")


def _hip_findings(intake: Intake) -> bool:
    rot = intake.tests.hip_internal_rotation
    sides = [s for s in (rot.left, rot.right) if s is not None] if rot else []
    return any(
        s.result == "positive" or (s.angle_deg is not None and s.angle_deg < HIP_IR_REDUCED_DEG)
        for s in sides
    )


def _scfe(intake: Intake) -> bool:
    return (
        8 <= intake.person.age <= 15
        and _pain_in(intake, ADOLESCENT_HIP_REGIONS)
        and (intake.red_flags.is_yes("limp") or _hip_findings(intake))
    )


HIP_FRACTURE_REGIONS = frozenset({"hip", "groin", "thigh_front", "thigh_side", "buttock"})


def _hip_fracture(intake: Intake) -> bool:
    """65 or over, cannot bear weight, after a fall (or hip pain that began with an injury)."""
    injured_hip = any(
        p.region in HIP_FRACTURE_REGIONS and p.onset == "injury" and p.intensity > 0 for p in intake.pain
    )
    return (
        intake.person.age >= 65
        and intake.red_flags.is_yes("cannot_bear_weight")
        and (_recent_injury(intake, mechanism="fall") or injured_hip)
    )


def _aortic(intake: Intake) -> bool:
    return intake.red_flags.is_yes("sudden_abdominal_back_pain") and intake.person.age >= 60


def _sudden_abdominal_younger(intake: Intake) -> bool:
    return intake.red_flags.is_yes("sudden_abdominal_back_pain") and intake.person.age < 60


def _back_pain_age(intake: Intake) -> bool:
    return _pain_in(intake, {"low_back", "mid_back"}) and (intake.person.age < 20 or intake.person.age > 55)


def _radiating_with_paresthesia(intake: Intake) -> bool:
    below_knee = {"shin", "calf", "ankle", "foot"}
    return any(
        p.region in below_knee and p.intensity > 0 and {"tingling", "numbness"} & set(p.sensations)
        for p in intake.pain
    )


THORACIC_RISKS = ("cancer_history", "weight_loss", "immune_risk", "fever_or_unwell", "night_or_constant_pain")


def _thoracic_with_risk(intake: Intake) -> bool:
    risky = any(getattr(intake.red_flags, f) is True for f in THORACIC_RISKS)
    age = intake.person.age
    return _pain_in(intake, {"mid_back", "upper_back"}) and (risky or age > 55 or age < 20)


def _cancer_spinal(intake: Intake) -> bool:
    return intake.red_flags.is_yes("cancer_history") and (_pain_in(intake, SPINAL) or _night_pain(intake))


def _cancer_other(intake: Intake) -> bool:
    return intake.red_flags.is_yes("cancer_history") and not _cancer_spinal(intake)


def _immune_spinal(intake: Intake) -> bool:
    return intake.red_flags.is_yes("immune_risk") and _pain_in(intake, SPINAL)


def _immune_other(intake: Intake) -> bool:
    return intake.red_flags.is_yes("immune_risk") and not _pain_in(intake, SPINAL)


def _fall_elderly(intake: Intake) -> bool:
    return _recent_injury(intake, mechanism="fall") and intake.person.age >= 65


def _cannot_bear_weight(intake: Intake) -> bool:
    return intake.red_flags.is_yes("cannot_bear_weight") and not _hip_fracture(intake)


def _thoracic(intake: Intake) -> bool:
    return _pain_in(intake, THORACIC)


RULES: tuple[Rule, ...] = rule_table(
    flag=_flag,
    hip_fracture=_hip_fracture,
    aortic=_aortic,
    sudden_abdominal_younger=_sudden_abdominal_younger,
    cancer_spinal=_cancer_spinal,
    cancer_other=_cancer_other,
    immune_spinal=_immune_spinal,
    immune_other=_immune_other,
    cannot_bear_weight=_cannot_bear_weight,
    ottawa=_knee_injury_ottawa,
    thoracic_with_risk=_thoracic_with_risk,
    fall_elderly=_fall_elderly,
    scfe=_scfe,
    back_pain_age=_back_pain_age,
    radiating=_radiating_with_paresthesia,
    thoracic=_thoracic,
)


def _uncleared(intake: Intake) -> Intake:
    """The intake with every clinician-cleared flag answered "no" (cleared flags no longer raise urgency)."""
    cleared = {f: False for f in intake.red_flags_cleared if f in vocab.RED_FLAGS}
    if not cleared:
        return intake
    return intake.model_copy(update={"red_flags": intake.red_flags.model_copy(update=cleared)})


def _fired(intake: Intake) -> list[Rule]:
    """Rules that still call for a referral once clinician-cleared flags and rules are set aside."""
    plain = _uncleared(intake)
    fired = [
        r
        for r in RULES
        # an emergency rule reads the answers as given: no clearance of a flag it uses can silence it
        if (
            r.applies(intake)
            if r.urgency == "emergency"
            else r.id not in intake.red_flags_cleared and r.applies(plain)
        )
    ]
    return fired + _unsure_rules(intake, plain, {r.id for r in fired})


UNSURE_PREFIX = "unsure_"


def _unsure_rules(intake: Intake, plain: Intake, fired: set[str]) -> list[Rule]:
    """One "soon" rule per "not sure" flag whose "yes" would fire a rule that has not fired already.

    The reason names the question and what a "yes" would have meant (the most urgent such rule).
    """
    out = []
    for flag in intake.red_flags_unsure:
        if flag in intake.red_flags_cleared:
            continue
        as_yes = plain.model_copy(update={"red_flags": plain.red_flags.model_copy(update={flag: True})})
        would = [
            r
            for r in RULES
            if r.id not in fired and r.id not in intake.red_flags_cleared and r.applies(as_yes)
        ]
        if not would:
            continue
        worst = min(would, key=lambda r: URGENCY_ORDER.index(r.urgency))
        reason = (
            f'You were not sure about "{QUESTIONS[flag]}" If the answer is yes: {worst.reason} '
            "Ask a doctor or physiotherapist to check this with you soon."
        )
        out.append(Rule(f"{UNSURE_PREFIX}{flag}", "soon", reason, lambda _intake: True, (flag,)))
    return out


@dataclass(frozen=True)
class Screening:
    """Everything the red-flag rules say about one intake, from one pass over the rules."""

    referral: Referral | None
    rules: list[str]
    cautions: list[str]
    unanswered: list[str]


def check(intake: Intake) -> Screening:
    """Run the rules once: the referral, the fired rule ids, the cautions and the unanswered flags."""
    fired = _fired(intake)
    return Screening(_referral(fired), _rule_ids(fired), _cautions(intake, fired), unanswered(intake))


def screen(intake: Intake) -> Referral | None:
    """Apply every rule; return the most urgent referral with all reasons at that urgency, or None.

    A flag a clinician has cleared (``red_flags_cleared``) no longer raises urgency; it comes back as a
    caution (:func:`cleared_cautions`). Emergency flags cannot be cleared (the intake refuses them).
    """
    return _referral(_fired(intake))


def _referral(fired: list[Rule]) -> Referral | None:
    if not fired:
        return None
    urgency = min((rule.urgency for rule in fired), key=URGENCY_ORDER.index)
    reasons = [rule.reason for rule in fired if rule.urgency == urgency]
    return Referral(urgency=urgency, reasons=reasons, advice=ADVICE[urgency])


def fired_rules(intake: Intake) -> list[str]:
    """Ids of every rule that calls for a referral, most urgent first (for reports and tests)."""
    return _rule_ids(_fired(intake))


def _rule_ids(fired: list[Rule]) -> list[str]:
    return [rule.id for rule in sorted(fired, key=lambda r: URGENCY_ORDER.index(r.urgency))]


def cleared_cautions(intake: Intake) -> list[str]:
    """Cautions for rules that fire only because of flags a clinician has cleared (with the date)."""
    return _cautions(intake, _fired(intake)) if intake.red_flags_cleared else []


def _cautions(intake: Intake, fired: list[Rule]) -> list[str]:
    if not intake.red_flags_cleared:
        return []
    still = {r.id for r in fired}
    out = []
    for rule in RULES:
        if rule.id in still or not rule.applies(intake):
            continue
        keys = [k for k in (rule.id, *rule.flags) if k in intake.red_flags_cleared]
        when = ", ".join(sorted({intake.red_flags_cleared[k].isoformat() for k in keys}))
        out.append(
            f"Checked by a clinician ({when}): {rule.reason} Tell your clinician if this pain changes or new "
            "symptoms appear."
        )
    return out


def unanswered(intake: Intake) -> list[str]:
    """Red-flag questions left unanswered (not the same as "no"; "not sure" is an answer)."""
    unsure = set(intake.red_flags_unsure)
    return [
        flag for flag in vocab.RED_FLAGS if getattr(intake.red_flags, flag) is None and flag not in unsure
    ]


QUESTIONS: dict[str, str] = vocab.RED_FLAG_QUESTIONS
"""Plain-language red-flag questions, asked before anything else (declared with the ids, data/vocabulary.toml)."""

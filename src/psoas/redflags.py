"""Red-flag screening: runs before any ranking (research/evidence.md §2).

A flag means "a clinician should look", not a diagnosis: screening questions have a low positive
predictive value. The gate returns the most urgent :class:`~psoas.results.Referral` or ``None``.
Emergency and urgent referrals stop self-care (no programme); "soon" allows gentle self-care with
a caution. Unanswered questions are reported separately: unanswered is not "no".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from psoas import vocab
from psoas.intake import Intake
from psoas.results import Referral

URGENCY_ORDER = ("emergency", "urgent", "soon")

ADVICE = {
    "emergency": "Stop here and get medical help today: call your local emergency number or go to an emergency "
    "department now. Do not start exercises for this pain.",
    "urgent": "Please see a doctor within the next few days before any self-care for this pain. Exercises are "
    "held back until a clinician has looked.",
    "soon": "Book an appointment with a doctor or physiotherapist in the coming weeks. Gentle self-care may go on "
    "meanwhile; stop anything that makes the pain spread or worsen.",
}


@dataclass(frozen=True)
class Rule:
    """One red-flag rule: an id, its urgency, the reason shown, and a predicate over the intake."""

    id: str
    urgency: str
    reason: str
    applies: Callable[[Intake], bool]


def _flag(name: str) -> Callable[[Intake], bool]:
    return lambda intake: getattr(intake.red_flags, name) is True


def _pain_in(intake: Intake, regions: set[str]) -> bool:
    return any(p.region in regions and p.intensity > 0 for p in intake.pain)


def _recent_injury(intake: Intake, region: str, weeks: float = 6) -> bool:
    inj = intake.history.injury
    return inj is not None and inj.region == region and inj.weeks_ago <= weeks


def _knee_injury_ottawa(intake: Intake) -> bool:
    if not _recent_injury(intake, "knee"):
        return False
    flags = intake.red_flags
    return intake.person.age >= 55 or flags.cannot_bear_weight is True or flags.cannot_bend_knee is True


def _scfe(intake: Intake) -> bool:
    return 8 <= intake.person.age <= 15 and _pain_in(
        intake, {"hip", "groin", "thigh_front", "thigh_side", "knee"}
    )


def _back_pain_age(intake: Intake) -> bool:
    return _pain_in(intake, {"low_back", "mid_back"}) and (intake.person.age < 20 or intake.person.age > 55)


def _radiating_with_paresthesia(intake: Intake) -> bool:
    below_knee = {"shin", "calf", "ankle", "foot"}
    return any(
        p.region in below_knee and p.intensity > 0 and {"tingling", "numbness"} & set(p.sensations)
        for p in intake.pain
    )


def _thoracic_with_risk(intake: Intake) -> bool:
    risky = any(
        getattr(intake.red_flags, f) is True
        for f in ("cancer_history", "weight_loss", "immune_risk", "fever_or_unwell")
    )
    return _pain_in(intake, {"mid_back", "upper_back"}) and (risky or intake.person.age >= 55)


def _thoracic(intake: Intake) -> bool:
    return _pain_in(intake, {"mid_back"})


def _fall_elderly(intake: Intake) -> bool:
    inj = intake.history.injury
    return inj is not None and inj.mechanism == "fall" and inj.weeks_ago <= 6 and intake.person.age >= 65


def _septic(intake: Intake) -> bool:
    return intake.red_flags.hot_swollen_joint is True and intake.red_flags.fever_or_unwell is True


RULES: tuple[Rule, ...] = (
    Rule(
        "saddle_numbness",
        "emergency",
        "Numbness in the saddle area can mean pressure on the nerves at the base "
        "of the spine (cauda equina).",
        _flag("saddle_numbness"),
    ),
    Rule(
        "bladder_bowel_change",
        "emergency",
        "A new change in bladder, bowel or sexual function with back pain "
        "can mean nerve compression (cauda equina).",
        _flag("bladder_bowel_change"),
    ),
    Rule(
        "leg_weakness",
        "emergency",
        "New or worsening weakness in the legs needs a same-day check of the nerves.",
        _flag("leg_weakness"),
    ),
    Rule(
        "neuro_symptoms",
        "emergency",
        "Dizziness, double vision, slurred speech, trouble swallowing or new facial "
        "numbness can come from the blood vessels of the neck or the brain.",
        _flag("neuro_symptoms"),
    ),
    Rule(
        "sudden_severe_headache",
        "emergency",
        "A sudden, worst-ever headache must be seen the same day.",
        _flag("sudden_severe_headache"),
    ),
    Rule(
        "chest_symptoms",
        "emergency",
        "Chest pain, pressure or breathlessness with shoulder or arm pain can come from the heart.",
        _flag("chest_symptoms"),
    ),
    Rule("septic_joint", "emergency", "A hot, swollen joint with fever can be an infected joint.", _septic),
    Rule(
        "joint_deformity",
        "emergency",
        "A deformed joint or a possible dislocation needs emergency care.",
        _flag("joint_deformity"),
    ),
    Rule(
        "cancer_history",
        "urgent",
        "A history of cancer with new pain should be checked by a doctor.",
        _flag("cancer_history"),
    ),
    Rule(
        "weight_loss",
        "urgent",
        "Unexplained weight loss with pain should be checked by a doctor.",
        _flag("weight_loss"),
    ),
    Rule(
        "fever_or_unwell",
        "urgent",
        "Feeling feverish or generally unwell with pain should be checked by a doctor.",
        _flag("fever_or_unwell"),
    ),
    Rule(
        "immune_risk",
        "urgent",
        "Steroids, a weakened immune system or injected drug use raise the risk of "
        "infection; a doctor should look.",
        _flag("immune_risk"),
    ),
    Rule(
        "night_or_constant_pain",
        "urgent",
        "Constant pain, or night pain that rest and changing position do not "
        "ease, is not typical of a muscle pull.",
        _flag("night_or_constant_pain"),
    ),
    Rule(
        "major_trauma",
        "urgent",
        "After a significant accident, fall or blow, a fracture must be ruled out.",
        _flag("major_trauma"),
    ),
    Rule(
        "cannot_bear_weight",
        "urgent",
        "Not being able to bear weight or take four steps needs an X-ray decision by a clinician.",
        _flag("cannot_bear_weight"),
    ),
    Rule(
        "cannot_bend_knee",
        "urgent",
        "Not being able to bend the knee to a right angle needs a clinician's check.",
        _flag("cannot_bend_knee"),
    ),
    Rule(
        "ottawa_knee",
        "urgent",
        "A recent knee injury at 55 or over, or with trouble bearing weight or bending, "
        "meets the Ottawa knee rule for an X-ray.",
        _knee_injury_ottawa,
    ),
    Rule(
        "rapid_swelling",
        "urgent",
        "Swelling within hours of an injury suggests bleeding into the joint.",
        _flag("rapid_swelling"),
    ),
    Rule(
        "hot_swollen_joint",
        "urgent",
        "A hot, swollen joint should be checked by a doctor.",
        _flag("hot_swollen_joint"),
    ),
    Rule(
        "arm_lift_loss",
        "urgent",
        "Suddenly not being able to lift the arm after an injury can be a torn rotator cuff.",
        _flag("arm_lift_loss"),
    ),
    Rule(
        "myelopathy_signs",
        "urgent",
        "Clumsy hands, a change in walking or tingling in both arms can come from "
        "pressure on the spinal cord.",
        _flag("myelopathy_signs"),
    ),
    Rule(
        "thoracic_with_risk",
        "urgent",
        "Pain in the thoracic spine at 55 or over, or with cancer, weight loss, "
        "fever or a weak immune system, should be checked by a doctor.",
        _thoracic_with_risk,
    ),
    Rule(
        "fall_over_65",
        "urgent",
        "A recent fall at 65 or over can break a bone even when it seemed minor.",
        _fall_elderly,
    ),
    Rule(
        "adolescent_hip",
        "urgent",
        "Hip, groin, thigh or knee pain between 8 and 15 can come from the hip growth plate "
        "(slipped upper femoral epiphysis), which needs a doctor within days, sooner if there is a limp.",
        _scfe,
    ),
    Rule(
        "back_pain_age",
        "soon",
        "Back pain for the first time under 20 or over 55 is worth a clinician's look.",
        _back_pain_age,
    ),
    Rule(
        "radiating_paresthesia",
        "soon",
        "Pain below the knee with tingling or numbness suggests an irritated "
        "nerve root; a clinician should examine it.",
        _radiating_with_paresthesia,
    ),
    Rule(
        "thoracic_pain",
        "urgent",
        "Pain in the middle of the back (thoracic spine) is less often muscular than low back or neck pain; "
        "a doctor should look before self-care.",
        _thoracic,
    ),
)


def screen(intake: Intake) -> Referral | None:
    """Apply every rule; return the most urgent referral with all reasons at that urgency, or None."""
    fired = [rule for rule in RULES if rule.applies(intake)]
    if not fired:
        return None
    urgency = min((rule.urgency for rule in fired), key=URGENCY_ORDER.index)
    reasons = [rule.reason for rule in fired if rule.urgency == urgency]
    return Referral(urgency=urgency, reasons=reasons, advice=ADVICE[urgency])


def fired_rules(intake: Intake) -> list[str]:
    """Ids of every rule that applies, most urgent first (for reports and tests)."""
    rules = [rule for rule in RULES if rule.applies(intake)]
    rules.sort(key=lambda r: URGENCY_ORDER.index(r.urgency))
    return [rule.id for rule in rules]


def unanswered(intake: Intake) -> list[str]:
    """Red-flag questions left unanswered (not the same as "no")."""
    return [flag for flag in vocab.RED_FLAGS if getattr(intake.red_flags, flag) is None]


QUESTIONS: dict[str, str] = {
    "saddle_numbness": "Is there numbness or tingling around your back passage, genitals or inner thighs (the saddle area)?",
    "bladder_bowel_change": "Any new trouble controlling or passing urine or stools, or new sexual dysfunction?",
    "leg_weakness": "New weakness or numbness in both legs, or weakness in a leg that is getting worse?",
    "neuro_symptoms": "Dizziness, double vision, slurred speech, trouble swallowing, drop attacks or new facial numbness?",
    "sudden_severe_headache": "A sudden, severe headache, the worst you have ever had?",
    "chest_symptoms": "Chest pain or pressure, breathlessness, or jaw or arm pain that comes with effort?",
    "fever_or_unwell": "Fever, chills, or feeling generally unwell?",
    "hot_swollen_joint": "Is a joint hot, red and swollen?",
    "joint_deformity": "Does a joint look deformed, or might it be dislocated?",
    "cancer_history": "Have you ever had cancer?",
    "weight_loss": "Have you lost weight recently without trying?",
    "immune_risk": "Do you take steroids or immune-suppressing medicine, have a weakened immune system, or inject drugs?",
    "night_or_constant_pain": "Is the pain constant, or does it wake you at night and not ease with rest or changing position?",
    "major_trauma": "Did the pain start with a significant accident, a fall from a height, a crash or a hard blow?",
    "cannot_bear_weight": "Are you unable to put weight on the leg or take four steps?",
    "cannot_bend_knee": "After an injury, are you unable to bend the knee to a right angle?",
    "rapid_swelling": "Did a joint swell up within a couple of hours of an injury?",
    "arm_lift_loss": "After an injury, can you suddenly no longer lift your arm?",
    "myelopathy_signs": "Clumsy hands, a change in how you walk, or tingling in both arms?",
}
"""Plain-language red-flag questions, asked before anything else (same ids as the intake)."""

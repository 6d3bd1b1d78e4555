"""The red-flag rule table (research/evidence.md §2): id, urgency, the reason shown, and which predicate fires it.

The predicates live in :mod:`psoas.assessment.redflags`; this module only says what each rule means, so the table reads
like the evidence it follows. Urgency: emergency (same day), urgent (days), soon (book a clinician; gentle
self-care may go on with a caution).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psoas.errors import AtlasError
from psoas.knowledge import vocab

if TYPE_CHECKING:  # pragma: no cover
    from psoas.intake.schema import Intake

Predicate = Callable[["Intake"], bool]


@dataclass(frozen=True)
class Rule:
    """One red-flag rule: an id, its urgency, the reason shown, a predicate, and the flags it reads."""

    id: str
    urgency: str
    reason: str
    applies: Predicate
    flags: tuple[str, ...] = ()


# (id, urgency, reason, predicate key or "flag:<name>", flags read)
_TABLE: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    # ---- emergency ----
    ("saddle_numbness", "emergency", "Numbness in the saddle area can mean pressure on the nerves at the base "
     "of the spine (cauda equina).", "flag:saddle_numbness", ("saddle_numbness",)),
    ("bladder_bowel_change", "emergency", "A new change in bladder, bowel or sexual function with back pain can "
     "mean nerve compression (cauda equina).", "flag:bladder_bowel_change", ("bladder_bowel_change",)),
    ("leg_weakness", "emergency", "New or worsening weakness in the legs needs a same-day check of the nerves.",
     "flag:leg_weakness", ("leg_weakness",)),
    ("neuro_symptoms", "emergency", "Dizziness, double vision, slurred speech, trouble swallowing or new facial "
     "numbness can come from the blood vessels of the neck or the brain.", "flag:neuro_symptoms",
     ("neuro_symptoms",)),
    ("sudden_severe_headache", "emergency", "A sudden, worst-ever headache must be seen the same day.",
     "flag:sudden_severe_headache", ("sudden_severe_headache",)),
    ("chest_symptoms", "emergency", "Chest pain, pressure or breathlessness with shoulder or arm pain can come "
     "from the heart.", "flag:chest_symptoms", ("chest_symptoms",)),
    ("hot_swollen_joint", "emergency", "A hot, red, swollen joint can be an infected joint, with or without a "
     "fever (fever is missing in almost half of joint infections); it needs a same-day check.",
     "flag:hot_swollen_joint", ("hot_swollen_joint",)),
    ("joint_deformity", "emergency", "A deformed joint or a possible dislocation needs emergency care.",
     "flag:joint_deformity", ("joint_deformity",)),
    ("leg_shortened_rotated", "emergency", "A leg that looks shorter or turned out after a fall can be a broken "
     "hip.", "flag:leg_shortened_rotated", ("leg_shortened_rotated",)),
    ("hip_fracture_suspected", "emergency", "Not being able to bear weight after a fall at 65 or over can be a "
     "broken hip; early treatment matters.", "hip_fracture", ("cannot_bear_weight",)),
    ("sudden_abdominal_back_pain", "emergency", "Sudden, severe belly or back pain at 60 or over can come from "
     "the main artery (aortic aneurysm).", "aortic", ("sudden_abdominal_back_pain",)),
    ("calf_swelling", "emergency", "A painful, swollen, warm calf can be a blood clot (deep-vein thrombosis).",
     "flag:calf_swelling", ("calf_swelling",)),
    # ---- urgent ----
    ("sudden_abdominal_back_pain_younger", "urgent", "Sudden, severe belly or back pain should be checked by a "
     "doctor.", "sudden_abdominal_younger", ("sudden_abdominal_back_pain",)),
    ("cancer_spinal", "urgent", "A history of cancer with new spinal pain or night pain should be checked by a "
     "doctor.", "cancer_spinal", ("cancer_history",)),
    ("weight_loss", "urgent", "Unexplained weight loss with pain should be checked by a doctor.",
     "flag:weight_loss", ("weight_loss",)),
    ("fever_or_unwell", "urgent", "Feeling feverish or generally unwell with pain should be checked by a doctor.",
     "flag:fever_or_unwell", ("fever_or_unwell",)),
    ("immune_spinal", "urgent", "Steroids, a weakened immune system or injected drug use with spinal pain raise "
     "the risk of infection; a doctor should look.", "immune_spinal", ("immune_risk",)),
    ("night_or_constant_pain", "urgent", "Constant pain, or night pain that rest and changing position do not "
     "ease, is not typical of a muscle pull.", "flag:night_or_constant_pain", ("night_or_constant_pain",)),
    ("major_trauma", "urgent", "After a significant accident, fall or blow, a fracture must be ruled out.",
     "flag:major_trauma", ("major_trauma",)),
    ("cannot_bear_weight", "urgent", "Not being able to bear weight or take four steps needs an X-ray decision "
     "by a clinician.", "cannot_bear_weight", ("cannot_bear_weight",)),
    ("cannot_bend_knee", "urgent", "Not being able to bend the knee to a right angle needs a clinician's check.",
     "flag:cannot_bend_knee", ("cannot_bend_knee",)),
    ("ottawa_knee", "urgent", "A recent knee injury at 55 or over, or with trouble bearing weight or bending, "
     "meets the Ottawa knee rule for an X-ray.", "ottawa", ("cannot_bear_weight", "cannot_bend_knee")),
    ("rapid_swelling", "urgent", "Swelling within hours of an injury suggests bleeding into the joint.",
     "flag:rapid_swelling", ("rapid_swelling",)),
    ("arm_lift_loss", "urgent", "Suddenly not being able to lift the arm after an injury can be a torn rotator "
     "cuff.", "flag:arm_lift_loss", ("arm_lift_loss",)),
    ("myelopathy_signs", "urgent", "Clumsy hands, a change in walking or tingling in both arms can come from "
     "pressure on the spinal cord.", "flag:myelopathy_signs", ("myelopathy_signs",)),
    ("thoracic_with_risk", "urgent", "Pain in the thoracic spine over 55 or under 20, or with cancer, weight "
     "loss, fever, night pain or a weak immune system, should be checked by a doctor.", "thoracic_with_risk",
     ("cancer_history", "weight_loss", "immune_risk", "fever_or_unwell", "night_or_constant_pain")),
    ("adolescent_hip", "urgent", "Hip, groin, thigh or knee pain between 8 and 15 with a limp or a stiff hip can "
     "come from the hip growth plate (slipped upper femoral epiphysis), which needs a doctor within days.",
     "scfe", ("limp",)),
    # ---- soon ----
    ("fall_over_65", "soon", "A recent fall at 65 or over can crack a bone even when it seemed minor; have a "
     "clinician check any pain that lasts (trouble bearing weight after a fall is an emergency).",
     "fall_elderly", ()),
    ("thoracic_pain", "soon", "Pain in the middle of the back (thoracic spine) is less often muscular than low "
     "back or neck pain; book a clinician to look at it.", "thoracic", ()),
    ("back_pain_age", "soon", "Back pain for the first time under 20 or over 55 is worth a clinician's look.",
     "back_pain_age", ()),
    ("radiating_paresthesia", "soon", "Pain below the knee with tingling or numbness suggests an irritated nerve "
     "root; a clinician should examine it.", "radiating", ()),
    ("cancer_history", "soon", "With a history of cancer, a clinician should hear about any new pain that "
     "lasts, even when it has a plain mechanical cause.", "cancer_other", ("cancer_history",)),
    ("immune_risk", "soon", "Steroids or a weakened immune system make infections easier to miss; mention this "
     "pain to your clinician.", "immune_other", ("immune_risk",)),
)  # fmt: skip


def rule_table(flag: Callable[[str], Predicate], **predicates: Predicate) -> tuple[Rule, ...]:
    """The rules, each bound to its predicate (``flag:<name>`` rules fire on that answer alone)."""
    rules = []
    for rule_id, urgency, reason, key, flags in _TABLE:
        unknown = [f for f in flags if f not in vocab.RED_FLAGS]
        if urgency not in vocab.URGENCIES or unknown:
            raise AtlasError(f"red-flag rule {rule_id!r}: unknown urgency {urgency!r} or flags {unknown}")
        applies = flag(key[5:]) if key.startswith("flag:") else predicates[key]
        rules.append(Rule(rule_id, urgency, reason, applies, flags))
    return tuple(rules)

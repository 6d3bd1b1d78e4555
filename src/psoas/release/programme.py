"""The release programme: exercises aimed at the likely causes, not at the painful spot.

Conventions: times are seconds (``hold_s``, ``rest_s``) or minutes (``minutes``, ``duration_min``); sides are
``left`` / ``right`` for sided exercises and ``center`` for whole-body ones. Doses follow the ACSM static
stretching guideline (hold 30 s under 65, 60 s from 65; 2-4 repetitions; daily is best) and the programme is
reviewed after 6 weeks, the span in which hip-flexor stretching trials showed change (evidence.md §4).

The builder is pure and deterministic: the same input gives the same programme, and swapping left and right
in the input swaps them in the output.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from psoas.assessment.result_types import CauseResult, Referral
from psoas.errors import InputError
from psoas.knowledge import vocab
from psoas.knowledge.exercises import Exercise, ExerciseLibrary, load_exercises
from psoas.knowledge.vocab import BODY_SIDES, CAUSES, REGIONS, SIDES
from psoas.release.schedule import (  # re-exported: the dose and schedule rules live there
    OLDER_ADULT_AGE,
    REVIEW_AFTER_WEEKS,
    item_minutes,
    personal_dose,
)
from psoas.release.schedule import maintenance as _maintenance
from psoas.release.schedule import phases as _phases

RELEVANT_PROBABILITY: Final[float] = 0.2
"""A cause at least this probable is a target."""
ABOVE_PRIOR_RATIO: Final[float] = 1.5
ABOVE_PRIOR_FLOOR: Final[float] = 0.1
"""A cause this many times its prior, and at least the floor, is a target too (clearly above its prior)."""
MAX_TARGETS: Final[int] = 3
MAX_ACTIVE_PER_TARGET: Final[int] = 3
ACTIVE_KINDS: Final[frozenset[str]] = frozenset({"stretch", "strength", "mobility"})
BLOCKING_URGENCIES: Final[frozenset[str]] = vocab.BLOCKING_URGENCIES
URGENCIES: Final[tuple[str, ...]] = vocab.URGENCIES
CAUSE_SIDES: Final[tuple[str, ...]] = ("left", "right", "center", "both")


@dataclass(frozen=True)
class Target:
    """A cause chosen for the programme, with the body sides it applies to."""

    id: str
    sides: tuple[str, ...]
    probability: float


@dataclass(frozen=True)
class ProgramItem:
    """One exercise in the programme with its dose for this person."""

    exercise: str
    name: str
    targets: tuple[str, ...]
    sides: tuple[str, ...]
    dose: dict[str, float | int]
    minutes: float
    why: str
    evidence: str
    citations: tuple[str, ...]
    optional: bool
    daily: bool
    progression: str
    regression: str
    cautions: tuple[str, ...]
    illustration: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "targets": list(self.targets),
            "sides": list(self.sides),
            "dose": dict(self.dose),
            "minutes": self.minutes,
            "daily": self.daily,
            "why": self.why,
            "evidence": self.evidence,
            "citations": list(self.citations),
            "optional": self.optional,
            "progression": self.progression,
            "regression": self.regression,
            "cautions": list(self.cautions),
            "illustration": self.illustration,
        }


@dataclass(frozen=True)
class Program:
    """A home programme: items, daily time, review date, maintenance plan, cautions, advice and phases."""

    items: tuple[ProgramItem, ...]
    minutes_per_day: int
    review_after_weeks: int
    review_date: datetime.date
    maintenance: dict[str, Any]
    cautions: tuple[str, ...]
    advice: tuple[dict[str, Any], ...]
    phases: tuple[dict[str, Any], ...]
    targets: tuple[Target, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [item.to_dict() for item in self.items],
            "minutes_per_day": self.minutes_per_day,
            "review_after_weeks": self.review_after_weeks,
            "review_date": self.review_date.isoformat(),
            "maintenance": dict(self.maintenance),
            "cautions": list(self.cautions),
            "advice": [dict(a) for a in self.advice],
            "phases": [dict(p) for p in self.phases],
            "targets": [{"cause": t.id, "sides": list(t.sides)} for t in self.targets],
        }


# --------------------------------------------------------------------------------------------- validation


def _check_inputs(
    causes: Sequence[CauseResult],
    age: int,
    referral: Referral | None,
    painful_regions: Sequence[tuple[str, str]],
    today: datetime.date,
) -> None:
    for i, cause in enumerate(causes):
        if cause.id not in CAUSES:
            raise InputError(f"causes[{i}].id", f"unknown cause {cause.id!r}", CAUSES)
        if cause.side not in CAUSE_SIDES:
            raise InputError(f"causes[{i}].side", f"unknown side {cause.side!r}", CAUSE_SIDES)
        for name in ("probability", "prior"):
            value = getattr(cause, name)
            if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise InputError(f"causes[{i}].{name}", "must be a number between 0 and 1")
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120:
        raise InputError("age", "must be a whole number of years between 0 and 120")
    if referral is not None and referral.urgency not in URGENCIES:
        raise InputError("referral.urgency", f"unknown urgency {referral.urgency!r}", URGENCIES)
    for i, pair in enumerate(painful_regions):
        region, side = pair
        if region not in REGIONS:
            raise InputError(f"painful_regions[{i}].region", f"unknown region {region!r}", REGIONS)
        if side not in SIDES:
            raise InputError(f"painful_regions[{i}].side", f"unknown side {side!r}", SIDES)
    if not isinstance(today, datetime.date):
        raise InputError("today", "must be a date")


# --------------------------------------------------------------------------------------------- targets


def is_relevant(cause: CauseResult) -> bool:
    """Plausibly relevant: it may explain a painful region, and it is probable enough or clearly above its
    prior (a likely trait that explains none of the pain is not a target)."""
    if not cause.may_explain_the_pain():
        return False
    if cause.probability >= RELEVANT_PROBABILITY:
        return True
    return cause.probability >= ABOVE_PRIOR_FLOOR and cause.probability >= ABOVE_PRIOR_RATIO * cause.prior


def _body_sides(side: str) -> tuple[str, ...]:
    return BODY_SIDES if side in ("center", "both") else (side,)


def choose_targets(causes: Sequence[CauseResult]) -> tuple[Target, ...]:
    """The top distinct relevant causes (at most three), each with the sides it was found on.

    Ranked by the highest probability over sides, ties broken by the cause order in the vocabulary, so the
    choice is deterministic and the same after swapping left and right. With no relevant cause the
    programme falls back to general, non-specific work.
    """
    best: dict[str, float] = {}
    sides: dict[str, set[str]] = {}
    for cause in causes:
        if not is_relevant(cause):
            continue
        best[cause.id] = max(best.get(cause.id, 0.0), cause.probability)
        sides.setdefault(cause.id, set()).update(_body_sides(cause.side))
    if not best:
        return (Target("nonspecific", BODY_SIDES, 0.0),)
    ranked = sorted(best, key=lambda cid: (-best[cid], CAUSES.index(cid)))[:MAX_TARGETS]
    return tuple(Target(cid, tuple(s for s in BODY_SIDES if s in sides[cid]), best[cid]) for cid in ranked)


def _pick_active(candidates: Sequence[Exercise]) -> list[Exercise]:
    """Up to MAX_ACTIVE_PER_TARGET exercises, one per discipline first, then in library order."""
    picked: list[Exercise] = []
    disciplines: set[str] = set()
    for ex in candidates:
        if len(picked) < MAX_ACTIVE_PER_TARGET and ex.discipline not in disciplines:
            picked.append(ex)
            disciplines.add(ex.discipline)
    for ex in candidates:
        if len(picked) < MAX_ACTIVE_PER_TARGET and ex not in picked:
            picked.append(ex)
    return picked


def _select(lib: ExerciseLibrary, targets: Sequence[Target]) -> tuple[dict[str, list[Target]], list[str]]:
    """Map exercise id → the targets it serves; also the ids left out because a target rules them out."""
    target_ids = {t.id for t in targets}
    chosen: dict[str, list[Target]] = {}
    left_out: list[str] = []
    for target in targets:
        if not lib.causes[target.id].self_care:
            continue
        candidates = []
        for ex in lib.for_cause(target.id):
            if target_ids.intersection(ex.avoid_with):
                if ex.id not in left_out:
                    left_out.append(ex.id)
            else:
                candidates.append(ex)
        active = _pick_active([ex for ex in candidates if ex.kind in ACTIVE_KINDS])
        others = [ex for ex in candidates if ex.kind not in ACTIVE_KINDS]
        for ex in active + others:
            chosen.setdefault(ex.id, []).append(target)
    return chosen, left_out


# --------------------------------------------------------------------------------------------- doses


def daily_minutes(items: Sequence[ProgramItem]) -> int:
    """Whole minutes a day for the daily, non-optional items (rounded up)."""
    total = sum(item.minutes for item in items if item.daily)
    return math.ceil(round(total, 6))


# --------------------------------------------------------------------------------------------- plain words


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _side_phrase(sides: Sequence[str]) -> str:
    if len(sides) == 2:
        return " on both sides"
    if len(sides) == 1:
        return f" on your {sides[0]} side"
    return ""


def _pain_phrase(painful_regions: Sequence[tuple[str, str]]) -> str:
    from psoas.knowledge.atlas import load_atlas

    regions = load_atlas().regions
    spots: list[str] = []
    for region, side in painful_regions:
        name = regions[region].words
        spot = f"{side} {name}" if side in BODY_SIDES else f"{name} (both sides)" if side == "both" else name
        if spot not in spots:
            spots.append(spot)
    return _join(spots)


def _why(ex: Exercise, targets: Sequence[Target], lib: ExerciseLibrary, pain: str) -> str:
    aims = [f"{lib.causes[t.id].label}{_side_phrase(t.sides if ex.sided else ())}" for t in targets]
    text = f"{ex.purpose}. Aimed at {_join(aims)}"
    if pain:
        return (
            f"{text}, a possible source of your pain in the {pain}: "
            "it works on that suspected pull, not on the sore spot."
        )
    return f"{text}."


def _make_item(
    ex: Exercise, targets: Sequence[Target], lib: ExerciseLibrary, age: int, pain: str
) -> ProgramItem:
    if ex.sided:
        covered = {s for t in targets for s in t.sides}
        sides = tuple(s for s in BODY_SIDES if s in covered)
    else:
        sides = ("center",)
    dose = personal_dose(ex, age)
    optional = ex.kind == "manual_therapy"
    return ProgramItem(
        exercise=ex.id,
        name=ex.name,
        targets=tuple(t.id for t in targets),
        sides=sides,
        dose=dose,
        minutes=item_minutes(dose, len(sides) if ex.sided else 1),
        why=_why(ex, targets, lib, pain),
        evidence=ex.evidence.level,
        citations=ex.evidence.cite,
        optional=optional,
        daily=not optional and dose.get("days_per_week") == 7,
        progression=ex.progression,
        regression=ex.regression,
        cautions=ex.cautions,
        illustration=ex.illustration,
    )


def _advice(lib: ExerciseLibrary, targets: Sequence[Target]) -> tuple[dict[str, Any], ...]:
    out = []
    for t in targets:
        info = lib.causes[t.id]
        if not info.self_care:
            out.append({"cause": t.id, "sides": list(t.sides), "see": info.who, "text": info.advice})
    return tuple(out)


def _cautions(
    lib: ExerciseLibrary,
    targets: Sequence[Target],
    left_out: Sequence[str],
    age: int,
    referral: Referral | None,
) -> tuple[str, ...]:
    out: list[str] = []
    if referral is not None and referral.urgency == "soon":
        reasons = f" ({'; '.join(r.rstrip('.') for r in referral.reasons)})" if referral.reasons else ""
        out.append(
            f"Book an appointment with a doctor or physiotherapist in the coming weeks{reasons}. "
            "Until you are seen, keep to the gentle versions (the regressions) "
            "and stop anything that makes symptoms worse."
        )
    out.append(
        "Stretch only to mild tension. Sharp pain, or soreness that lasts into the next day, means ease off."
    )
    out.append(
        "This programme tests a hypothesis about your pain; it is not a diagnosis. "
        "See a clinician if symptoms spread, get worse, or new ones appear."
    )
    if age >= OLDER_ADULT_AGE:
        out.append(
            "Stretches are held for 60 s, as advised for older adults; keep a chair or wall within reach."
        )
    target_ids = [t.id for t in targets]
    for ex_id in left_out:
        ex = lib.get(ex_id)
        why_not = _join([lib.causes[c].label for c in target_ids if c in ex.avoid_with])
        out.append(f"Left out: {ex.name}, because {why_not} is among the likely causes.")
    if "lumbar_radicular" in target_ids:
        out.append(
            "Nerve-friendly approach: move gently within comfort and keep walking; "
            "skip any stretch that pulls along the back of the leg "
            "or brings on tingling, numbness or pain below the knee."
        )
    return tuple(out)


def build_program(
    causes: Sequence[CauseResult],
    *,
    age: int,
    referral: Referral | None,
    painful_regions: Sequence[tuple[str, str]],
    today: datetime.date,
    extra_cautions: Sequence[str] = (),
) -> Program | None:
    """Build a home programme aimed at the likely causes; ``None`` when a referral is emergency or urgent.

    ``extra_cautions`` (red flags a clinician has cleared, for example) come first among the cautions.

    >>> from psoas.assessment.result_types import CauseResult
    >>> p = build_program([CauseResult("psoas_tight", "left", 0.6, 0.2, "weak")], age=40, referral=None,
    ...                   painful_regions=[("knee", "left")], today=datetime.date(2026, 1, 5))
    >>> p is not None and "constructive_rest" in [i.exercise for i in p.items]
    True
    """
    _check_inputs(causes, age, referral, painful_regions, today)
    if referral is not None and referral.urgency in BLOCKING_URGENCIES:
        return None
    lib = load_exercises()
    targets = choose_targets(causes)
    chosen, left_out = _select(lib, targets)
    pain = _pain_phrase(painful_regions)
    items = tuple(_make_item(ex, chosen[ex.id], lib, age, pain) for ex in lib.exercises if ex.id in chosen)
    review_date = today + datetime.timedelta(weeks=REVIEW_AFTER_WEEKS)
    return Program(
        items=items,
        minutes_per_day=daily_minutes(items),
        review_after_weeks=REVIEW_AFTER_WEEKS,
        review_date=review_date,
        maintenance=_maintenance(items, review_date),
        cautions=tuple(extra_cautions) + _cautions(lib, targets, left_out, age, referral),
        advice=_advice(lib, targets),
        phases=_phases(today, REVIEW_AFTER_WEEKS, referral is not None),
        targets=targets,
    )

"""Intake schema v2: what a person tells psoas (pain map, history, red flags, self-tests, posture).

Conventions (degrees, centimetres, kilograms, hours, weeks):
- Thomas ``hip_angle_deg``: + means the hanging thigh stays above horizontal (lacking hip extension);
  normal is about -12 (Harvey 1998: -11.9 +/- 9.9). ``knee_angle_deg``: flexion of the hanging knee between
  thigh and shank, 0 = straight. With the thigh a little below horizontal a normal shank hangs about vertical,
  so a normal reading is about 70-80; below about 67 suggests a short rectus femoris (Kendall 2005).
- Every measured self-test side may say how it was measured: ``method`` is one of ``photo_corrected``,
  ``photo``, ``inclinometer``, ``goniometer`` (the default) or ``estimate``; each carries its own measurement
  error (data/traits.toml, docs/assessment.md).
- ``red_flags_cleared`` maps a red-flag id (or a red-flag rule id) to the date (YYYY-MM-DD) a clinician
  checked it: a cleared flag becomes a caution instead of a referral. Emergency flags cannot be cleared.
- Schema v1 intakes (no ``schema_version``, or ``"1"``) are accepted and upgraded: every measured test is
  then taken as read with a goniometer.
- ``ear_shoulder_angle_deg``: side view, the shoulder-to-ear line's angle above horizontal (90 = ear over
  shoulder).
- A red flag left out is *unanswered*, not "no". ``red_flags_unsure`` lists the red flags the person
  answered "not sure": each is left out of ``red_flags`` (it is neither yes nor no) and is screened as a
  caution to check with a clinician soon, never as an emergency.

Unknown keys anywhere are an error. :func:`parse_intake` turns any validation failure into one
:class:`psoas.errors.InputError` naming the field path and the allowed values.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from psoas.errors import InputError
from psoas.knowledge import vocab

SCHEMA_VERSION = "2"

Region = Literal[vocab.REGIONS]  # type: ignore[valid-type]
Side = Literal[vocab.SIDES]  # type: ignore[valid-type]
BodySide = Literal[vocab.BODY_SIDES]  # type: ignore[valid-type]
Aggravator = Literal[vocab.AGGRAVATORS]  # type: ignore[valid-type]
Sensation = Literal[vocab.SENSATIONS]  # type: ignore[valid-type]
Result = Literal[vocab.RESULTS]  # type: ignore[valid-type]
Sex = Literal[vocab.SEXES]  # type: ignore[valid-type]
Onset = Literal[vocab.ONSETS]  # type: ignore[valid-type]
Mechanism = Literal[vocab.INJURY_MECHANISMS]  # type: ignore[valid-type]
Method = Literal[vocab.METHODS]  # type: ignore[valid-type]
RedFlagId = Literal[vocab.RED_FLAGS]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, strict=True)


class Person(_Strict):
    age: int = Field(ge=8, le=110, description="Age in years.")
    sex: Sex | None = None
    height_cm: float | None = Field(default=None, ge=100, le=230)
    weight_kg: float | None = Field(default=None, ge=25, le=300)


class PainEntry(_Strict):
    region: Region
    side: Side | None = Field(
        default=None, description="Required for paired regions; center only for midline."
    )
    intensity: int = Field(ge=0, le=10, description="NPRS 0-10.")
    weeks: float | None = Field(default=None, ge=0, le=5200)
    onset: Onset | None = None
    worse_with: list[Aggravator] = Field(default_factory=list, max_length=len(vocab.AGGRAVATORS))
    sensations: list[Sensation] = Field(default_factory=list, max_length=len(vocab.SENSATIONS))

    @model_validator(mode="after")
    def _side_fits_region(self) -> PainEntry:
        midline = self.region in vocab.MIDLINE_REGIONS
        if self.side is None and not midline:
            raise ValueError("side is required for a paired region (left, right or both)")
        if self.side == "center" and not midline:
            raise ValueError(
                f"side 'center' is only for midline regions ({', '.join(sorted(vocab.MIDLINE_REGIONS))})"
            )
        return self

    @property
    def body_sides(self) -> tuple[str, ...]:
        """Body-map nodes this entry covers (left/right, or center for midline regions)."""
        return vocab.sides_of(self.region, self.side or "center")


class Injury(_Strict):
    region: Region
    side: Side = "center"
    weeks_ago: float = Field(ge=0, le=5200)
    mechanism: Mechanism = "other"


class History(_Strict):
    sitting_hours_per_day: float | None = Field(default=None, ge=0, le=24)
    activities: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=20
    )
    injury: Injury | None = None

    @field_validator("activities")
    @classmethod
    def _normalise(cls, value: list[str]) -> list[str]:
        return [a.strip().lower().replace(" ", "_").replace("-", "_") for a in value]


class _RedFlagAnswers(_Strict):
    """Answers to the red-flag questions (psoas.assessment.redflags.QUESTIONS); None = not answered."""

    def is_yes(self, flag: str) -> bool:
        """True only when the flag was answered yes (unanswered is not no, but it is not yes either)."""
        if flag not in vocab.RED_FLAGS:
            raise KeyError(f"unknown red flag {flag!r}")
        return getattr(self, flag) is True


if TYPE_CHECKING:  # pragma: no cover - the checker sees the base; the fields come from the vocabulary
    RedFlags = _RedFlagAnswers
else:
    RedFlags = create_model(
        "RedFlags",
        __base__=_RedFlagAnswers,
        __doc__=_RedFlagAnswers.__doc__,
        **{flag: (bool | None, None) for flag in vocab.RED_FLAGS},
    )
"""One optional yes/no field per red flag of :data:`psoas.knowledge.vocab.RED_FLAGS` (derived, not copied)."""


class _TestSide(_Strict):
    """One side of a self-test: a pass/fail ``result`` or measured values (and how they were measured)."""

    result: Result | None = None
    method: Method | None = Field(
        default=None, description="How the angle was measured (default goniometer)."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"result": value} if isinstance(value, str) else value


class ThomasSide(_TestSide):
    hip_angle_deg: float | None = Field(
        default=None,
        ge=-45,
        le=60,
        description="Thigh above horizontal (degrees; below = negative)",
    )
    knee_angle_deg: float | None = Field(
        default=None, ge=0, le=160, description="Hanging knee bend (degrees)"
    )
    thigh_abducts: bool | None = Field(default=None, description="The thigh drifts outwards")


class KneeExtensionSide(_TestSide):
    deficit_deg: float | None = Field(default=None, ge=0, le=90, description="Degrees short of straight")


class StraightLegRaiseSide(_TestSide):
    angle_deg: float | None = Field(
        default=None, ge=0, le=120, description="Leg angle from the floor (degrees)"
    )
    reproduces_leg_pain: bool | None = Field(default=None, description="It brings on pain below the knee")


class HipRotationSide(_TestSide):
    angle_deg: float | None = Field(
        default=None, ge=0, le=90, description="Shin angle from vertical (degrees)"
    )


class _Sides(_Strict):
    pass


class ThomasSides(_Sides):
    left: ThomasSide | None = None
    right: ThomasSide | None = None


class KneeExtensionSides(_Sides):
    left: KneeExtensionSide | None = None
    right: KneeExtensionSide | None = None


class StraightLegRaiseSides(_Sides):
    left: StraightLegRaiseSide | None = None
    right: StraightLegRaiseSide | None = None


class HipRotationSides(_Sides):
    left: HipRotationSide | None = None
    right: HipRotationSide | None = None


class Tests(_Strict):
    thomas: ThomasSides | None = None
    knee_extension_90_90: KneeExtensionSides | None = None
    straight_leg_raise: StraightLegRaiseSides | None = None
    hip_internal_rotation: HipRotationSides | None = None


class Posture(_Strict):
    pelvic_tilt_deg: float | None = Field(default=None, ge=-30, le=45)
    lumbar_lordosis_deg: float | None = Field(default=None, ge=0, le=100)
    trunk_lean_deg: float | None = Field(default=None, ge=-30, le=45)
    ear_shoulder_angle_deg: float | None = Field(default=None, ge=20, le=120)
    method: Method | None = Field(default=None, description="How the angles were measured (default photo).")


MAX_PAIN_ENTRIES = 64
"""More pain entries than any body map can hold are refused (each one costs engine time)."""


class Intake(_Strict):
    """A whole intake (schema v2). ``person`` is required; everything else is optional."""

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        frozen=True,
        strict=True,
        json_schema_extra={"$id": "https://psoas.local/schema/intake-v2.json", "version": SCHEMA_VERSION},
    )

    schema_version: Literal["1", "2"] = Field(
        default="2", description="Intake schema version; v1 intakes are upgraded to v2."
    )
    person: Person
    pain: list[PainEntry] = Field(default_factory=list, max_length=MAX_PAIN_ENTRIES)
    history: History = Field(default_factory=History)
    red_flags: RedFlags = Field(default_factory=RedFlags)
    tests: Tests = Field(default_factory=Tests)
    posture: Posture = Field(default_factory=Posture)
    # dates arrive as YYYY-MM-DD text (JSON has no date type), so this one field parses text laxly
    red_flags_cleared: dict[str, Annotated[datetime.date, Field(strict=False)]] = Field(
        default_factory=dict,
        description="Red flag (or rule) id -> date a clinician checked it; emergency flags cannot be cleared.",
    )
    red_flags_unsure: list[RedFlagId] = Field(
        default_factory=list,
        max_length=len(vocab.RED_FLAGS),
        description='Red flags answered "not sure" (left out of red_flags): a caution to see a clinician soon.',
    )

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, value: Any) -> Any:
        """A v1 intake becomes v2: same fields, every measured angle read as a goniometer reading."""
        if isinstance(value, dict) and value.get("schema_version", "1") == "1":
            value = {**value, "schema_version": SCHEMA_VERSION}
        return value

    @field_validator("red_flags_unsure")
    @classmethod
    def _unsure_is_not_answered(cls, value: list[str], info: ValidationInfo) -> list[str]:
        answered = info.data.get("red_flags")
        for flag in value:
            if answered is not None and getattr(answered, flag) is not None:
                raise ValueError(f"{flag} is also answered in red_flags; give yes, no or not sure, not two")
        if len(set(value)) != len(value):
            raise ValueError("each red flag may be listed once")
        return value

    @field_validator("red_flags_cleared")
    @classmethod
    def _clearable(cls, value: dict[str, datetime.date]) -> dict[str, datetime.date]:
        for flag in value:
            if flag in vocab.EMERGENCY_FLAGS:
                raise ValueError(
                    f"{flag} is an emergency sign and cannot be cleared by a checkbox: get same-day care"
                )
            if flag not in vocab.RED_FLAGS and flag not in vocab.CLEARABLE_RULES:
                raise ValueError(
                    f"unknown red flag {flag!r} (allowed: "
                    + ", ".join(
                        sorted((set(vocab.RED_FLAGS) - vocab.EMERGENCY_FLAGS) | vocab.CLEARABLE_RULES)
                    )
                    + ")"
                )
        return value


def intake_json_schema() -> dict[str, Any]:
    """The intake schema v2 as JSON Schema (draft 2020-12)."""
    schema = Intake.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "psoas intake v2"
    return schema


# ---- parsing with clear errors ---------------------------------------------------------------------------


MAX_INTAKE_CHARS = 1 << 20
"""An intake is a few kilobytes; anything over 1 MiB is refused before parsing."""


def load_json(text: str | bytes, what: str = "intake") -> Any:
    """Parse JSON strictly (:func:`psoas.intake.strictjson.loads`): no NaN, duplicates or runaway nesting."""
    from psoas.intake.strictjson import loads

    return loads(text, what, max_chars=MAX_INTAKE_CHARS)


def parse_intake(data: dict[str, Any] | str | bytes) -> Intake:
    """Validate an intake given as a dict or JSON text; raise InputError naming the field on failure."""
    if isinstance(data, str | bytes):
        data = load_json(data)
    if not isinstance(data, dict):
        raise InputError(
            "intake", f"must be a JSON object, not {type(data).__name__ if data is not None else 'null'}"
        )
    from psoas.intake.strictjson import check_tree

    check_tree(data, "intake", max_depth=8)
    try:
        return Intake.model_validate(data)
    except ValidationError as exc:
        from psoas.intake.schema_errors import to_input_error

        raise to_input_error(exc, Intake) from None


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('pain', 0, 'region')`` -> ``pain[0].region``."""
    from psoas.intake.schema_errors import format_loc as _format

    return _format(loc)


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """(lowest, highest) allowed value of a numeric field of a schema model, from its declaration."""
    from psoas.intake.schema_errors import field_bounds as _bounds

    return _bounds(model, name)

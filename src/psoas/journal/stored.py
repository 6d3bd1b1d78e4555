"""The shape of stored assessment results and programmes, checked on import and on read-back.

The pages read a stored result's causes, chains, next tests, referral and programme; an import
(or a hand-edited database) with any of these malformed would break a page. These models check
exactly what the pages and the API rely on and let every other key through, so results written
by newer engines still load. Numbers must be finite; probabilities lie in [0, 1].
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from psoas.errors import InputError


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, allow_inf_nan=False)


class StoredChain(_Open):
    path: list[str] = Field(default_factory=list)
    evidence: str = ""


class StoredCause(_Open):
    id: str
    side: str
    label: str = ""
    probability: float = Field(default=0.0, ge=0, le=1)
    prior: float = Field(default=0.0, ge=0, le=1)
    evidence: str = ""
    chains: list[StoredChain] = Field(default_factory=list)


class StoredTest(_Open):
    test: str
    side: str
    label: str = ""
    information_gain_bits: float = Field(ge=0, le=100)


class StoredReferral(_Open):
    urgency: str
    reasons: list[str] = Field(default_factory=list)
    advice: str = ""


class StoredItem(_Open):
    exercise: str = Field(pattern=r"^[a-z0-9_]{1,80}$")
    name: str = ""
    why: str = ""
    evidence: str = ""
    optional: bool = False
    dose: dict[str, int | float | str] = Field(default_factory=dict)
    sides: list[str] = Field(default_factory=list)
    cautions: list[str] = Field(default_factory=list)


class StoredProgram(_Open):
    items: list[StoredItem] = Field(default_factory=list)
    cautions: list[str] = Field(default_factory=list)
    minutes_per_day: float | None = Field(default=None, ge=0, le=1440)
    review_after_weeks: float | None = Field(default=None, ge=0, le=520)
    review_date: str | None = None


class StoredResult(_Open):
    causes: list[StoredCause] = Field(default_factory=list)
    next_tests: list[StoredTest] = Field(default_factory=list)
    referral: StoredReferral | None = None
    red_flags_unanswered: list[str] = Field(default_factory=list)
    program: StoredProgram | None = None


def _fail(field: str, exc: ValidationError) -> InputError:
    from psoas.intake.schema import format_loc

    err = exc.errors(include_url=False)[0]
    where = format_loc(tuple(err["loc"]))
    return InputError(f"{field}.{where}", err["msg"][0].lower() + err["msg"][1:])


def check_result(result: Any, field: str = "result") -> dict[str, Any]:
    """A stored assessment result the pages can show, else InputError naming the bad entry."""
    if not isinstance(result, dict):
        raise InputError(field, "must be an object")
    try:
        StoredResult.model_validate(result)
    except ValidationError as exc:
        raise _fail(field, exc) from None
    return result


def check_program(content: Any, field: str = "content") -> dict[str, Any] | None:
    """A stored programme the programme page can show (or None)."""
    if content is None:
        return None
    if not isinstance(content, dict):
        raise InputError(field, "must be an object or null")
    try:
        StoredProgram.model_validate(content)
    except ValidationError as exc:
        raise _fail(field, exc) from None
    return content

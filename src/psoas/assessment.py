"""One assessment: red flags first, then reasoning, then a programme aimed at the cause.

:func:`assess` is the library face (``psoas.assess``); its :meth:`Assessment.to_dict` is exactly the
CLI's and the API's JSON output (public contract: engine_version, referral, causes, next_tests, program).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from psoas import __version__
from psoas.intake import Intake, parse_intake
from psoas.results import CauseResult, NextTest, Referral

DISCLAIMER = (
    "psoas does not diagnose. Probabilities rank hypotheses for you to test on yourself; most links in the "
    "psoas chain are weakly supported or unsupported, and each chain shows its weakest link."
)


def engine_version() -> str:
    """Version of the engine and of the atlas data it reasons over."""
    from psoas.atlas import load_atlas

    return f"{__version__}+atlas.{load_atlas().version}"


@dataclass(frozen=True)
class Assessment:
    """Result of assessing one intake. ``program`` is None when a referral stops self-care."""

    intake: Intake
    referral: Referral | None
    causes: list[CauseResult]
    next_tests: list[NextTest]
    program: Any | None
    red_flags_unanswered: list[str] = field(default_factory=list)
    red_flag_rules: list[str] = field(default_factory=list)
    engine_version: str = ""
    date: str = ""

    @property
    def top_causes(self) -> list[CauseResult]:
        """Causes above their prior, most probable first (what the evidence points to)."""
        return [c for c in self.causes if c.probability > c.prior]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON output."""
        return {
            "engine_version": self.engine_version,
            "date": self.date,
            "referral": self.referral.to_dict() if self.referral else None,
            "red_flag_rules": list(self.red_flag_rules),
            "red_flags_unanswered": list(self.red_flags_unanswered),
            "causes": [c.to_dict() for c in self.causes],
            "next_tests": [t.to_dict() for t in self.next_tests],
            "program": self.program.to_dict() if self.program is not None else None,
            "disclaimer": DISCLAIMER,
        }


def assess(data: dict[str, Any] | str | bytes | Intake, *, today: datetime.date | None = None) -> Assessment:
    """Assess an intake (dict, JSON text or a parsed :class:`~psoas.intake.Intake`).

    Raises :class:`psoas.errors.InputError` naming the bad field for invalid input.
    """
    from psoas import redflags
    from psoas.program import build_program
    from psoas.reasoning.engine import get_engine

    intake = data if isinstance(data, Intake) else parse_intake(data)
    today = today or datetime.date.today()
    referral = redflags.screen(intake)
    inference = get_engine().infer(intake)
    painful = sorted({(p.region, side) for p in intake.pain if p.intensity > 0 for side in p.body_sides})
    program = (
        build_program(
            inference.causes, age=intake.person.age, referral=referral, painful_regions=painful, today=today
        )
        if painful
        else None
    )
    return Assessment(
        intake=intake,
        referral=referral,
        causes=inference.causes,
        next_tests=inference.next_tests,
        program=program,
        red_flags_unanswered=redflags.unanswered(intake),
        red_flag_rules=redflags.fired_rules(intake),
        engine_version=engine_version(),
        date=today.isoformat(),
    )

"""One assessment: red flags first, then reasoning, then a programme aimed at the cause.

:func:`assess` is the library face (``psoas.assess``); its :meth:`Assessment.to_dict` is exactly the
CLI's and the API's JSON output (public contract: engine_version, referral, causes, next_tests, program;
v2 adds ``schema_version``, per-cause ``kind`` and ``explains``, ``explanations`` per painful region,
``red_flag_cautions`` and ``readings``).

Two numbers per cause, side by side: ``probability`` is how likely the person *has* it (a flexibility trait
is read by the self-tests; a condition by everything), and ``explains`` / ``explanations`` say how much of
each painful region's pain it may explain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from psoas.assessment.result_types import CauseResult, NextTest, Referral
from psoas.intake.schema import Intake, parse_intake
from psoas.version import __version__

DISCLAIMER = (
    "psoas does not diagnose. Probabilities rank hypotheses for you to test on yourself; most links in the "
    "psoas chain are weakly supported or unsupported, and each chain shows its weakest link."
)


def engine_version() -> str:
    """Version of the engine and of the atlas data it reasons over."""
    from psoas.knowledge.atlas import load_atlas

    return f"{__version__}+atlas.{load_atlas().version}"


MAX_CAUSES = 8
"""At most this many causes are shown, plus any that the evidence more than doubled."""
MOVED = 0.005
"""A cause whose probability moved this far from its prior is shown even if it explains no marked region."""


def top_causes(causes: list[CauseResult]) -> list[CauseResult]:
    """The causes worth showing, most likely first: those that may explain a painful region (or whose
    explanation was not worked out) or that the evidence moved; at most :data:`MAX_CAUSES`, plus any that
    the evidence more than doubled. The one rule every face (report, web, documents) follows."""
    worth = [c for c in causes if c.may_explain_the_pain() or abs(c.probability - c.prior) > MOVED]
    return worth[:MAX_CAUSES] + [c for c in worth[MAX_CAUSES:] if c.probability > 2 * c.prior]


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
    red_flag_cautions: list[str] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def top_causes(self) -> list[CauseResult]:
        """The causes worth showing, in the order every face shows them (see :func:`top_causes`)."""
        return top_causes(self.causes)

    def explanations(self) -> list[dict[str, Any]]:
        """Per painful region: each cause's share of its pain, largest first (what may explain it)."""
        regions: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for c in self.causes:
            for s in c.explains or []:
                regions.setdefault((s.region, s.side), []).append(
                    {
                        "cause": c.id,
                        "side": c.side,
                        "kind": c.kind,
                        "share": s.share,
                        "probability": c.probability,
                    }
                )
        out = []
        for (region, side), shares in sorted(regions.items()):
            shares.sort(key=lambda x: (-x["share"], x["cause"], x["side"]))
            out.append(
                {
                    "region": region,
                    "side": side,
                    "shares": [{**x, "probability": round(x["probability"], 4)} for x in shares],
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The public JSON output."""
        return {
            "engine_version": self.engine_version,
            "schema_version": self.intake.schema_version,
            "date": self.date,
            "referral": self.referral.to_dict() if self.referral else None,
            "red_flag_rules": list(self.red_flag_rules),
            "red_flag_cautions": list(self.red_flag_cautions),
            "red_flags_unanswered": list(self.red_flags_unanswered),
            "causes": [c.to_dict() for c in self.causes],
            "explanations": self.explanations(),
            "readings": list(self.readings),
            "next_tests": [t.to_dict() for t in self.next_tests],
            "program": self.program.to_dict() if self.program is not None else None,
            "disclaimer": DISCLAIMER,
        }


def assess(data: dict[str, Any] | str | bytes | Intake, *, today: datetime.date | None = None) -> Assessment:
    """Assess an intake (dict, JSON text or a parsed :class:`~psoas.intake.schema.Intake`).

    Raises :class:`psoas.errors.InputError` naming the bad field for invalid input.
    """
    from psoas.assessment import redflags
    from psoas.reasoning.engine import get_engine
    from psoas.release.programme import build_program

    intake = data if isinstance(data, Intake) else parse_intake(data)
    today = today or datetime.date.today()
    flags = redflags.check(intake)  # the rules run once per assessment
    referral, cautions = flags.referral, flags.cautions
    inference = get_engine().infer(intake)
    painful = sorted({(p.region, side) for p in intake.pain if p.intensity > 0 for side in p.body_sides})
    program = (
        build_program(
            inference.causes,
            age=intake.person.age,
            referral=referral,
            painful_regions=painful,
            today=today,
            extra_cautions=cautions,
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
        red_flags_unanswered=flags.unanswered,
        red_flag_rules=flags.rules,
        engine_version=engine_version(),
        date=today.isoformat(),
        red_flag_cautions=cautions,
        readings=readings_of(intake),
    )


def readings_of(intake: Intake) -> list[dict[str, Any]]:
    """The measured self-test readings of an intake with their method, SEM and minimum detectable change."""
    from psoas.reasoning.observations import collect_readings
    from psoas.reasoning.traits import load_trait_model

    model = load_trait_model()
    out = []
    for m in collect_readings(intake, model):
        row: dict[str, Any] = {"reading": m.reading, "test": m.test, "side": m.side, "field": m.field}
        row |= {"target": m.target, "value": m.value, "likelihood_ratio": round(m.likelihood_ratio, 4)}
        if isinstance(m.value, int | float) and not isinstance(m.value, bool):
            sem = model.methods[m.method or "goniometer"].sem_deg
            row |= {"method": m.method, "sem_deg": sem, "mdc95_deg": round(mdc95(sem, sem), 2)}
        out.append(row)
    return out


def mdc95(sem_before: float, sem_after: float) -> float:
    """Minimum detectable change at 95% between two readings: 1.96 * sqrt(SEM_1^2 + SEM_2^2)

    (= 1.96 * sqrt(2) * SEM when both readings used the same method)."""
    return 1.96 * (sem_before**2 + sem_after**2) ** 0.5

"""A stored assessment result (the JSON of :meth:`~psoas.assessment.pipeline.Assessment.to_dict`) read back
into the engine's result types, so the presentation layer works on typed results only.

This is the one place that reads a result by its JSON keys. Results saved by older engines may lack
``explains`` (read as "not worked out", :attr:`CauseResult.explains` None) or other v2 keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psoas.assessment.result_types import CauseResult, Chain, NextTest, Referral, RegionShare


@dataclass(frozen=True)
class ResultFacts:
    """What the faces show of one assessment, typed (the programme stays its JSON document)."""

    causes: list[CauseResult]
    next_tests: list[NextTest]
    referral: Referral | None
    program: dict[str, Any] | None
    engine_version: str = ""
    date: str = ""
    disclaimer: str = ""
    red_flag_cautions: list[str] = field(default_factory=list)
    red_flags_unanswered: list[str] = field(default_factory=list)


def _chain(raw: dict[str, Any]) -> Chain:
    return Chain(
        region=str(raw["region"]),
        side=str(raw.get("side") or "center"),
        path=[str(step) for step in raw.get("path") or []],
        evidence=str(raw.get("evidence") or ""),
        contribution=float(raw.get("contribution") or 0.0),
    )


def cause_of(raw: dict[str, Any]) -> CauseResult:
    """One stored cause entry as a :class:`CauseResult`."""
    shares = raw.get("explains")
    return CauseResult(
        id=str(raw["id"]),
        side=str(raw.get("side") or "center"),
        probability=float(raw.get("probability") or 0.0),
        prior=float(raw.get("prior") or 0.0),
        evidence=str(raw.get("evidence") or ""),
        label=str(raw.get("label") or ""),
        chains=[_chain(c) for c in raw.get("chains") or []],
        kind=str(raw.get("kind") or "condition"),
        explains=None
        if shares is None
        else [
            RegionShare(str(s["region"]), str(s.get("side") or "center"), float(s["share"])) for s in shares
        ],
    )


def facts_of(result: dict[str, Any]) -> ResultFacts:
    """A stored result as typed facts."""
    referral = result.get("referral")
    return ResultFacts(
        causes=[cause_of(c) for c in result.get("causes") or []],
        next_tests=[
            NextTest(
                test=str(t["test"]),
                side=str(t.get("side") or "center"),
                information_gain_bits=float(t.get("information_gain_bits") or 0.0),
                label=str(t.get("label") or ""),
            )
            for t in result.get("next_tests") or []
        ],
        referral=None
        if not referral
        else Referral(
            str(referral["urgency"]), list(referral.get("reasons") or []), str(referral.get("advice") or "")
        ),
        program=result.get("program"),
        engine_version=str(result.get("engine_version") or ""),
        date=str(result.get("date") or ""),
        disclaimer=str(result.get("disclaimer") or ""),
        red_flag_cautions=list(result.get("red_flag_cautions") or []),
        red_flags_unanswered=list(result.get("red_flags_unanswered") or []),
    )


def facts_of_assessment(assessment: Any) -> ResultFacts:
    """A fresh :class:`~psoas.assessment.pipeline.Assessment` as the same facts (no JSON round trip)."""
    from psoas.assessment.pipeline import DISCLAIMER

    return ResultFacts(
        causes=list(assessment.causes),
        next_tests=list(assessment.next_tests),
        referral=assessment.referral,
        program=assessment.program.to_dict() if assessment.program is not None else None,
        engine_version=assessment.engine_version,
        date=assessment.date,
        disclaimer=DISCLAIMER,
        red_flag_cautions=list(assessment.red_flag_cautions),
        red_flags_unanswered=list(assessment.red_flags_unanswered),
    )

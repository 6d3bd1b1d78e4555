"""The assessment as every face shows it: which causes, in what order, in which words.

:func:`assessment_view` (a fresh :class:`~psoas.assessment.pipeline.Assessment`) and :func:`stored_view`
(a result read back from the journal) build the same :class:`AssessmentView`; the text and Markdown reports
(:mod:`psoas.present.report`), the web results page and the clinician summary render it and decide nothing
themselves. Which causes are shown is :func:`psoas.assessment.pipeline.top_causes`; the words come from
:mod:`psoas.present.words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psoas.assessment.pipeline import top_causes
from psoas.assessment.result_types import CauseResult, Chain, NextTest
from psoas.present import words
from psoas.present.typed import ResultFacts, facts_of, facts_of_assessment

MAX_SHARES = 3
"""How many painful regions a cause line names (largest share first)."""
CHAINS_PER_REGION = 3
"""Per painful region, the largest chains shown (plus every chain of a cause the evidence raised)."""
EXPLAINS_NOTHING = "explains none of the places you marked"
NOT_WORKED_OUT = "what it may explain was not worked out for this result"


@dataclass(frozen=True)
class ShareView:
    """How much of one painful region's pain a cause may explain: ``words`` = ``"12% of left knee pain"``."""

    region: str
    side: str
    share: float
    words: str


@dataclass(frozen=True)
class ChainView:
    """One chain from a cause to a painful region, in words."""

    region: str
    side: str
    path: list[str]
    evidence: str
    contribution: float
    region_words: str
    path_words: str
    contribution_words: str
    cause_label: str


@dataclass(frozen=True)
class CauseView:
    """One shown cause: ``label`` (with its side), ``likely_words``, and ``explains_words`` over ``shares``."""

    id: str
    side: str
    kind: str
    evidence: str
    probability: float
    prior: float
    name: str
    label: str
    likely_words: str
    shares: list[ShareView]
    explains_words: str
    chains: list[ChainView]
    about: str


@dataclass(frozen=True)
class RegionView:
    """A painful region and the chains that may explain it, largest share first."""

    region: str
    side: str
    words: str
    chains: list[ChainView]


@dataclass(frozen=True)
class NextTestView:
    test: str
    side: str
    words: str
    bits_words: str
    settles_words: str = ""


@dataclass(frozen=True)
class ReferralView:
    urgency: str
    words: str
    reasons: list[str]
    advice: str


@dataclass(frozen=True)
class ProgramItemView:
    exercise: str
    name: str
    sides: list[str]
    sides_words: str
    dose: dict[str, Any]
    dose_words: list[str]
    dose_line: str
    optional: bool
    why: str
    evidence: str
    illustration: str | None


@dataclass(frozen=True)
class ProgramView:
    minutes_per_day: Any
    review_after_weeks: Any
    review_date: str
    cautions: list[str]
    items: list[ProgramItemView]
    advice: list[str]


@dataclass(frozen=True)
class AssessmentView:
    """Everything a face shows of one assessment, decided once."""

    engine_version: str
    date: str
    disclaimer: str
    referral: ReferralView | None
    red_flag_cautions: list[str]
    red_flags_unanswered: list[str]
    causes: list[CauseView]
    regions: list[RegionView]
    next_tests: list[NextTestView]
    program: ProgramView | None


def assessment_view(assessment: Any) -> AssessmentView:
    """The view of a fresh assessment (``psoas.assess(...)``)."""
    return _view(facts_of_assessment(assessment))


def stored_view(result: dict[str, Any]) -> AssessmentView:
    """The view of a stored result (the JSON of ``Assessment.to_dict``)."""
    return _view(facts_of(result))


def _view(facts: ResultFacts) -> AssessmentView:
    shown = top_causes(facts.causes)
    causes = [cause_view(c) for c in shown]
    referral = facts.referral
    return AssessmentView(
        engine_version=facts.engine_version,
        date=words.date_words(facts.date),
        disclaimer=facts.disclaimer,
        referral=None
        if referral is None
        else ReferralView(
            referral.urgency, words.URGENCY_WORDS[referral.urgency], referral.reasons, referral.advice
        ),
        red_flag_cautions=facts.red_flag_cautions,
        red_flags_unanswered=facts.red_flags_unanswered,
        causes=causes,
        regions=region_views(facts.causes),
        next_tests=[next_test_view(t) for t in facts.next_tests],
        program=program_view(facts.program),
    )


def cause_name(cause: CauseResult) -> str:
    """The cause's name without its side (its label, else its id spelt out)."""
    return cause.label or cause.id.replace("_", " ")


def cause_view(cause: CauseResult) -> CauseView:
    """One cause in words."""
    from psoas.knowledge.atlas import load_atlas

    known = load_atlas().causes.get(cause.id)
    label = cause_name(cause) + words.side_suffix(cause.side)
    ranked = sorted((s for s in cause.explains or [] if s.share > 0), key=lambda s: -s.share)[:MAX_SHARES]
    shares = [
        ShareView(
            s.region,
            s.side,
            s.share,
            f"{words.percent(s.share)} of {words.region_words(s.region, s.side)} pain",
        )
        for s in ranked
    ]
    explains = "may explain " + ", ".join(s.words for s in shares) if shares else EXPLAINS_NOTHING
    if cause.explains is None:  # a result from before explanations were worked out
        explains = NOT_WORKED_OUT
    return CauseView(
        id=cause.id,
        side=cause.side,
        kind=cause.kind,
        evidence=cause.evidence,
        probability=cause.probability,
        prior=cause.prior,
        name=cause_name(cause),
        label=label,
        likely_words=words.likely_words(cause.probability, cause.prior),
        shares=shares,
        explains_words=explains,
        chains=[chain_view(ch, label) for ch in cause.chains],
        about=known.about if known else "",
    )


def chain_view(chain: Chain, cause_label: str) -> ChainView:
    return ChainView(
        region=chain.region,
        side=chain.side,
        path=list(chain.path),
        evidence=chain.evidence,
        contribution=chain.contribution,
        region_words=words.region_words(chain.region, chain.side),
        path_words=words.path_words(chain.path),
        contribution_words=words.percent(chain.contribution),
        cause_label=cause_label,
    )


def region_views(causes: list[CauseResult]) -> list[RegionView]:
    """Per painful region (in region order): its largest chains, plus every chain of a raised cause."""
    pairs: dict[tuple[str, str], list[tuple[CauseResult, Chain]]] = {}
    for cause in causes:
        for chain in cause.chains:
            pairs.setdefault((chain.region, chain.side), []).append((cause, chain))
    out = []
    for (region, side), found in sorted(pairs.items()):
        found.sort(key=lambda pair: -pair[1].contribution)
        shown = [
            chain_view(ch, cause_name(c) + words.side_suffix(c.side))
            for i, (c, ch) in enumerate(found)
            if i < CHAINS_PER_REGION or c.probability > c.prior
        ]
        out.append(RegionView(region, side, words.region_words(region, side), shown))
    return out


def next_test_view(test: NextTest) -> NextTestView:
    name = test.label or test.test.replace("_", " ")
    where = "" if test.side == "center" else f" on the {test.side}"
    bits = test.information_gain_bits
    return NextTestView(test.test, test.side, name + where, f"{bits:.2f} bits", words.information_words(bits))


def program_view(program: dict[str, Any] | None) -> ProgramView | None:
    """The programme's facts in words (None when self-care is held back or nothing hurts)."""
    if program is None:
        return None
    items = []
    for item in program.get("items") or []:
        sides = list(item.get("sides") or [])
        dose = dict(item.get("dose") or {})
        items.append(
            ProgramItemView(
                exercise=str(item["exercise"]),
                name=str(item.get("name") or item["exercise"]),
                sides=sides,
                sides_words="" if not sides or sides == ["center"] else ", ".join(sides),
                dose=dose,
                dose_words=words.dose_words(dose),
                dose_line=words.dose_line(dose),
                optional=bool(item.get("optional")),
                why=str(item.get("why") or ""),
                evidence=str(item.get("evidence") or ""),
                illustration=item.get("illustration"),
            )
        )
    advice = [str(a.get("text") or a.get("message") or "") for a in program.get("advice") or []]
    return ProgramView(
        minutes_per_day=program.get("minutes_per_day"),
        review_after_weeks=program.get("review_after_weeks"),
        review_date=words.date_words(program.get("review_date")),
        cautions=list(program.get("cautions") or []),
        items=items,
        advice=[a for a in advice if a],
    )

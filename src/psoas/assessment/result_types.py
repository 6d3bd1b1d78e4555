"""Result types of an assessment (engine output), shared by the program builder and the faces.

Probabilities are in [0, 1]. ``side`` is ``left``, ``right`` or ``center``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Chain:
    """How one cause could explain one painful region: the path and its weakest link."""

    region: str
    side: str
    path: list[str]
    evidence: str
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "side": self.side,
            "path": list(self.path),
            "evidence": self.evidence,
            "contribution": self.contribution,
        }


@dataclass(frozen=True)
class RegionShare:
    """How much of one painful region's pain one cause may explain (0-1, summed over its chains)."""

    region: str
    side: str
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "side": self.side, "share": self.share}


@dataclass(frozen=True)
class CauseResult:
    """One candidate root cause on one side: how likely the person has it, and what it may explain.

    ``probability`` is "how likely you have it" (for a flexibility ``kind="trait"``, from the self-tests; for a
    ``kind="condition"``, from everything); ``explains`` is "how much of each painful region it may explain".
    """

    id: str
    side: str
    probability: float
    prior: float
    evidence: str
    label: str = ""
    chains: list[Chain] = field(default_factory=list)
    kind: str = "condition"
    explains: list[RegionShare] | None = None  # None: not worked out (a cause built by hand)

    def may_explain_the_pain(self) -> bool:
        """True when the cause has a chain into a painful region (or nobody worked that out)."""
        return self.explains is None or any(s.share > 0 for s in self.explains)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "side": self.side,
            "label": self.label,
            "kind": self.kind,
            "probability": round(self.probability, 4),
            "prior": round(self.prior, 4),
            "evidence": self.evidence,
            "explains": [s.to_dict() for s in self.explains or []],
            "chains": [c.to_dict() for c in self.chains],
        }


@dataclass(frozen=True)
class Referral:
    """Red-flag outcome: who to see and how fast, with the reasons in plain words."""

    urgency: str  # emergency | urgent | soon
    reasons: list[str]
    advice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"urgency": self.urgency, "reasons": list(self.reasons), "advice": self.advice}


@dataclass(frozen=True)
class NextTest:
    """A self-test not yet done, with the expected information it would add about the causes."""

    test: str
    side: str
    information_gain_bits: float
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "test": self.test,
            "side": self.side,
            "label": self.label,
            "information_gain_bits": round(self.information_gain_bits, 4),
        }

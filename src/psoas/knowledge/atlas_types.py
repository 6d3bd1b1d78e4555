"""The atlas's types: regions, causes, mechanisms, links, findings, self-tests and the :class:`Atlas`.

Apart from :mod:`psoas.knowledge.atlas` (loading) and :mod:`psoas.knowledge.atlas_build`
(validation), so that the validation can build these without importing the loader (no cycle).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from psoas.errors import AtlasError
from psoas.knowledge import vocab
from psoas.knowledge.references import Reference

_LEVEL_RANK = {level: i for i, level in enumerate(vocab.EVIDENCE_LEVELS)}


def weakest(levels: list[str] | tuple[str, ...]) -> str:
    """The weakest of several evidence levels (a chain is as strong as its weakest link)."""
    return max(levels, key=lambda lv: _LEVEL_RANK[lv])


@dataclass(frozen=True)
class Region:
    """A body-map region. ``label``: a heading (``Front of thigh``); ``words``: the plain phrase used in
    sentences and on the body map (``front of thigh``); ``short``: the few letters the wheel's ring fits."""

    id: str
    label: str
    midline: bool
    nonspecific_prior: float
    words: str = ""
    short: str = ""


@dataclass(frozen=True)
class Cause:
    id: str
    label: str
    prior: float
    evidence: str
    cite: str
    about: str
    sided: bool
    muscle: str | None = None
    words: str = ""
    """The cause in plain words for a sentence (``tight deep hip flexors (psoas and iliacus)``)."""


@dataclass(frozen=True)
class Mechanism:
    id: str
    label: str
    sided: bool


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    weight: float
    evidence: str
    cite: str
    note: str = ""


@dataclass(frozen=True)
class Finding:
    id: str
    label: str
    sided: bool
    leak: float
    parents: dict[str, float]
    cite: str
    measure: str | None = None
    normal_mean: float | None = None
    affected_mean: float | None = None
    sd: float | None = None
    normal_mean_by_sex: dict[str, float] = field(default_factory=dict)
    pass_fail: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SelfTest:
    id: str
    label: str
    sided: bool
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Modifier:
    cause: str
    when: dict[str, Any]
    odds: float
    cite: str


@dataclass(frozen=True)
class Atlas:
    """Everything the reasoning engine and the faces know about the body, as data."""

    version: str
    regions: dict[str, Region]
    muscles: dict[str, dict[str, Any]]
    causes: dict[str, Cause]
    mechanisms: dict[str, Mechanism]
    links: tuple[Link, ...]
    findings: dict[str, Finding]
    tests: dict[str, SelfTest]
    modifiers: tuple[Modifier, ...]
    references: dict[str, str]
    evidence_caps: dict[str, float]
    sources: dict[str, Reference] = field(default_factory=dict)

    def node_label(self, node: str) -> str:
        """Human label of a cause, mechanism or ``pain:<region>`` node."""
        if node.startswith("pain:"):
            return f"{self.regions[node[5:]].label} pain"
        if node in self.causes:
            return self.causes[node].label
        return self.mechanisms[node].label

    def region_words(self, region: str, side: str = "center") -> str:
        """Plain words for a region on a side, e.g. ``left knee`` (``center`` and ``""`` add no side)."""
        words = self.regions[region].words
        return words if side in ("center", "") else f"{side} {words}"

    def is_sided(self, node: str) -> bool:
        if node.startswith("pain:"):
            return not self.regions[node[5:]].midline
        if node in self.causes:
            return self.causes[node].sided
        return self.mechanisms[node].sided

    def links_from(self, node: str) -> list[Link]:
        return [link for link in self.links if link.source == node]

    def paths_from(self, cause: str) -> Iterator[list[Link]]:
        """Every path of links from a cause to a ``pain:`` node (depth-first, acyclic)."""

        def walk(node: str, trail: list[Link]) -> Iterator[list[Link]]:
            for link in self.links_from(node):
                if any(step.source == link.target for step in trail):
                    continue
                if link.target.startswith("pain:"):
                    yield [*trail, link]
                else:
                    yield from walk(link.target, [*trail, link])

        yield from walk(cause, [])

    def resolve_cause(self, name: str) -> str:
        """A cause id from a cause id, a muscle id or a short name such as ``psoas``."""
        if name in self.causes:
            return name
        for cause in self.causes.values():
            if cause.muscle == name or cause.id.split("_")[0] == name:
                return cause.id
        raise AtlasError(f"unknown cause {name!r} (allowed: {', '.join(self.causes)})")

"""Build the Bayesian network from the atlas.

Nodes (binary, state 1 = present):
- ``c:<cause>:<side>``: causes, one per body side (``left``/``right``) or ``center``; root nodes whose
  CPT holds the atlas prior. History shapes the prior through soft evidence (odds multipliers).
- ``m:<mechanism>:<side>``: noisy-OR of the causes/mechanisms linked to it.
- ``r:<region>:<side>``: pain in a region; noisy-OR of its mechanisms plus ``ns:<region>:<side>``.
- ``ns:<region>:<side>``: non-specific pain of that region (a root with the region's own prior), so the
  network can always say "no specific source" for one region without spreading it to others.
- ``f:<finding>:<side>``: self-test and symptom findings, noisy-OR over causes with a leak.

Side rules for a link ``a -> b``: sided -> sided stays on its side; sided -> midline joins both sides into
the midline node; midline -> sided fans out to both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psoas.knowledge import vocab
from psoas.knowledge.atlas import Atlas

MECHANISM_LEAK = 0.005
REGION_LEAK = 0.002
NONSPECIFIC_WEIGHT = 0.95


def node(kind: str, ident: str, side: str) -> str:
    """Network node name, e.g. ``node("c", "psoas_tight", "left") == "c:psoas_tight:left"``."""
    return f"{kind}:{ident}:{side}"


def _kind_of(atlas: Atlas, ident: str) -> str:
    if ident.startswith("pain:"):
        return "r"
    return "c" if ident in atlas.causes else "m"


def _sides(atlas: Atlas, ident: str) -> tuple[str, ...]:
    return vocab.BODY_SIDES if atlas.is_sided(ident) else ("center",)


def _bare(ident: str) -> str:
    return ident[5:] if ident.startswith("pain:") else ident


@dataclass
class Network:
    """The built pyAgrum network plus the bookkeeping the engine needs."""

    bn: Any
    cause_nodes: dict[tuple[str, str], str] = field(default_factory=dict)
    region_nodes: dict[tuple[str, str], str] = field(default_factory=dict)
    nonspecific_nodes: dict[tuple[str, str], str] = field(default_factory=dict)
    finding_nodes: dict[tuple[str, str], str] = field(default_factory=dict)
    parents: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    leaks: dict[str, float] = field(default_factory=dict)

    def add_root(self, name: str, p: float) -> None:
        import pyagrum as gum

        self.bn.add(gum.LabelizedVariable(name, name, 2))
        self.bn.cpt(name).fillWith([1.0 - p, p])

    def add_noisy_or(self, name: str, leak: float) -> None:
        import pyagrum as gum

        self.bn.addNoisyORNet(gum.LabelizedVariable(name, name, 2), leak)
        self.parents[name] = []
        self.leaks[name] = leak

    def add_arc(self, parent: str, child: str, weight: float) -> None:
        self.bn.addWeightedArc(parent, child, weight)
        self.parents[child].append((parent, weight))


def _link_pairs(atlas: Atlas, source: str, target: str) -> list[tuple[str, str]]:
    """(source side, target side) pairs of one atlas link after applying the side rules."""
    src_sided, tgt_sided = atlas.is_sided(source), atlas.is_sided(target)
    if src_sided and tgt_sided:
        return [(s, s) for s in vocab.BODY_SIDES]
    if src_sided:
        return [(s, "center") for s in vocab.BODY_SIDES]
    if tgt_sided:
        return [("center", s) for s in vocab.BODY_SIDES]
    return [("center", "center")]


def build_network(atlas: Atlas) -> Network:
    """Build the whole network (about 150 binary nodes) from the atlas."""
    import pyagrum as gum

    net = Network(bn=gum.BayesNet("psoas"))
    for cause in atlas.causes.values():
        if cause.id == "nonspecific":
            continue
        for side in _sides(atlas, cause.id):
            name = node("c", cause.id, side)
            net.add_root(name, cause.prior)
            net.cause_nodes[(cause.id, side)] = name
    for mech in atlas.mechanisms.values():
        for side in _sides(atlas, mech.id):
            net.add_noisy_or(node("m", mech.id, side), MECHANISM_LEAK)
    for region in atlas.regions.values():
        for side in _sides(atlas, f"pain:{region.id}"):
            name = node("r", region.id, side)
            net.add_noisy_or(name, REGION_LEAK)
            net.region_nodes[(region.id, side)] = name
            ns = node("ns", region.id, side)
            net.add_root(ns, region.nonspecific_prior)
            net.nonspecific_nodes[(region.id, side)] = ns
            net.add_arc(ns, name, NONSPECIFIC_WEIGHT)
    for link in atlas.links:
        for src_side, tgt_side in _link_pairs(atlas, link.source, link.target):
            parent = node(_kind_of(atlas, link.source), _bare(link.source), src_side)
            child = node(_kind_of(atlas, link.target), _bare(link.target), tgt_side)
            net.add_arc(parent, child, link.weight)
    for finding in atlas.findings.values():
        for side in vocab.BODY_SIDES if finding.sided else ("center",):
            name = node("f", finding.id, side)
            net.add_noisy_or(name, finding.leak)
            net.finding_nodes[(finding.id, side)] = name
            for cause_id, weight in finding.parents.items():
                cause_sides = _sides(atlas, cause_id)
                for cause_side in (
                    cause_sides if side == "center" else (side if len(cause_sides) == 2 else "center",)
                ):
                    net.add_arc(node("c", cause_id, cause_side), name, weight)
    return net

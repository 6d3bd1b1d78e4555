"""Inference: ranked causes with probabilities, explaining chains, and the next most informative test.

The engine builds the network once per process and reuses one LazyPropagation engine, erasing evidence
between queries (guarded by a lock, so web requests can share it).

Chain contribution: for a painful region, each parent's share of the explanation is
``P(parent | evidence) * weight / (sum over parents of the same + leak)``; a path's contribution is the
product of the shares along it, so the contributions of all chains (plus non-specific pain) into one
region add up to at most 1. This is an attribution heuristic on top of exact posteriors, not a causal
effect estimate.

Next test: for each self-test not yet done, the expected drop in the summed binary entropy of the cause
nodes over the test's possible outcomes (bits), using the network's own outcome probabilities.
"""

from __future__ import annotations

import itertools
import math
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from psoas import vocab
from psoas.atlas import Atlas, Link, load_atlas, weakest
from psoas.intake import Intake
from psoas.reasoning.network import Network, build_network, node
from psoas.reasoning.observations import Evidence, build_evidence
from psoas.results import CauseResult, Chain, NextTest

MAX_NEXT_TESTS = 5


def _entropy_bits(p: float) -> float:
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1.0 - p) * math.log2(1.0 - p))


@dataclass(frozen=True)
class Inference:
    """Raw output of one query: ranked causes and suggested tests."""

    causes: list[CauseResult]
    next_tests: list[NextTest]


class Engine:
    """A reusable reasoning engine over one atlas."""

    def __init__(self, atlas: Atlas | None = None) -> None:
        import pyagrum as gum

        self.atlas = atlas or load_atlas()
        self.net: Network = build_network(self.atlas)
        self._ie = gum.LazyPropagation(self.net.bn)
        self._lock = threading.Lock()
        self._cause_node_names = list(self.net.cause_nodes.values())

    # ---- evidence --------------------------------------------------------------------------------------
    def _apply(self, evidence: dict[str, Any]) -> None:
        self._ie.eraseAllEvidence()
        if evidence:
            self._ie.setEvidence(evidence)
        self._ie.makeInference()

    def _p(self, name: str) -> float:
        return float(self._ie.posterior(name)[1])

    # ---- public ------------------------------------------------------------------------------------------
    def infer(self, intake: Intake, *, next_tests: bool = True) -> Inference:
        """Rank causes for one intake and (optionally) suggest the next tests."""
        ev = build_evidence(self.atlas, self.net, intake)
        with self._lock:
            base = ev.as_pyagrum()
            self._apply(base)
            posteriors = {name: self._p(name) for name in self.net.bn.names()}
            tests = self._next_tests(ev, base) if next_tests else []
        causes = self._rank(ev, posteriors)
        return Inference(causes=causes, next_tests=tests)

    # ---- causes and chains -------------------------------------------------------------------------------
    def _rank(self, ev: Evidence, post: dict[str, float]) -> list[CauseResult]:
        results = []
        for (cause_id, side), name in self.net.cause_nodes.items():
            cause = self.atlas.causes[cause_id]
            odds = cause.prior / (1.0 - cause.prior) * ev.prior_odds.get(name, 1.0)
            results.append(
                CauseResult(
                    id=cause_id,
                    side=side,
                    probability=post[name],
                    prior=odds / (1.0 + odds),
                    evidence=cause.evidence,
                    label=cause.label,
                    chains=self._chains(cause_id, side, ev, post),
                )
            )
        results.append(self._nonspecific(ev, post))
        results.sort(key=lambda c: (-c.probability, c.id, c.side))
        return results

    def _share(self, parent: str, child: str, post: dict[str, float]) -> float:
        total = self.net.leaks[child]
        mine = 0.0
        for name, weight in self.net.parents[child]:
            value = post[name] * weight
            total += value
            if name == parent:
                mine = value
        return mine / total if total > 0 else 0.0

    def _chains(self, cause_id: str, side: str, ev: Evidence, post: dict[str, float]) -> list[Chain]:
        chains = []
        for path in self.atlas.paths_from(cause_id):
            for nodes in self._expand(path, side):
                region_node = nodes[-1]
                _, region, region_side = region_node.split(":")
                if (region, region_side) not in ev.painful:
                    continue
                contribution = 1.0
                for parent, child in itertools.pairwise(nodes):
                    contribution *= self._share(parent, child, post)
                chains.append(
                    Chain(
                        region=region,
                        side=region_side,
                        path=[link.source for link in path] + [path[-1].target],
                        evidence=weakest([link.evidence for link in path]),
                        contribution=round(contribution, 4),
                    )
                )
        chains.sort(key=lambda c: (-c.contribution, c.region, c.side))
        return chains

    def _expand(self, path: list[Link], side: str) -> list[list[str]]:
        """Concrete network node sequences for an atlas path starting at a cause on ``side``."""
        sequences = [[node("c", path[0].source, side)]]
        for link in path:
            kind = "r" if link.target.startswith("pain:") else "m"
            ident = link.target.removeprefix("pain:")
            grown = []
            for seq in sequences:
                current_side = seq[-1].rsplit(":", 1)[1]
                if not self.atlas.is_sided(link.target):
                    targets: tuple[str, ...] = ("center",)
                elif current_side == "center":
                    targets = vocab.BODY_SIDES
                else:
                    targets = (current_side,)
                grown += [[*seq, node(kind, ident, t)] for t in targets]
            sequences = grown
        return sequences

    def _nonspecific(self, ev: Evidence, post: dict[str, float]) -> CauseResult:
        cause = self.atlas.causes["nonspecific"]
        chains = []
        for key in sorted(ev.painful):
            ns = self.net.nonspecific_nodes[key]
            region_node = self.net.region_nodes[key]
            chains.append(
                Chain(
                    region=key[0],
                    side=key[1],
                    path=["nonspecific", f"pain:{key[0]}"],
                    evidence=cause.evidence,
                    contribution=round(self._share(ns, region_node, post), 4),
                )
            )
        chains.sort(key=lambda c: (-c.contribution, c.region, c.side))
        probability = max((post[self.net.nonspecific_nodes[k]] for k in ev.painful), default=0.0)
        return CauseResult(
            id="nonspecific",
            side="center",
            probability=probability,
            prior=cause.prior,
            evidence=cause.evidence,
            label=cause.label,
            chains=chains,
        )

    # ---- next test -------------------------------------------------------------------------------------
    def _cause_entropy(self) -> float:
        return sum(_entropy_bits(self._p(name)) for name in self._cause_node_names)

    def _next_tests(self, ev: Evidence, base: dict[str, Any]) -> list[NextTest]:
        h_base = self._cause_entropy()
        p_base = self._ie.evidenceProbability()
        out = []
        for test in self.atlas.tests.values():
            for side in vocab.BODY_SIDES if test.sided else ("center",):
                if (test.id, side) in ev.done_tests:
                    continue
                names = [self.net.finding_nodes[(fid, side)] for fid in test.findings]
                expected = 0.0
                mass = 0.0
                for outcome in itertools.product((0, 1), repeat=len(names)):
                    trial = dict(base)
                    trial.update(zip(names, outcome, strict=True))
                    self._apply(trial)
                    p_outcome = self._ie.evidenceProbability() / p_base
                    if p_outcome <= 1e-12:
                        continue
                    mass += p_outcome
                    expected += p_outcome * self._cause_entropy()
                gain = max(0.0, h_base - expected / mass) if mass > 0 else 0.0
                out.append(NextTest(test=test.id, side=side, information_gain_bits=gain, label=test.label))
        self._apply(base)
        out.sort(key=lambda t: (-t.information_gain_bits, t.test, t.side))
        return out[:MAX_NEXT_TESTS]


@cache
def get_engine() -> Engine:
    """The process-wide engine over the bundled atlas (built on first use)."""
    return Engine()

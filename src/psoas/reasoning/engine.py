"""Inference: ranked causes with probabilities, explaining chains, and the next most informative test.

Two quantities per cause (engine v2): ``probability`` is how likely the person *has* it (for a flexibility
trait, read by the self-tests in :mod:`psoas.reasoning.traits`; for a condition, the network's posterior), and
``explains`` is how much of each painful region's pain it may explain (the chain contributions below).

The engine builds the network once per process and reuses one LazyPropagation engine, changing only the
evidence between queries (guarded by a lock, so web requests can share it). Results are cached per evidence
signature, so a repeated intake costs a dictionary look-up.

Chain contribution: for a painful region, each parent's share of the explanation is
``P(parent | evidence) * weight / (sum over parents of the same + leak)``; a path's contribution is the
product of the shares along it, so the contributions of all chains (plus non-specific pain) into one
region add up to at most 1. This is an attribution heuristic on top of exact posteriors, not a causal
effect estimate.

Next test: for each self-test not yet done, the expected information in bits that its readings give about
the causes that may explain the pain (see :meth:`Engine._next_tests`).
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

from psoas.assessment.result_types import CauseResult, Chain, NextTest, RegionShare
from psoas.intake.schema import Intake
from psoas.knowledge import vocab
from psoas.knowledge.atlas import Atlas, Link, load_atlas, weakest
from psoas.reasoning.network import Network, build_network, node
from psoas.reasoning.observations import QueryEvidence, build_evidence
from psoas.reasoning.traits import TRAITS, Reading, TraitModel, load_trait_model

MAX_NEXT_TESTS = 5
CACHE_SIZE = 4096


class _Posteriors(dict[str, float]):
    """P(node = 1 | evidence), read from the engine on first use."""

    def __init__(self, read: Any) -> None:
        super().__init__()
        self._read = read

    def __missing__(self, name: str) -> float:
        value = self[name] = self._read(name)
        return value


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
        self._cache: OrderedDict[tuple[Any, ...], Inference] = OrderedDict()
        self._model = load_trait_model()
        self._channels = _channels(self._model)
        self._paths = {
            key: [
                (path, nodes)
                for path in self.atlas.paths_from(key[0])
                for nodes in self._expand(path, key[1])
            ]
            for key in self.net.cause_nodes
        }
        self._targets: frozenset[str] = frozenset()
        self._needed: dict[frozenset[tuple[str, str]], frozenset[str]] = {}

    # ---- evidence --------------------------------------------------------------------------------------
    def _apply(self, evidence: dict[str, Any], painful: set[tuple[str, str]] | None = None) -> None:
        """Replace the evidence (the network and the inference engine are built once and reused).

        Targets are the causes plus, for the painful regions, every mechanism and non-specific node whose
        posterior the chain shares need (about 23 of 147 nodes), which keeps the propagation small.
        """
        targets = self._targets_for(frozenset(painful) if painful is not None else None)
        if targets != self._targets:
            self._ie.eraseAllTargets()
            for name in targets:
                self._ie.addTarget(name)
            self._targets = targets
        self._ie.eraseAllEvidence()
        if evidence:
            self._ie.setEvidence(evidence)
        self._ie.makeInference()

    def _targets_for(self, painful: frozenset[tuple[str, str]] | None) -> frozenset[str]:
        """Cause nodes plus the parents of every node on a path into a painful region (None: every node)."""
        if painful is None:
            return frozenset(n for n in self.net.bn.names() if not n.startswith(("f:", "r:")))
        found = self._needed.get(painful)
        if found is None:
            need = set(self.net.cause_nodes.values())
            seen: set[str] = set()
            stack = [self.net.region_nodes[key] for key in painful]
            while stack:
                for parent, _weight in self.net.parents.get(stack.pop(), []):
                    if parent not in seen:
                        seen.add(parent)
                        need.add(parent)
                        if parent.startswith("m:"):
                            stack.append(parent)
            found = self._needed[painful] = frozenset(need)
            if len(self._needed) > CACHE_SIZE:
                self._needed.clear()
        return found

    def _p(self, name: str) -> float:
        return float(self._ie.posterior(name).toarray()[1])

    # ---- public ------------------------------------------------------------------------------------------
    def infer(self, intake: Intake, *, next_tests: bool = True) -> Inference:
        """Rank causes for one intake and (optionally) suggest the next tests."""
        ev = build_evidence(self.atlas, self.net, intake)
        key = (ev.signature(), next_tests)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            self._apply(ev.as_pyagrum(), ev.painful)
            posteriors = _Posteriors(self._p)
            causes = self._rank(ev, posteriors)
            relevant = {
                (c.id, c.side)
                for c in causes
                if c.id != "nonspecific" and any(chain.contribution > 0 for chain in c.chains)
            }
            tests = self._next_tests(ev, causes, relevant) if next_tests else []
            result = Inference(causes=causes, next_tests=tests)
            self._cache[key] = result
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    # ---- causes and chains -------------------------------------------------------------------------------
    def _rank(self, ev: QueryEvidence, post: dict[str, float]) -> list[CauseResult]:
        results = []
        clip = self._model.clip
        for (cause_id, side), name in self.net.cause_nodes.items():
            cause = self.atlas.causes[cause_id]
            if cause_id in TRAITS:
                probability, prior = ev.traits[(cause_id, side)], ev.trait_priors[(cause_id, side)]
            else:
                odds = cause.prior / (1.0 - cause.prior) * ev.prior_odds.get(name, 1.0)
                probability, prior = post[name], odds / (1.0 + odds)
            chains = self._chains(cause_id, side, ev, post)
            results.append(
                CauseResult(
                    id=cause_id,
                    side=side,
                    probability=round(clip(probability), 9),
                    prior=prior,
                    evidence=cause.evidence,
                    label=cause.label,
                    chains=chains,
                    kind="trait" if cause_id in TRAITS else "condition",
                    explains=_shares(chains),
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

    def _chains(self, cause_id: str, side: str, ev: QueryEvidence, post: dict[str, float]) -> list[Chain]:
        chains = []
        for path, nodes in self._paths[(cause_id, side)]:
            _, region, region_side = nodes[-1].split(":")
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

    def _nonspecific(self, ev: QueryEvidence, post: dict[str, float]) -> CauseResult:
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
        prior = max(
            (self.atlas.regions[region].nonspecific_prior for region, _ in ev.painful), default=cause.prior
        )
        return CauseResult(
            id="nonspecific",
            side="center",
            probability=round(self._model.clip(probability), 9),
            prior=prior,
            evidence=cause.evidence,
            label=cause.label,
            chains=chains,
            kind="condition",
            explains=_shares(chains),
        )

    # ---- next test -------------------------------------------------------------------------------------
    def _next_tests(
        self, ev: QueryEvidence, causes: list[CauseResult], relevant: set[tuple[str, str]]
    ) -> list[NextTest]:
        """Expected information (bits) each undone self-test gives about the causes that may explain the pain.

        A test reads its traits or conditions directly (data/traits.toml), each through one binary channel
        (sensitivity, specificity; an angle is read as above or below the midpoint of its two groups). With
        the readings' outcomes independent given the causes, the test's information is the sum over its
        readings of the mutual information between the outcome and the cause, at the cause's current
        probability. Only causes with a chain into a painful region count.
        """
        probability = {(c.id, c.side): c.probability for c in causes}
        gains: dict[tuple[str, str], float] = {}
        for reading, (sens, spec) in self._channels:
            sides = ("center",) if reading.test == "posture_photo" else vocab.BODY_SIDES
            for side in sides:
                key = (reading.target, side)
                if (reading.test, side) in ev.done_tests or key not in relevant:
                    continue
                gains[(reading.test, side)] = gains.get((reading.test, side), 0.0) + _channel_bits(
                    probability[key], sens, spec
                )
        out = [
            NextTest(test=test, side=side, information_gain_bits=bits, label=self.atlas.tests[test].label)
            for (test, side), bits in gains.items()
            if bits > 0 and test in self.atlas.tests
        ]
        out.sort(key=lambda t: (-round(t.information_gain_bits, 9), t.test, t.side))
        return out[:MAX_NEXT_TESTS]


def _entropy(p: float) -> float:
    return 0.0 if p <= 0.0 or p >= 1.0 else -(p * math.log2(p) + (1.0 - p) * math.log2(1.0 - p))


def _channel_bits(p: float, sensitivity: float, specificity: float) -> float:
    """Mutual information (bits) between a binary cause with P = p and a test outcome read through it."""
    positive = p * sensitivity + (1.0 - p) * (1.0 - specificity)
    return max(0.0, _entropy(positive) - p * _entropy(sensitivity) - (1.0 - p) * _entropy(specificity))


def _channels(model: TraitModel) -> list[tuple[Reading, tuple[float, float]]]:
    """Each reading as a binary channel (sensitivity, specificity) at the goniometer's error for angles."""
    from scipy.special import ndtr

    out = []
    for r in (*model.readings, *model.conditions):
        if r.kind == "yes_no":
            out.append((r, (r.sensitivity, r.specificity)))
            continue
        normal, affected = model.means(r, None)
        s = math.hypot(r.between_sd, model.sem(None, r))
        accuracy = float(ndtr(abs(affected - normal) / (2.0 * s)))
        out.append((r, r.pass_fail or (accuracy, accuracy)))
    return out


def _shares(chains: list[Chain]) -> list[RegionShare]:
    """Per painful region, the summed contribution of one cause's chains (how much it may explain)."""
    totals: dict[tuple[str, str], float] = {}
    for ch in chains:
        totals[(ch.region, ch.side)] = totals.get((ch.region, ch.side), 0.0) + ch.contribution
    shares = [
        RegionShare(region, side, round(min(1.0, share), 4)) for (region, side), share in totals.items()
    ]
    shares.sort(key=lambda s: (-s.share, s.region, s.side))
    return shares


@cache
def get_engine() -> Engine:
    """The process-wide engine over the bundled atlas (built on first use)."""
    return Engine()

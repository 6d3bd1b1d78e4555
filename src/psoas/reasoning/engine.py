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

Next test: for each self-test not yet done, the mutual information in bits between its outcome (the
test's findings, read as positive/negative) and the causes, given everything known so far.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

from psoas import vocab
from psoas.atlas import Atlas, Link, load_atlas, weakest
from psoas.intake import Intake
from psoas.reasoning.network import Network, build_network, node
from psoas.reasoning.observations import Evidence, build_evidence
from psoas.reasoning.traits import TRAITS, load_trait_model
from psoas.results import CauseResult, Chain, NextTest, RegionShare

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
        self._tests = self._test_parents()
        self._paths = {
            key: [
                (path, nodes)
                for path in self.atlas.paths_from(key[0])
                for nodes in self._expand(path, key[1])
            ]
            for key in self.net.cause_nodes
        }
        for _findings, parents in self._tests.values():
            self._ie.addJointTarget(set(parents))
        for name in self.net.bn.names():
            if not name.startswith(("f:", "r:")):
                self._ie.addTarget(name)

    # ---- evidence --------------------------------------------------------------------------------------
    def _apply(self, evidence: dict[str, Any]) -> None:
        ie = self._ie
        current = {ie.BN().variable(i).name() for i in ie.hardEvidenceNodes() | ie.softEvidenceNodes()}
        for name in current - set(evidence):
            ie.eraseEvidence(name)
        for name, value in evidence.items():
            if name in current:
                ie.chgEvidence(name, value)
            else:
                ie.addEvidence(name, value)
        ie.makeInference()

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
            self._apply(ev.as_pyagrum())
            posteriors = _Posteriors(self._p)
            causes = self._rank(ev, posteriors)
            relevant = {
                self.net.cause_nodes[(c.id, c.side)]
                for c in causes
                if c.id != "nonspecific" and any(chain.contribution > 0 for chain in c.chains)
            }
            tests = self._next_tests(ev, relevant) if next_tests else []
            result = Inference(causes=causes, next_tests=tests)
            self._cache[key] = result
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    # ---- causes and chains -------------------------------------------------------------------------------
    def _rank(self, ev: Evidence, post: dict[str, float]) -> list[CauseResult]:
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

    def _chains(self, cause_id: str, side: str, ev: Evidence, post: dict[str, float]) -> list[Chain]:
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
    def _test_parents(self) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
        """For each (test, side): its finding nodes and the cause nodes those findings depend on."""
        out = {}
        for test in self.atlas.tests.values():
            for side in vocab.BODY_SIDES if test.sided else ("center",):
                findings = [self.net.finding_nodes[(fid, side)] for fid in test.findings]
                parents = sorted({p for f in findings for p, _ in self.net.parents[f]})
                out[(test.id, side)] = (findings, parents)
        return out

    def _outcome_given_causes(
        self, findings: list[str], names: tuple[str, ...], states: tuple[int, ...]
    ) -> list[float]:
        """P(each joint finding outcome | cause states), from the findings' noisy-OR CPTs."""
        on = {n for n, s in zip(names, states, strict=True) if s == 1}
        p_pos = []
        for f in findings:
            off = 1.0 - self.net.leaks[f]
            for parent, weight in self.net.parents[f]:
                if parent in on:
                    off *= 1.0 - weight
            p_pos.append(1.0 - off)
        probs = []
        for outcome in itertools.product((0, 1), repeat=len(findings)):
            prob = 1.0
            for p, o in zip(p_pos, outcome, strict=True):
                prob *= p if o else 1.0 - p
            probs.append(prob)
        return probs

    def _next_tests(self, ev: Evidence, relevant: set[str]) -> list[NextTest]:
        """Exact mutual information (bits) between each undone test's outcome and the relevant causes.

        Relevant causes are those with a chain to a painful region. A finding's only parents are its
        causes, so the information a test carries about the causes is carried through its parent causes:
        from the joint posterior of the parents and the findings' CPTs we get P(outcome, relevant parents)
        exactly (the other parents are summed out) and its mutual information.
        """
        out = []
        for (test_id, side), (findings, parents) in self._tests.items():
            if (test_id, side) in ev.done_tests or not relevant.intersection(parents):
                continue
            joint = self._ie.jointPosterior(set(parents))
            names = tuple(joint.names)
            table = joint.toarray()
            keep = [i for i, n in enumerate(names) if n in relevant]
            cells: dict[tuple[int, ...], list[float]] = {}
            for states in itertools.product((0, 1), repeat=len(names)):
                p_c = float(table[states])
                cond = self._outcome_given_causes(findings, names, states)
                acc = cells.setdefault(tuple(states[i] for i in keep), [0.0] * len(cond))
                for k, p_f in enumerate(cond):
                    acc[k] += p_c * p_f
            n_out = len(next(iter(cells.values())))
            p_out = [sum(acc[k] for acc in cells.values()) for k in range(n_out)]
            mi = 0.0
            for acc in cells.values():
                p_r = sum(acc)
                for k, p_joint in enumerate(acc):
                    if p_joint > 0 and p_out[k] > 0 and p_r > 0:
                        mi += p_joint * math.log2(p_joint / (p_r * p_out[k]))
            test = self.atlas.tests[test_id]
            out.append(
                NextTest(test=test_id, side=side, information_gain_bits=max(0.0, mi), label=test.label)
            )
        out.sort(key=lambda t: (-round(t.information_gain_bits, 9), t.test, t.side))
        return out[:MAX_NEXT_TESTS]


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

"""The engine's exact posteriors agree with an independent Monte Carlo implementation of the same
noisy-OR model, written here from the atlas data alone (likelihood weighting with numpy).

This checks the network construction (side rules, weights, leaks) and pyAgrum's inference together
against a second, unrelated computation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from psoas import vocab
from psoas.atlas import load_atlas
from psoas.examples import load_example
from psoas.intake import parse_intake
from psoas.reasoning.engine import get_engine
from psoas.reasoning.network import MECHANISM_LEAK, NONSPECIFIC_WEIGHT, REGION_LEAK
from psoas.reasoning.observations import build_evidence

SAMPLES = 200_000
CHUNKS = 3
TOLERANCE = 0.04


def _model() -> tuple[dict[str, float], dict[str, tuple[float, list[tuple[str, float]]]]]:
    """Roots with priors, and noisy-OR children with (leak, parents), built from the atlas."""
    atlas = load_atlas()

    def sides(ident: str) -> tuple[str, ...]:
        return vocab.BODY_SIDES if atlas.is_sided(ident) else ("center",)

    def name(ident: str, side: str) -> str:
        if ident.startswith("pain:"):
            return f"r:{ident[5:]}:{side}"
        return f"{'c' if ident in atlas.causes else 'm'}:{ident}:{side}"

    roots: dict[str, float] = {}
    children: dict[str, tuple[float, list[tuple[str, float]]]] = {}
    for cause in atlas.causes.values():
        if cause.id != "nonspecific":
            for side in sides(cause.id):
                roots[name(cause.id, side)] = cause.prior
    for mech in atlas.mechanisms.values():
        for side in sides(mech.id):
            children[name(mech.id, side)] = (MECHANISM_LEAK, [])
    for region in atlas.regions.values():
        for side in sides(f"pain:{region.id}"):
            roots[f"ns:{region.id}:{side}"] = region.nonspecific_prior
            children[f"r:{region.id}:{side}"] = (
                REGION_LEAK,
                [(f"ns:{region.id}:{side}", NONSPECIFIC_WEIGHT)],
            )
    for link in atlas.links:
        for s in sides(link.source):
            for t in sides(link.target):
                if s == t or "center" in (s, t):
                    children[name(link.target, t)][1].append((name(link.source, s), link.weight))
    for finding in atlas.findings.values():
        for side in vocab.BODY_SIDES if finding.sided else ("center",):
            parents = []
            for cause, weight in finding.parents.items():
                for s in sides(cause):
                    if side == "center" or s in (side, "center"):
                        parents.append((name(cause, s), weight))
            children[f"f:{finding.id}:{side}"] = (finding.leak, parents)
    return roots, children


def _monte_carlo(evidence: dict[str, Any], rng: np.random.Generator) -> dict[str, float]:
    roots, children = _model()
    sums: dict[str, float] = {}
    total = 0.0
    for _ in range(CHUNKS):
        state: dict[str, np.ndarray] = {}
        weight = np.ones(SAMPLES)
        for root, prior in roots.items():
            state[root] = rng.random(SAMPLES) < prior
            ev = evidence.get(root)
            if isinstance(ev, list):
                weight *= np.where(state[root], ev[1], ev[0])
        pending = dict(children)
        while pending:
            for child, (leak, parents) in list(pending.items()):
                if any(p not in state for p, _ in parents):
                    continue
                off = np.full(SAMPLES, 1.0 - leak)
                for parent, w in parents:
                    off *= np.where(state[parent], 1.0 - w, 1.0)
                p_on = 1.0 - off
                ev = evidence.get(child)
                if ev is None:
                    state[child] = rng.random(SAMPLES) < p_on
                elif isinstance(ev, list):
                    weight *= (1.0 - p_on) * ev[0] + p_on * ev[1]
                    state[child] = np.zeros(SAMPLES, dtype=bool)
                else:
                    weight *= p_on if ev == 1 else 1.0 - p_on
                    state[child] = np.full(SAMPLES, bool(ev))
                del pending[child]
        total += float(weight.sum())
        for root in roots:
            if root.startswith("c:"):
                sums[root] = sums.get(root, 0.0) + float((weight * state[root]).sum())
    return {k: v / total for k, v in sums.items()}


@pytest.mark.parametrize("example", ["basketball_knee", "desk_low_back", "runner_itb"])
def test_posteriors_match_independent_monte_carlo(example: str) -> None:
    engine = get_engine()
    intake = parse_intake(load_example(example))
    evidence = build_evidence(engine.atlas, engine.net, intake).as_pyagrum()
    estimate = _monte_carlo(evidence, np.random.default_rng(7))
    result = engine.infer(intake, next_tests=False)
    for cause in result.causes:
        if cause.id == "nonspecific":
            continue
        key = f"c:{cause.id}:{cause.side}"
        assert abs(cause.probability - estimate[key]) < TOLERANCE, (key, cause.probability, estimate[key])

"""The engine's exact posteriors agree with independent Monte Carlo implementations, written here from the
data alone (likelihood weighting with numpy):

- the noisy-OR network (atlas), which checks the network construction (side rules, weights, leaks) and
  pyAgrum's inference together;
- the trait model's shared left/right component (a liability threshold model), which checks the quadrature.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.special import ndtri

from psoas.intake.examples import load_example
from psoas.intake.schema import parse_intake
from psoas.knowledge import vocab
from psoas.knowledge.atlas import load_atlas
from psoas.reasoning.engine import get_engine
from psoas.reasoning.network import MECHANISM_LEAK, NONSPECIFIC_WEIGHT, REGION_LEAK
from psoas.reasoning.observations import build_evidence
from psoas.reasoning.traits import load_trait_model, side_posteriors

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


@pytest.mark.parametrize("example", ["basketball_knee", "desk_low_back", "runner_itb", "sciatica_left"])
def test_posteriors_match_independent_monte_carlo(example: str) -> None:
    engine = get_engine()
    intake = parse_intake(load_example(example))
    evidence = build_evidence(engine.atlas, engine.net, intake).as_pyagrum()
    estimate = _monte_carlo(evidence, np.random.default_rng(7))
    with engine._lock:
        engine._apply(evidence)
        exact = {key: engine._p(key) for key in estimate}
    for key, value in exact.items():
        assert abs(value - estimate[key]) < TOLERANCE, (key, value, estimate[key])
    # a condition's reported probability is that posterior (clipped away from 0 and 1)
    model = load_trait_model()
    for cause in engine.infer(intake, next_tests=False).causes:
        if cause.kind == "condition" and cause.id != "nonspecific":
            assert cause.probability == pytest.approx(
                model.clip(exact[f"c:{cause.id}:{cause.side}"]), abs=1e-6
            )


@pytest.mark.parametrize(
    ("priors", "lrs"),
    [
        ({"left": 0.12, "right": 0.12}, {"left": 14.0, "right": 14.0}),
        ({"left": 0.12, "right": 0.12}, {"left": 14.0, "right": 1.0}),
        ({"left": 0.2, "right": 0.1}, {"left": 0.3, "right": 40.0}),
        ({"left": 0.06, "right": 0.06}, {"left": 99.0, "right": 0.05}),
    ],
)
def test_shared_side_component_matches_monte_carlo(priors: dict[str, float], lrs: dict[str, float]) -> None:
    """Simulate the liability model directly: U, E_left, E_right standard normal; trait = liability > threshold."""
    rho = load_trait_model().side_correlation
    rng = np.random.default_rng(11)
    n = 2_000_000
    u = rng.standard_normal(n)
    weight = np.ones(n)
    traits = {}
    for side, prior in priors.items():
        liability = np.sqrt(rho) * u + np.sqrt(1.0 - rho) * rng.standard_normal(n)
        traits[side] = liability > ndtri(1.0 - prior)
        weight *= np.where(traits[side], lrs[side], 1.0)
    exact = side_posteriors(priors, lrs, rho)
    for side, has in traits.items():
        estimate = float((weight * has).sum() / weight.sum())
        assert exact[side] == pytest.approx(estimate, abs=0.005), (side, exact[side], estimate)

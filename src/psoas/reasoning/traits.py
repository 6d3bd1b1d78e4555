"""Readings and traits: each self-test reading informs one trait or condition directly, once.

A flexibility trait (short iliopsoas, short rectus femoris, tight TFL/ITB, short hamstrings) is something a
person *has*, read by the self-tests; whether it explains a painful region is a separate quantity that the
network works out (:mod:`psoas.reasoning.engine`). Numbers and citations live in ``data/traits.toml``.

- A measured angle gives the likelihood ratio ``N(x; affected, s) / N(x; normal, s)`` with
  ``s = sqrt(between_sd^2 + SEM_method^2)``: equal spreads, so the ratio is monotonic in the angle; it is capped
  at ``max_likelihood_ratio`` either way (a reading can be taken or typed wrongly).
- A pass/fail or yes/no reading gives ``sensitivity / (1 - specificity)`` (positive) or
  ``(1 - sensitivity) / specificity`` (negative).
- Left and right share a person-level component: side ``s`` has the trait when a liability
  ``sqrt(rho) U + sqrt(1 - rho) E_s`` passes the threshold that gives its prior; the posterior integrates ``U``
  by Gauss-Hermite quadrature. A more positive reading on one side therefore never lowers the other side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from psoas.errors import AtlasError
from psoas.knowledge import vocab
from psoas.knowledge.atlas import read_data

TRAITS = ("psoas_tight", "rectus_femoris_tight", "tfl_itb_tight", "hamstrings_short")
"""Causes that are flexibility traits (read by the self-tests, reported as "how likely you have it")."""
QUADRATURE_NODES = 40


@dataclass(frozen=True)
class Method:
    id: str
    label: str
    sem_deg: float
    cite: str


@dataclass(frozen=True)
class Reading:
    """How one intake field informs one trait or condition."""

    id: str
    test: str
    field_name: str
    target: str
    kind: str  # angle | yes_no
    cite: str
    normal_mean: float = 0.0
    affected_mean: float = 0.0
    between_sd: float = 1.0
    normal_mean_by_sex: dict[str, float] = field(default_factory=dict)
    sensitivity: float = 0.7
    specificity: float = 0.7
    pass_fail: tuple[float, float] | None = None
    source: str = "table"
    default_method: str = vocab.DEFAULT_METHOD
    ignore_if: str | None = None
    cutoff: float | None = None
    cutoff_by_sex: dict[str, float] = field(default_factory=dict)
    normal_range: tuple[float, float] | None = None

    def cutoff_for(self, sex: str | None = None) -> float | None:
        """The published cut-off an angle is judged against (sex-specific where the source gives one)."""
        return self.cutoff_by_sex.get(sex or "", self.cutoff)

    def means(self, sex: str | None) -> tuple[float, float]:
        """(normal, affected) means, the normal one shifted to the sex-specific norm when there is one."""
        shift = self.normal_mean_by_sex.get(sex or "", self.normal_mean) - self.normal_mean
        return self.normal_mean + shift, self.affected_mean + shift


@dataclass(frozen=True)
class TraitModel:
    version: str
    methods: dict[str, Method]
    readings: tuple[Reading, ...]
    conditions: tuple[Reading, ...]
    side_correlation: float
    max_lr: float
    floor: float
    ceiling: float

    def sem(self, method: str | None, reading: Reading) -> float:
        return self.methods[method or reading.default_method].sem_deg

    def clip(self, p: float) -> float:
        """A probability kept inside [floor, ceiling]: never exactly 0 or 1."""
        return min(self.ceiling, max(self.floor, p))

    def cap(self, lr: float) -> float:
        return min(self.max_lr, max(1.0 / self.max_lr, lr))

    def angle_lr(self, reading: Reading, value: float, method: str | None, sex: str | None) -> float:
        """Likelihood ratio (affected : normal) of a measured angle, capped."""
        mu0, mu1 = self.means(reading, sex)
        s2 = reading.between_sd**2 + self.sem(method, reading) ** 2
        log_lr = ((value - mu0) ** 2 - (value - mu1) ** 2) / (2.0 * s2)
        return self.cap(math.exp(max(-50.0, min(50.0, log_lr))))

    def means(self, reading: Reading, sex: str | None) -> tuple[float, float]:
        if reading.source == "posture model":
            model = _posture_model_means().get(reading.id)
            if model is not None:
                return model
        return reading.means(sex)

    def binary_lr(self, sensitivity: float, specificity: float, positive: bool) -> float:
        lr = sensitivity / (1.0 - specificity) if positive else (1.0 - sensitivity) / specificity
        return self.cap(lr)


def _scalar(doc: dict[str, Any], key: str) -> float:
    entry = doc.get("model", {}).get(key)
    if not isinstance(entry, dict) or "value" not in entry or "source" not in entry:
        raise AtlasError(f"traits.toml: model.{key} needs a value and a source")
    return float(entry["value"])


def _reading(raw: dict[str, Any], target_key: str, methods: dict[str, Method]) -> Reading:
    where = f"traits.toml reading {raw.get('id')!r}"
    try:
        kind = str(raw["kind"])
        pf = raw.get("pass_fail")
        reading = Reading(
            id=str(raw["id"]),
            test=str(raw["test"]),
            field_name=str(raw["field"]),
            target=str(raw[target_key]),
            kind=kind,
            cite=str(raw["cite"]),
            normal_mean=float(raw.get("normal_mean", 0.0)),
            affected_mean=float(raw.get("affected_mean", 0.0)),
            between_sd=float(raw.get("between_sd", 1.0)),
            normal_mean_by_sex={k: float(v) for k, v in raw.get("normal_mean_by_sex", {}).items()},
            sensitivity=float(raw.get("sensitivity", 0.7)),
            specificity=float(raw.get("specificity", 0.7)),
            pass_fail=(float(pf["sensitivity"]), float(pf["specificity"])) if pf else None,
            source=str(raw.get("source", "table")),
            default_method=str(raw.get("default_method", vocab.DEFAULT_METHOD)),
            ignore_if=raw.get("ignore_if"),
            cutoff=None if raw.get("cutoff") is None else float(raw["cutoff"]),
            cutoff_by_sex={k: float(v) for k, v in raw.get("cutoff_by_sex", {}).items()},
            normal_range=None if raw.get("normal_range") is None else _pair(raw["normal_range"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise AtlasError(f"{where}: missing or bad value ({exc})") from exc
    if kind not in ("angle", "yes_no"):
        raise AtlasError(f"{where}: kind must be angle or yes_no")
    if reading.target not in vocab.CAUSES:
        raise AtlasError(f"{where}: unknown cause {reading.target!r}")
    if reading.default_method not in methods or reading.between_sd <= 0:
        raise AtlasError(f"{where}: unknown default_method or non-positive between_sd")
    _check_cutoffs(reading, where)
    for p in (reading.sensitivity, reading.specificity, *(reading.pass_fail or ())):
        if not 0.0 < p < 1.0:
            raise AtlasError(f"{where}: sensitivity and specificity must lie in (0, 1)")
    return reading


def _pair(raw: Any) -> tuple[float, float]:
    low, high = (float(v) for v in raw)
    return low, high


def _check_cutoffs(reading: Reading, where: str) -> None:
    """A cut-off lies between the normal and the affected mean (inclusive), for each sex it names."""
    for sex, cut in (("", reading.cutoff), *reading.cutoff_by_sex.items()):
        if cut is None:
            continue
        if sex and sex not in vocab.SEXES:
            raise AtlasError(f"{where}: cutoff_by_sex names unknown sex {sex!r}")
        low, high = sorted(reading.means(sex or None))
        if not low <= cut <= high:
            raise AtlasError(f"{where}: cutoff {cut} lies outside the means {low}..{high}")
    if (
        reading.normal_range is not None
        and not reading.normal_range[0] <= reading.normal_mean <= reading.normal_range[1]
    ):
        raise AtlasError(f"{where}: normal_range must contain normal_mean")


@cache
def load_trait_model() -> TraitModel:
    """The bundled trait model (``data/traits.toml``), validated once per process."""
    doc = read_data("traits.toml")
    methods = {
        mid: Method(mid, str(m["label"]), float(m["sem_deg"]), str(m["cite"]))
        for mid, m in doc.get("methods", {}).items()
    }
    if tuple(methods) != vocab.METHODS:
        raise AtlasError("traits.toml: methods must be exactly " + ", ".join(vocab.METHODS))
    readings = tuple(_reading(r, "trait", methods) for r in doc.get("readings", []))
    if any(r.target not in TRAITS for r in readings):
        raise AtlasError("traits.toml: every [[readings]] entry must read a trait: " + ", ".join(TRAITS))
    conditions = tuple(_reading(r, "cause", methods) for r in doc.get("conditions", []))
    rho = _scalar(doc, "side_correlation")
    if not 0.0 <= rho < 1.0:
        raise AtlasError("traits.toml: side_correlation must lie in [0, 1)")
    return TraitModel(
        version=str(doc.get("version", "")),
        methods=methods,
        readings=readings,
        conditions=conditions,
        side_correlation=rho,
        max_lr=_scalar(doc, "max_likelihood_ratio"),
        floor=_scalar(doc, "probability_floor"),
        ceiling=_scalar(doc, "probability_ceiling"),
    )


def method_sem_deg(method: str) -> float:
    """Standard error of one angle measured by ``method`` (degrees): the one table every face reads."""
    from psoas.errors import InputError

    methods = load_trait_model().methods
    if method not in methods:
        raise InputError("method", f"unknown method {method!r}", vocab.METHODS)
    return methods[method].sem_deg


# posture-model keys (psoas.mechanics.finding_distributions) -> readings whose means they provide
POSTURE_MODEL_KEYS = {"thomas_knee_angle_deg": "thomas_knee"}


@cache
def _posture_model_means() -> dict[str, tuple[float, float]]:
    try:
        from psoas.mechanics.finding_distributions import finding_distributions  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("psoas.mechanics"):
            return {}
        raise
    dists = finding_distributions()
    return {
        reading: (float(dists[key].normal_mean), float(dists[key].affected_mean))
        for key, reading in POSTURE_MODEL_KEYS.items()
        if key in dists
    }


# ---- the shared person-level component ----------------------------------------------------------------------
@cache
def _quadrature() -> tuple[Any, Any]:
    import numpy as np

    nodes, weights = np.polynomial.hermite_e.hermegauss(QUADRATURE_NODES)
    return nodes, weights / weights.sum()


def side_posteriors(priors: dict[str, float], lrs: dict[str, float], rho: float) -> dict[str, float]:
    """Posterior P(trait) per side from per-side priors and likelihood ratios, sides sharing ``U``.

    With every ratio 1 the priors come back exactly. Otherwise the quadrature's posterior odds are divided
    by its own prior odds and applied to the exact prior odds, so quadrature error cannot move a prior.
    """
    if all(lrs.get(side, 1.0) == 1.0 for side in priors):
        return dict(priors)
    import numpy as np
    from scipy.special import ndtr, ndtri

    nodes, weights = _quadrature()
    p_given_u = {
        side: ndtr((math.sqrt(rho) * nodes - ndtri(1.0 - prior)) / math.sqrt(1.0 - rho))
        for side, prior in priors.items()
    }
    # likelihood of every side's readings given U (LRs are relative to "no trait")
    joint = np.ones_like(nodes)
    for side, p in p_given_u.items():
        joint = joint * (1.0 - p + p * lrs.get(side, 1.0))
    out = {}
    total = float(np.dot(weights, joint))
    for side, p in p_given_u.items():
        mine = p * lrs.get(side, 1.0)
        post = float(np.dot(weights, joint * mine / (1.0 - p + mine))) / total
        q_prior = float(np.dot(weights, p))
        ratio = (post / (1.0 - post)) / (q_prior / (1.0 - q_prior)) if 0.0 < post < 1.0 else None
        odds = priors[side] / (1.0 - priors[side]) * (ratio if ratio is not None else 1e12)
        out[side] = odds / (1.0 + odds) if post > 0.0 else 0.0
    return out

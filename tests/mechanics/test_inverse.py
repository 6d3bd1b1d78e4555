"""Inverse model: interval coverage on the model's own noisy readings, identifiability, input errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from psoas.errors import InputError
from psoas.mechanics import infer_tightness
from psoas.mechanics.clinical import solve_clinical
from psoas.mechanics.inverse import _noise_sd
from psoas.mechanics.params import MUSCLES, scalar
from psoas.mechanics.reference import REFERENCE


def _readings(truth: dict[str, float], rng: np.random.Generator) -> dict:
    p = [truth.get(m, 0.0) for m in MUSCLES] + [REFERENCE.height_m, REFERENCE.mass_kg]
    hip, knee, deficit = solve_clinical(p).values_deg
    sd = _noise_sd()
    return {
        "thomas": {
            "left": {
                "hip_angle_deg": hip + rng.normal(0, sd[("clinical", 0)]),
                "knee_angle_deg": knee + rng.normal(0, sd[("clinical", 1)]),
            }
        },
        "knee_extension_90_90": {"left": {"deficit_deg": deficit + rng.normal(0, sd[("clinical", 2)])}},
    }


def test_intervals_cover_known_tightness_at_about_the_nominal_rate() -> None:
    rng = np.random.default_rng(7)
    prior_sd = scalar("tests", "tightness_prior_sd")
    hits = total = 0
    for _ in range(40):
        truth = {m: float(np.clip(rng.normal(0, prior_sd), -0.25, 0.3)) for m in MUSCLES[:4]}
        post = infer_tightness(_readings(truth, rng)).estimates
        checks = {
            "iliopsoas": 0.5 * (truth["psoas"] + truth["iliacus"]),
            "psoas": truth["psoas"],
            "iliacus": truth["iliacus"],
            "rectus_femoris": truth["rectus_femoris"],
            "hamstrings": truth["hamstrings"],
        }
        for name, value in checks.items():
            lo, hi = post[name]["left"].interval_90
            hits += lo <= value <= hi
            total += 1
    print(f"coverage {hits}/{total}")
    assert 0.80 <= hits / total <= 0.98, f"coverage {hits}/{total}"


def test_recovers_a_clearly_tight_hamstring() -> None:
    rng = np.random.default_rng(1)
    post = infer_tightness(_readings({"hamstrings": 0.1}, rng)).estimates["hamstrings"]["left"]
    assert post.interval_90[0] <= 0.1 <= post.interval_90[1]
    assert post.mean > 0.04
    assert post.identifiability < 0.5


def test_posture_alone_is_poorly_identified_and_thomas_is_informative() -> None:
    posture_only = infer_tightness({"posture": {"pelvic_tilt_deg": 20.0, "lumbar_lordosis_deg": 60.0}})
    thomas = infer_tightness({"thomas": {"left": {"hip_angle_deg": 2.0, "knee_angle_deg": 72.0}}})
    for muscle in ("psoas", "iliacus", "iliopsoas"):
        assert posture_only.estimates[muscle]["left"].identifiability > 0.95
    assert thomas.estimates["iliopsoas"]["left"].identifiability < 0.8
    assert (
        thomas.estimates["iliopsoas"]["left"].identifiability
        < posture_only.estimates["iliopsoas"]["left"].identifiability
    )


def test_no_measurements_returns_the_prior() -> None:
    post = infer_tightness({})
    e = post.estimates["psoas"]["right"]
    assert e.mean == 0.0 and e.identifiability == pytest.approx(1.0)
    half = 1.6448536 * scalar("tests", "tightness_prior_sd")
    assert e.interval_90 == pytest.approx((-half, half), abs=1e-6)


def test_output_contract() -> None:
    data = infer_tightness({"thomas": {"right": {"hip_angle_deg": -10.0}}}).to_dict()
    for muscle in ("psoas", "iliacus", "rectus_femoris", "hamstrings"):
        for side in ("left", "right"):
            entry = data[muscle][side]
            assert set(entry) == {"mean", "interval_90", "identifiability"}
            assert entry["interval_90"][0] <= entry["mean"] <= entry["interval_90"][1]
            assert math.isfinite(entry["identifiability"])


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"thomas": {"middle": {"hip_angle_deg": 1}}}, "thomas.middle"),
        ({"thomas": {"left": {"hip_angle": 1}}}, "thomas.left.hip_angle"),
        ({"posture": {"pelvic_tilt_deg": "steep"}}, "posture.pelvic_tilt_deg"),
        ({"height": 1}, "measurements.height"),
    ],
)
def test_bad_input_names_the_field(bad: dict, field: str) -> None:
    with pytest.raises(InputError) as info:
        infer_tightness(bad)
    assert info.value.field == field


def test_laplace_mixture_matches_brute_force_importance_sampling() -> None:
    """Independent oracle: prior samples weighted by the exact Thomas likelihood (no Laplace step)."""
    rng = np.random.default_rng(0)
    prior_sd = scalar("tests", "tightness_prior_sd")
    sd = _noise_sd()
    reading = {"hip_angle_deg": 8.0, "knee_angle_deg": 80.0}
    samples = np.clip(rng.normal(0.0, prior_sd, (3000, 3)), -0.3, 0.5)  # psoas, iliacus, rectus femoris
    log_w = np.full(len(samples), -np.inf)
    for i, s in enumerate(samples):
        res = solve_clinical(
            [*s, *[0.0] * (len(MUSCLES) - 3), REFERENCE.height_m, REFERENCE.mass_kg], tests=("thomas",)
        )
        if res.converged:
            hip, knee, _ = res.values_deg
            log_w[i] = (
                -0.5 * ((hip - reading["hip_angle_deg"]) / sd[("clinical", 0)]) ** 2
                - 0.5 * ((knee - reading["knee_angle_deg"]) / sd[("clinical", 1)]) ** 2
            )
    w = np.exp(log_w - log_w.max())
    w /= w.sum()
    post = infer_tightness({"thomas": {"left": reading}}).estimates
    columns = {"psoas": samples[:, 0], "iliacus": samples[:, 1], "iliopsoas": samples[:, :2].mean(axis=1)}
    for name, values in columns.items():
        mean = float(np.sum(w * values))
        width = math.sqrt(float(np.sum(w * (values - mean) ** 2)))
        prior_width = prior_sd / (math.sqrt(2) if name == "iliopsoas" else 1.0)
        assert post[name]["left"].mean == pytest.approx(mean, abs=0.03), name
        assert post[name]["left"].identifiability == pytest.approx(width / prior_width, abs=0.2), name


def test_left_right_mirror_symmetry() -> None:
    left = {
        "thomas": {"left": {"hip_angle_deg": 0.0}},
        "knee_extension_90_90": {"left": {"deficit_deg": 30.0}},
    }
    right = {
        "thomas": {"right": {"hip_angle_deg": 0.0}},
        "knee_extension_90_90": {"right": {"deficit_deg": 30.0}},
    }
    a, b = infer_tightness(left).to_dict(), infer_tightness(right).to_dict()
    for muscle in a:
        assert a[muscle]["left"] == b[muscle]["right"]
        assert a[muscle]["right"] == b[muscle]["left"]

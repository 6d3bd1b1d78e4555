"""Engine contract: finding distributions are cheap, stored, and agree with the solver."""

from __future__ import annotations

import dataclasses

import pytest

from psoas.mechanics.finding_distributions import KEYS, compute_finding_distributions, finding_distributions


def test_stored_distributions_agree_with_the_solver() -> None:
    stored = finding_distributions()
    fresh = compute_finding_distributions()
    assert set(stored) == set(KEYS) == set(fresh)
    for key in KEYS:
        for name in ("normal_mean", "affected_mean", "sd"):
            assert getattr(stored[key], name) == pytest.approx(getattr(fresh[key], name), abs=0.05), (
                key,
                name,
            )


def test_clinical_findings_are_informative_and_posture_is_not() -> None:
    d = finding_distributions()
    for key in ("thomas_hip_angle_deg", "knee_extension_deficit_deg"):
        assert abs(d[key].affected_mean - d[key].normal_mean) > 1.0 * d[key].sd, key
    assert d["thomas_hip_angle_deg"].affected_mean > d["thomas_hip_angle_deg"].normal_mean
    assert d["thomas_knee_angle_deg"].affected_mean < d["thomas_knee_angle_deg"].normal_mean
    for key in ("pelvic_tilt_deg", "lumbar_lordosis_deg"):
        assert abs(d[key].affected_mean - d[key].normal_mean) < 0.3 * d[key].sd, key


def test_distribution_is_a_frozen_dataclass_of_floats() -> None:
    d = finding_distributions()["thomas_hip_angle_deg"]
    assert all(isinstance(getattr(d, f.name), float) for f in dataclasses.fields(d))
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.sd = 1.0  # type: ignore[misc]

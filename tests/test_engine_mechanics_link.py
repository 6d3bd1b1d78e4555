"""Thomas angles and posture readings reach the engine through the posture model's likelihood."""

from __future__ import annotations

import pytest

from psoas.atlas import load_atlas
from psoas.mechanics.evidence import finding_distributions
from psoas.reasoning.observations import MECHANICS_KEYS, measurement_model


@pytest.mark.parametrize(("key", "finding"), sorted(MECHANICS_KEYS.items()))
def test_measured_findings_use_the_posture_model(key: str, finding: str) -> None:
    model = measurement_model(load_atlas().findings[finding])
    dist = finding_distributions()[key]
    assert model.source == "posture model"
    assert (model.normal_mean, model.affected_mean, model.sd) == pytest.approx(
        (dist.normal_mean, dist.affected_mean, dist.sd)
    )


def test_posture_is_nearly_uninformative_and_thomas_is_not() -> None:
    def separation(finding: str) -> float:
        model = measurement_model(load_atlas().findings[finding])
        return abs(model.affected_mean - model.normal_mean) / model.sd

    assert separation("thomas_hip") > 1.0
    assert separation("pelvic_tilt_measured") < 0.3
    assert separation("lordosis_measured") < 0.3


def test_sex_specific_norm_shifts_the_90_90_model() -> None:
    finding = load_atlas().findings["ake_deficit"]
    male, female = measurement_model(finding, "male"), measurement_model(finding, "female")
    assert male.normal_mean - female.normal_mean == pytest.approx(17.8 - 13.4)

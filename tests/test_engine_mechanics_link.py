"""The Thomas knee angle reaches the engine through the posture model; the model's neutral knee is normal."""

from __future__ import annotations

import pytest

from psoas.mechanics.finding_distributions import finding_distributions
from psoas.reasoning.traits import POSTURE_MODEL_KEYS, load_trait_model

# Knee flexion of the hanging leg in the modified Thomas test (0 = straight): a normal shank hangs about
# vertical (about 70-80 deg with the thigh a little below horizontal); below 67 deg marks a short rectus
# femoris (Kendall 2005; the intake's documented convention).
KNEE_NORMAL_RANGE = (67.0, 80.0)
KNEE_SHORT_CUTOFF = 67.0


@pytest.mark.parametrize(("key", "reading"), sorted(POSTURE_MODEL_KEYS.items()))
def test_knee_reading_uses_the_posture_model_means(key: str, reading: str) -> None:
    model = load_trait_model()
    entry = next(r for r in model.readings if r.id == reading)
    dist = finding_distributions()[key]
    assert model.means(entry, None) == pytest.approx((dist.normal_mean, dist.affected_mean))


def test_neutral_model_knee_is_inside_the_published_normal_range() -> None:
    dist = finding_distributions()["thomas_knee_angle_deg"]
    assert KNEE_NORMAL_RANGE[0] <= dist.normal_mean <= KNEE_NORMAL_RANGE[1]
    # a typically short rectus femoris reads clearly below the cut-off
    assert dist.affected_mean < KNEE_SHORT_CUTOFF - 5.0


def test_knee_angle_is_an_informative_reading() -> None:
    """Separation of the two groups in units of the between-person spread (old model: 0.6)."""
    model = load_trait_model()
    entry = next(r for r in model.readings if r.id == "thomas_knee")
    normal, affected = model.means(entry, None)
    assert (normal - affected) / entry.between_sd > 2.0


def test_sex_specific_norm_shifts_the_90_90_reading() -> None:
    model = load_trait_model()
    entry = next(r for r in model.readings if r.id == "ake_deficit")
    male, female = model.means(entry, "male"), model.means(entry, "female")
    assert male[0] - female[0] == pytest.approx(17.8 - 13.4)
    assert male[1] - male[0] == pytest.approx(female[1] - female[0])

"""The trait model's data (data/traits.toml) and its arithmetic, checked against hand computations."""

from __future__ import annotations

import math

import pytest

from psoas.errors import AtlasError
from psoas.knowledge import vocab
from psoas.knowledge.atlas import load_atlas
from psoas.reasoning.traits import TRAITS, _reading, load_trait_model, side_posteriors


def test_methods_are_the_intake_vocabulary_with_sems_in_order_and_cited() -> None:
    model = load_trait_model()
    assert tuple(model.methods) == vocab.METHODS
    sem = {m: model.methods[m].sem_deg for m in vocab.METHODS}
    assert sem["photo_corrected"] < sem["inclinometer"] < sem["photo"] < sem["goniometer"] < sem["estimate"]
    assert sem["photo_corrected"] == 1.0 and sem["goniometer"] == 7.0  # Peeler 2013; Peeler & Anderson 2008
    assert all(model.methods[m].cite for m in vocab.METHODS)


def test_every_reading_names_a_catalogued_test_and_a_known_cause() -> None:
    model, atlas = load_trait_model(), load_atlas()
    for reading in (*model.readings, *model.conditions):
        assert reading.test in atlas.tests, reading.id
        assert reading.target in atlas.causes, reading.id
        assert reading.cite
    assert {r.target for r in model.readings} == set(TRAITS)


def test_angle_likelihood_ratio_matches_a_hand_computation() -> None:
    model = load_trait_model()
    thomas = next(r for r in model.readings if r.id == "thomas_hip")
    s2 = 7.0**2 + 7.0**2  # between-person sd and goniometer SEM
    expected = math.exp(((12 + 11.9) ** 2 - (12 - 5.0) ** 2) / (2 * s2))
    assert model.angle_lr(thomas, 12.0, "goniometer", None) == pytest.approx(expected)
    assert model.angle_lr(thomas, 60.0, "photo_corrected", None) == model.max_lr  # capped
    assert model.angle_lr(thomas, -45.0, "photo_corrected", None) == pytest.approx(1 / model.max_lr)


def test_binary_likelihood_ratios_use_sensitivity_and_specificity_once() -> None:
    model = load_trait_model()
    assert model.binary_lr(0.91, 0.26, True) == pytest.approx(0.91 / 0.74)
    assert model.binary_lr(0.91, 0.26, False) == pytest.approx(0.09 / 0.26)


def test_side_posteriors_keep_priors_exactly_without_evidence_and_are_symmetric() -> None:
    priors = {"left": 0.12, "right": 0.2}
    assert side_posteriors(priors, {"left": 1.0, "right": 1.0}, 0.6) == priors
    both = side_posteriors({"left": 0.12, "right": 0.12}, {"left": 5.0, "right": 5.0}, 0.6)
    assert both["left"] == pytest.approx(both["right"])
    independent = side_posteriors({"left": 0.12, "right": 0.12}, {"left": 5.0, "right": 1.0}, 0.0)
    odds = 0.12 / 0.88 * 5.0
    assert independent["left"] == pytest.approx(odds / (1 + odds), abs=1e-6)
    assert independent["right"] == pytest.approx(0.12, abs=1e-6)


def test_a_bad_reading_entry_names_itself() -> None:
    methods = load_trait_model().methods
    with pytest.raises(AtlasError, match="'broken'"):
        _reading({"id": "broken", "test": "thomas", "field": "x", "trait": "psoas_tight"}, "trait", methods)
    with pytest.raises(AtlasError, match="unknown cause"):
        _reading(
            {"id": "r", "test": "thomas", "field": "x", "trait": "gluteus", "kind": "angle", "cite": "c"},
            "trait",
            methods,
        )

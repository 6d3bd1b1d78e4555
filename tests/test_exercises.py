"""The exercise library: every entry valid, ACSM doses, and broken copies rejected naming the entry."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from importlib.resources import files
from typing import Any

import pytest

from psoas.errors import AtlasError, NotFoundError
from psoas.knowledge.exercises import (
    DOSE_FIELDS,
    ExerciseLibrary,
    exercise_ids,
    get_exercise,
    load_exercises,
    parse_library,
    parse_library_text,
)
from psoas.knowledge.vocab import CAUSES, EVIDENCE_LEVELS

REQUIRED_IDS = (
    "constructive_rest",
    "half_kneeling_hip_flexor_stretch",
    "edge_of_bed_supine_hip_flexor_stretch",
    "low_lunge",
    "bridge",
    "pilates_thigh_stretch",
    "pilates_single_leg_stretch",
    "hamstring_90_90_stretch",
    "chin_tucks",
    "thoracic_extension",
    "doorway_pec_stretch",
    "massage_therapy",
)
CLINICIAN_CAUSES = ("hip_joint", "local_knee", "local_shoulder", "lumbar_radicular")


@pytest.fixture(scope="module")
def lib() -> ExerciseLibrary:
    return load_exercises()


@pytest.fixture()
def raw() -> dict[str, Any]:
    text = files("psoas").joinpath("data", "exercises.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _entry(data: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    return next(e for e in data["exercise"] if e["id"] == exercise_id)


def test_required_exercises_present_and_ids_unique(lib: ExerciseLibrary) -> None:
    ids = exercise_ids()
    assert set(REQUIRED_IDS) <= set(ids)
    assert len(ids) == len(set(ids))
    assert ids == lib.ids()


def test_every_entry_is_consistent(lib: ExerciseLibrary) -> None:
    for ex in lib.exercises:
        assert set(ex.targets) <= set(CAUSES), ex.id
        assert ex.evidence.level in EVIDENCE_LEVELS, ex.id
        assert all(key in lib.references for key in ex.evidence.cite), ex.id
        assert set(ex.dose.to_dict()) == set(DOSE_FIELDS[ex.kind]), ex.id
        assert len(ex.steps) >= 2 and ex.regression and ex.progression, ex.id
    # Every cited key is used and every self-care cause has something to do.
    cited = {key for ex in lib.exercises for key in ex.evidence.cite}
    assert cited == set(lib.references)
    for cid in CAUSES:
        if lib.causes[cid].self_care:
            assert lib.for_cause(cid), cid


def test_clinician_causes_carry_advice_and_no_exercises(lib: ExerciseLibrary) -> None:
    for cid in CLINICIAN_CAUSES:
        info = lib.causes[cid]
        assert not info.self_care
        assert "physiotherapist" in info.who
        assert len(info.advice) > 40
        assert lib.for_cause(cid) == ()


def test_every_stretch_within_acsm_bounds(lib: ExerciseLibrary) -> None:
    stretches = [ex for ex in lib.exercises if ex.kind == "stretch"]
    assert len(stretches) >= 6
    for ex in stretches:
        d = ex.dose
        assert d.hold_s is not None and d.reps is not None and d.days_per_week is not None
        assert 10 <= d.hold_s <= 30, ex.id
        assert 2 <= d.reps <= 4, ex.id
        assert d.hold_s * d.reps >= 60 - 1e-9, ex.id  # about 60 s per muscle
        assert d.days_per_week >= 2, ex.id


def test_constructive_rest_and_massage_doses(lib: ExerciseLibrary) -> None:
    rest = get_exercise("constructive_rest")
    assert rest.kind == "rest" and rest.dose.duration_min is not None
    assert 15 <= rest.dose.duration_min <= 20
    assert rest.dose.days_per_week == 7
    massage = get_exercise("massage_therapy")
    assert massage.kind == "manual_therapy" and massage.discipline == "massage"
    assert massage.dose.visit_every_weeks == 6
    steps = " ".join(massage.steps).lower()
    assert "before booking" in steps and "psoas" in steps


def test_disciplines_for_yoga_and_pilates(lib: ExerciseLibrary) -> None:
    assert get_exercise("low_lunge").discipline == "yoga"
    assert get_exercise("pilates_thigh_stretch").discipline == "pilates"
    assert get_exercise("pilates_single_leg_stretch").discipline == "pilates"
    assert "tuck" in " ".join(get_exercise("half_kneeling_hip_flexor_stretch").steps).lower()


def test_get_exercise_unknown_lists_allowed_ids() -> None:
    with pytest.raises(NotFoundError) as info:
        get_exercise("psoas_yank")
    assert "psoas_yank" in str(info.value)
    assert "constructive_rest" in str(info.value) and "massage_therapy" in str(info.value)


def test_load_is_cached() -> None:
    assert load_exercises() is load_exercises()


def test_unchanged_copy_parses(raw: dict[str, Any]) -> None:
    assert parse_library(raw).ids() == exercise_ids()


def _set(exercise_id: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        _entry(data, exercise_id)[key] = value

    return change


def _drop_dose(exercise_id: str, field: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        del _entry(data, exercise_id)["dose"][field]

    return change


def _set_dose(exercise_id: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        _entry(data, exercise_id)["dose"][field] = value

    return change


def _duplicate(data: dict[str, Any]) -> None:
    data["exercise"].append(copy.deepcopy(_entry(data, "chin_tucks")))


def _cite(data: dict[str, Any]) -> None:
    _entry(data, "bridge")["evidence"]["cite"] = ["nobody2099"]


def _level(data: dict[str, Any]) -> None:
    _entry(data, "low_lunge")["evidence"]["level"] = "miraculous"


@pytest.mark.parametrize(
    ("change", "names", "says"),
    [
        (_set("low_lunge", "targets", ["psoas_tight", "soul_tight"]), "low_lunge", "soul_tight"),
        (_set("bridge", "avoid_with", ["knee_pain"]), "bridge", "knee_pain"),
        (_drop_dose("half_kneeling_hip_flexor_stretch", "reps"), "half_kneeling_hip_flexor_stretch", "reps"),
        (_drop_dose("constructive_rest", "duration_min"), "constructive_rest", "duration_min"),
        (_set_dose("doorway_pec_stretch", "hold_s", 90), "doorway_pec_stretch", "ACSM"),
        (_set_dose("hamstring_90_90_stretch", "reps", 6), "hamstring_90_90_stretch", "ACSM"),
        (_set_dose("chin_tucks", "duration_min", 5), "chin_tucks", "duration_min"),
        (_duplicate, "chin_tucks", "duplicate"),
        (_cite, "bridge", "nobody2099"),
        (_level, "low_lunge", "miraculous"),
        (_set("bridge", "kind", "sorcery"), "bridge", "sorcery"),
        (_set("bridge", "colour", "red"), "bridge", "colour"),
        (_set("low_lunge", "sided", "yes"), "low_lunge", "sided"),
    ],
)
def test_broken_copy_raises_naming_the_entry(
    raw: dict[str, Any], change: Callable[[dict[str, Any]], None], names: str, says: str
) -> None:
    change(raw)
    with pytest.raises(AtlasError) as info:
        parse_library(raw)
    assert names in str(info.value)
    assert says in str(info.value)


def test_missing_cause_notes_and_references_are_rejected(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    del broken["causes"]["lumbar_radicular"]
    with pytest.raises(AtlasError, match="lumbar_radicular"):
        parse_library(broken)
    broken = copy.deepcopy(raw)
    broken["exercise"][0]["evidence"]["cite"] = ["no_such_source_2099"]
    with pytest.raises(AtlasError, match="no_such_source_2099"):
        parse_library(broken)


def test_a_citation_key_defined_a_second_time_in_the_library_is_refused(raw: dict[str, Any]) -> None:
    """references.toml is the one home of citation keys: a [references] table in the library is an error."""
    assert "references" not in raw
    copied = copy.deepcopy(raw)
    copied["references"] = {"acsm2021": "ACSM guidelines, a second definition of the same key."}
    with pytest.raises(AtlasError, match="define them twice"):
        parse_library(copied)


def test_invalid_toml_text_is_an_atlas_error() -> None:
    with pytest.raises(AtlasError, match="TOML"):
        parse_library_text("[[exercise]\nid = ")

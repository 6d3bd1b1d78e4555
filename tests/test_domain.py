"""The domain is declared once: vocabularies, labels, urgencies and the reference body have one home each.

These tests fail when an id or a label is declared a second time (a copied dict, a copied schema field, a
hard-coded body size), and when the one home and its users disagree.
"""

from __future__ import annotations

import ast
import inspect
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from psoas.errors import AtlasError
from psoas.intake import schema
from psoas.knowledge import vocab
from psoas.knowledge.atlas import build_atlas, load_atlas, read_data

SRC = Path(__file__).resolve().parents[1] / "src" / "psoas"


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _literal_sets(tree: ast.AST) -> list[tuple[int, set[str], bool]]:
    """(line, string keys or names, whether values are strings) of every dict literal and class body."""
    found: list[tuple[int, set[str], bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            strings = all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values)
            found.append((node.lineno, keys, strings))
        elif isinstance(node, ast.ClassDef):
            names = {
                s.target.id
                for s in node.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            }
            found.append((node.lineno, names, False))
    return found


def _second_declarations(ids: tuple[str, ...], allowed: set[str], need: int = 5) -> list[str]:
    out = []
    for path in _modules():
        rel = str(path.relative_to(SRC))
        if rel in allowed:
            continue
        for line, keys, _strings in _literal_sets(ast.parse(path.read_text(encoding="utf-8"))):
            if len(keys & set(ids)) >= need:
                out.append(f"{rel}:{line}")
    return out


def test_region_ids_and_labels_are_declared_in_one_place() -> None:
    """No module keeps its own table of regions (labels come from atlas.toml, ids from vocab)."""
    assert _second_declarations(vocab.REGIONS, set()) == []


def test_red_flag_ids_are_declared_in_one_place() -> None:
    """vocabulary.toml declares each red flag with its question; no module keeps its own table."""
    assert _second_declarations(vocab.RED_FLAGS, set()) == []
    from psoas.assessment.redflags import QUESTIONS

    assert QUESTIONS is vocab.RED_FLAG_QUESTIONS and tuple(QUESTIONS) == vocab.RED_FLAGS


def test_cause_labels_are_declared_in_one_place() -> None:
    assert _second_declarations(vocab.CAUSES, set()) == []
    library_doc = read_data("exercises.toml")
    assert not [c for c, entry in library_doc["causes"].items() if "label" in entry or "words" in entry]
    from psoas.knowledge.exercises import load_exercises

    atlas = load_atlas()
    assert {c: i.label for c, i in load_exercises().causes.items()} == {
        c: atlas.causes[c].words for c in vocab.CAUSES
    }


def test_the_vocabulary_is_read_from_the_data_files() -> None:
    doc, atlas_doc = read_data("vocabulary.toml"), read_data("atlas.toml")
    assert tuple(doc["sides"]) == vocab.SIDES and tuple(doc["urgencies"]) == vocab.URGENCIES
    assert tuple(f["id"] for f in doc["red_flags"]) == vocab.RED_FLAGS
    assert {f["id"] for f in doc["red_flags"] if f.get("emergency")} == vocab.EMERGENCY_FLAGS
    assert tuple(r["id"] for r in atlas_doc["regions"]) == vocab.REGIONS
    assert {r["id"] for r in atlas_doc["regions"] if r.get("midline")} == vocab.MIDLINE_REGIONS
    assert tuple(c["id"] for c in atlas_doc["causes"]) == vocab.CAUSES
    assert tuple(read_data("traits.toml")["methods"]) == vocab.METHODS


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda v, a: v["sides"].append("left"), "'left' is listed twice"),
        (lambda v, a: v["red_flags"].append({"id": "Bad Flag", "question": "?"}), "not a lower-case name"),
        (lambda v, a: v["red_flags"][0].pop("question"), "needs a question"),
        (lambda v, a: v.update(blocking_urgencies=["emergency", "whenever"]), "'whenever' is not one of"),
        (lambda v, a: v.update(default_method="ruler"), "default_method"),
        (lambda v, a: a.pop("regions"), "[[regions]] entries are missing"),
    ],
)
def test_a_malformed_vocabulary_is_refused_naming_the_entry(change: Any, says: str) -> None:
    import copy

    doc, atlas_doc = copy.deepcopy(read_data("vocabulary.toml")), copy.deepcopy(read_data("atlas.toml"))
    change(doc, atlas_doc)
    with pytest.raises(AtlasError) as info:
        vocab.build_vocabulary(doc, atlas_doc, read_data("traits.toml"))
    assert says in str(info.value)


def test_the_atlas_midline_and_sided_flags_must_match_the_vocabulary() -> None:
    atlas_doc, findings_doc = _docs()
    regions = [dict(r, midline=True) if r["id"] == "knee" else r for r in atlas_doc["regions"]]
    with pytest.raises(AtlasError, match="region 'knee': midline must be true exactly for"):
        build_atlas({**atlas_doc, "regions": regions}, findings_doc)
    causes = [dict(c, sided=False) if c["id"] == "psoas_tight" else c for c in atlas_doc["causes"]]
    with pytest.raises(AtlasError, match="cause 'psoas_tight': sided must be false exactly for"):
        build_atlas({**atlas_doc, "causes": causes}, findings_doc)


@pytest.mark.parametrize("side", ["left", "right", "center"])
def test_every_face_words_a_region_from_the_atlas(side: str) -> None:
    from psoas.draw.bodymap import region_label
    from psoas.release.programme import _pain_phrase
    from psoas.web.wheel import render_wheel

    atlas = load_atlas()
    for region in vocab.REGIONS:
        words = atlas.regions[region].words
        assert region_label(region, side) == (words if side == "center" else f"{side} {words}")
        assert _pain_phrase([(region, side)]) == (words if side == "center" else f"{side} {words}")
    wheel = render_wheel(atlas, None, None)
    for region in vocab.REGIONS:
        assert f">{atlas.regions[region].short}</text>" in wheel


def test_a_changed_atlas_label_reaches_the_faces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Identity, not a coincidence of equal strings: the body map reads the atlas each time."""
    import dataclasses

    from psoas.draw.bodymap import region_label

    atlas = load_atlas()
    renamed = dict(atlas.regions)
    renamed["knee"] = dataclasses.replace(atlas.regions["knee"], words="kneecap area")
    patched = dataclasses.replace(atlas, regions=renamed)
    monkeypatch.setattr("psoas.knowledge.atlas.load_atlas", lambda: patched)
    assert region_label("knee", "left") == "left kneecap area"


def _enum_at(defs: dict[str, Any], model: str, field: str) -> list[str]:
    prop = defs[model]["properties"][field]
    for option in [prop, *prop.get("anyOf", []), prop.get("items", {})]:
        if "enum" in option:
            return list(option["enum"])
        if "items" in option and "enum" in option["items"]:
            return list(option["items"]["enum"])
    raise AssertionError(f"no enum at {model}.{field}: {prop}")


@pytest.mark.parametrize(
    ("model", "field", "expected"),
    [
        ("PainEntry", "region", vocab.REGIONS),
        ("PainEntry", "side", vocab.SIDES),
        ("PainEntry", "onset", vocab.ONSETS),
        ("PainEntry", "worse_with", vocab.AGGRAVATORS),
        ("PainEntry", "sensations", vocab.SENSATIONS),
        ("Person", "sex", vocab.SEXES),
        ("Injury", "region", vocab.REGIONS),
        ("Injury", "side", vocab.SIDES),
        ("Injury", "mechanism", vocab.INJURY_MECHANISMS),
        ("ThomasSide", "result", vocab.RESULTS),
        ("ThomasSide", "method", vocab.METHODS),
        ("Posture", "method", vocab.METHODS),
    ],
)
def test_the_schema_enums_equal_the_vocabulary(model: str, field: str, expected: tuple[str, ...]) -> None:
    defs = schema.intake_json_schema()["$defs"]
    assert _enum_at(defs, model, field) == list(expected)


def test_the_red_flag_fields_are_the_vocabulary() -> None:
    assert tuple(schema.RedFlags.model_fields) == vocab.RED_FLAGS
    defs = schema.intake_json_schema()["$defs"]
    assert tuple(defs["RedFlags"]["properties"]) == vocab.RED_FLAGS
    assert schema.RedFlags(limp=True).is_yes("limp") and not schema.RedFlags().is_yes("limp")


def test_urgencies_are_declared_once() -> None:
    from psoas.assessment.redflag_rules import _TABLE
    from psoas.assessment.redflags import URGENCY_ORDER
    from psoas.present.words import URGENCY_WORDS
    from psoas.release import programme

    assert URGENCY_ORDER is vocab.URGENCIES and programme.URGENCIES is vocab.URGENCIES
    assert programme.BLOCKING_URGENCIES is vocab.BLOCKING_URGENCIES
    assert set(URGENCY_WORDS) == set(vocab.URGENCIES)
    assert {row[1] for row in _TABLE} == set(vocab.URGENCIES)
    assert {row[0] for row in _TABLE if row[1] == "emergency"} & set(vocab.RED_FLAGS) == set(
        vocab.EMERGENCY_FLAGS
    )


# ---- the reference body ----------------------------------------------------------------------------------


def _params_body() -> tuple[float, float]:
    text = resources.files("psoas").joinpath("data", "mechanics", "params_v1.toml").read_text("utf-8")
    table = tomllib.loads(text)["reference_body"]
    return table["height_m"]["value"], table["mass_kg"]["value"]


def _default(func: Any, name: str) -> Any:
    value = inspect.signature(func).parameters[name].default
    return getattr(value, "default", value)  # a typer.Option wraps its default


def test_the_reference_body_is_the_params_file() -> None:
    from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_HEIGHT_M, REFERENCE_MASS_KG

    height_m, mass_kg = _params_body()
    assert (height_m, mass_kg) == (1.741, 73.0)
    assert (height_m, mass_kg) == (REFERENCE_HEIGHT_M, REFERENCE_MASS_KG)
    assert pytest.approx(height_m * 100) == REFERENCE_HEIGHT_CM


def test_every_default_body_is_the_reference_body() -> None:
    import psoas.mechanics as mechanics
    from psoas.cli.mechanics_cmd import simulate as cli_simulate
    from psoas.draw import pose_figure
    from psoas.draw.front import front_points
    from psoas.draw.poses import H
    from psoas.draw.posture import posture_svg
    from psoas.mechanics import forward, inverse
    from psoas.mechanics.calibration import REFERENCE_BODY
    from psoas.web.api import SimulateRequest
    from psoas.web.services import Services

    height_m, mass_kg = _params_body()
    for func in (
        mechanics.simulate,
        forward.simulate,
        posture_svg,
        inverse.posture_linearisation,
        cli_simulate,
    ):
        assert _default(func, "height_cm") == pytest.approx(height_m * 100), func
        assert _default(func, "mass_kg") == mass_kg, func
    assert _default(Services.simulate, "height_cm") == pytest.approx(height_m * 100)
    assert _default(Services.simulate, "mass_kg") == mass_kg
    fields = SimulateRequest.model_fields
    assert (fields["height_cm"].default, fields["mass_kg"].default) == (
        pytest.approx(height_m * 100),
        mass_kg,
    )
    assert (height_m, mass_kg) == REFERENCE_BODY
    assert height_m == H and _default(pose_figure, "height_m") == height_m
    assert _default(front_points, "height_m") == height_m


def test_no_module_hard_codes_the_old_reference_body() -> None:
    offending = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in (1.75, 175.0, 1.741, 173.0):
                offending.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value}")
    assert offending == []


def test_intake_weight_and_mechanics_mass_are_mapped_in_one_place() -> None:
    from psoas.mechanics.reference import REFERENCE, body_of

    assert body_of({"height_cm": 180, "weight_kg": 80}) == (180, 80)
    assert body_of({"height_cm": 180, "mass_kg": 81}) == (180, 81)
    assert body_of(None) == (REFERENCE.height_cm, REFERENCE.mass_kg)
    assert "weight_kg" in schema.Person.model_fields  # the public names stay
    mapped = [
        p
        for p in _modules()
        if "weight_kg" in p.read_text(encoding="utf-8") and "mass_kg" in p.read_text(encoding="utf-8")
    ]
    assert [str(p.relative_to(SRC)) for p in mapped] == ["mechanics/reference.py"]


def test_inverse_model_reads_an_intake_style_person() -> None:
    from psoas.mechanics import infer_tightness

    with pytest.raises(Exception, match="mass_kg"):
        infer_tightness({"person": {"weight_kg": 10.0}, "thomas": {"left": {"hip_angle_deg": 0.0}}})


# ---- citations -------------------------------------------------------------------------------------------


def _docs() -> tuple[dict[str, Any], dict[str, Any]]:
    return read_data("atlas.toml"), read_data("findings.toml")


def test_a_citation_key_defined_again_in_an_atlas_file_is_refused() -> None:
    atlas_doc, findings_doc = _docs()
    key = next(iter(load_atlas().sources))
    with pytest.raises(AtlasError, match=f"citation key '{key}' is already defined in references.toml"):
        build_atlas({**atlas_doc, "references": {key: "A second, different text."}}, findings_doc)


def test_the_same_free_text_key_in_two_atlas_files_is_refused() -> None:
    atlas_doc, findings_doc = _docs()
    extra = {"only_here_2099": "Some free-text source."}
    built = build_atlas({**atlas_doc, "references": extra}, findings_doc)
    assert built.sources["only_here_2099"].kind == "legacy"
    with pytest.raises(AtlasError, match="already defined in atlas"):
        build_atlas({**atlas_doc, "references": extra}, {**findings_doc, "references": extra})


def test_no_bundled_file_defines_a_citation_key_outside_references_toml() -> None:
    for name in ("atlas.toml", "findings.toml", "exercises.toml", "claims.toml", "traits.toml"):
        assert "references" not in read_data(name), name


def test_the_bundled_reference_table_has_no_duplicate_keys() -> None:
    text = resources.files("psoas").joinpath("data", "references.toml").read_text("utf-8")
    keys = [line.strip()[len("[ref.") : -1] for line in text.splitlines() if line.strip().startswith("[ref.")]
    assert len(keys) == len(set(keys)) and set(keys) == set(load_atlas().sources)


# ---- self-tests: the web's guides quote the schema and the engine's data ------------------------------------


def test_the_web_guides_take_inputs_and_words_from_the_schema() -> None:
    from psoas.intake.questionnaire import self_tests
    from psoas.knowledge.test_guides import TEST_GUIDES

    models = dict(self_tests())
    assert [g.id for g in TEST_GUIDES] == list(models)
    for guide in TEST_GUIDES:
        model = models[guide.id]
        for name, _kind, label in guide.fields:
            assert label == model.model_fields[name].description, (guide.id, name)


def test_the_web_guides_quote_the_cut_offs_of_the_trait_data() -> None:
    from psoas.knowledge.test_guides import test_guide
    from psoas.reasoning.traits import load_trait_model

    model = load_trait_model()
    by_id = {r.id: r for r in (*model.readings, *model.conditions)}
    traits = read_data("traits.toml")
    ake = next(r for r in traits["readings"] if r["id"] == "ake_deficit")
    assert by_id["ake_deficit"].cutoff_by_sex == ake["cutoff_by_sex"]
    text = test_guide("knee_extension_90_90").reading  # type: ignore[union-attr]
    for sex in ("male", "female"):
        assert f"{by_id['ake_deficit'].cutoff_for(sex):g} degrees" in text
    assert f"{by_id['slr_angle'].cutoff_for():g} degrees" in test_guide("straight_leg_raise").reading  # type: ignore[union-attr]
    low, high = by_id["hip_ir"].normal_range or (0, 0)
    hip = test_guide("hip_internal_rotation").reading  # type: ignore[union-attr]
    assert f"{low:g}-{high:g} degrees" in hip and f"{by_id['hip_ir'].cutoff_for():g} degrees" in hip
    content = (SRC / "knowledge" / "test_guides.py").read_text(encoding="utf-8")
    assert not [n for n in ("33", "23", "80", "15", "30-40") if f" {n} degrees" in content]


def test_a_cut_off_outside_the_means_is_refused() -> None:
    from psoas.reasoning.traits import _reading, load_trait_model

    raw = next(r for r in read_data("traits.toml")["readings"] if r["id"] == "slr_angle")
    with pytest.raises(AtlasError, match="cutoff 95.0 lies outside the means"):
        _reading({**raw, "cutoff": 95.0}, "trait", load_trait_model().methods)

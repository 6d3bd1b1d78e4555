"""The annotated article: every claim mapped, every link claimed, every reference identified (or marked
unconfirmed with its reason), levels that agree with the atlas, and a README table that equals the data."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from psoas.cli import app
from psoas.errors import AtlasError
from psoas.knowledge.atlas import build_atlas, load_atlas, read_data, weakest
from psoas.knowledge.claims import build_claims, coverage_problems, link_key, load_claims
from psoas.knowledge.exercises import load_exercises
from psoas.knowledge.references import PUBLISHED_KINDS, build_references
from psoas.present.claims import readme_table, replace_table

ROOT = Path(__file__).resolve().parent.parent

# The spokes the seed article names that the first atlas folded away or lacked (issue 16).
NAMED_SPOKES = {
    "ankle_foot": {"ankle", "foot"},
    "upper_back_soreness": {"upper_back"},
    "shoulder_arthritis": {"shoulder"},
    "shoulder_bursitis": {"shoulder"},
    "shoulder_bone_spurs": {"shoulder"},
    "rotator_cuff_tear": {"shoulder"},
    "knee_healing": {"knee"},
    "hamstrings_held_long": {"thigh_back"},
    "trauma_fetal": {"abdomen"},
}


def test_every_claim_is_mapped_and_sourced() -> None:
    claims = load_claims()
    assert len(claims.article_claims()) >= 25
    for claim in claims.claims.values():
        mapped = (claim.links, claim.muscles, claim.exercises, claim.modifiers, claim.program, claim.causes)
        assert any(mapped), claim.id
        assert claim.sources, claim.id
        assert all(n.source in claim.sources for n in claim.numbers), claim.id
        if claim.origin == "article":
            assert claim.self_test, claim.id


def test_every_link_cause_and_exercise_is_claimed() -> None:
    assert coverage_problems(load_claims(), load_atlas(), load_exercises()) == []


def test_the_named_spokes_are_their_own_claims_and_reach_their_regions() -> None:
    claims = load_claims()
    for claim_id, regions in NAMED_SPOKES.items():
        claim = claims.get(claim_id)
        assert set(claim.regions) == regions, claim_id
        assert claim.level in ("unsupported", "weak"), claim_id
    assert claims.get("sitting_flexion").modifiers == ("psoas_tight:sitting_hours_min",)
    assert "review_after_weeks" in claims.get("maintenance_six_weeks").program
    assert claims.get("release_frees_the_rest").level == "unsupported"


def test_every_reference_has_an_identifier_or_a_stated_reason() -> None:
    """Rule: a published source has doi, pmid or https url plus what was checked, or is marked
    unconfirmed with why; psoas's own assumptions and recorded searches say what they are instead."""
    sources = load_atlas().sources
    assert not [k for k, r in sources.items() if r.kind == "legacy"], (
        "free-text references left in atlas files"
    )
    counts = {"identified": 0, "unconfirmed": 0, "statement": 0}
    for key, ref in sources.items():
        if ref.kind in PUBLISHED_KINDS:
            assert (ref.identified and ref.checked) or (ref.unconfirmed and ref.why), key
            counts["unconfirmed" if ref.unconfirmed else "identified"] += 1
        else:
            assert ref.about and not ref.identified, key
            counts["statement"] += 1
    assert counts["identified"] >= 20, counts
    library = load_exercises()
    assert set(library.references) <= set(sources)  # the exercise library's keys exist, structured


def test_every_quoted_number_appears_in_what_was_checked_in_its_source() -> None:
    """A number shown in a claim must be one that was read in its source: each figure in the value occurs in
    the reference's `checked` note (or, for an unconfirmed one, in its `why`)."""
    claims = load_claims()
    for claim in claims.claims.values():
        for number in claim.numbers:
            ref = claims.references[number.source]
            record = ref.why if ref.unconfirmed else ref.checked
            for figure in re.findall(r"-?\d+(?:\.\d+)?", number.value):
                assert figure.lstrip("-") in record, (claim.id, number.what, figure)


def test_claim_levels_agree_with_their_links() -> None:
    claims, atlas = load_claims(), load_atlas()
    levels = {link_key(lk.source, lk.target): lk.evidence for lk in atlas.links}
    for claim in claims.claims.values():
        if claim.links:
            assert claim.level == weakest([levels[k] for k in claim.links]), claim.id
    # research/evidence.md section 1 (revised): the tilt is unsupported, passive lumbar compression weak
    assert claims.get("tilts_pelvis").level == "unsupported"
    assert levels["psoas_tight -> lumbar_compression"] == "weak"


def test_a_cause_badge_opens_a_claim_of_the_same_level() -> None:
    claims, atlas = load_claims(), load_atlas()
    for cause in atlas.causes.values():
        claim_id = claims.for_cause(cause.id)
        assert claim_id is not None and cause.id in claims.get(claim_id).causes, cause.id
        assert claims.get(claim_id).level == cause.evidence, cause.id


def test_readme_table_equals_the_data() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert replace_table(readme, readme_table(load_claims())) == readme, "run: make claims-table"
    for claim in load_claims().article_claims():
        assert f"| {claim.title} | {claim.level} |" in readme


def _docs() -> tuple[dict[str, Any], Any, Any, Any]:
    atlas = load_atlas()
    return copy.deepcopy(read_data("claims.toml")), atlas, load_exercises(), atlas.sources


def _claim(doc: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(c for c in doc["claim"] if c["id"] == claim_id)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: _claim(d, "ankle_foot")["links"].append("psoas_tight -> pain:moon"),
            "claim 'ankle_foot': unknown link",
        ),
        (lambda d: _claim(d, "ankle_foot").update(level="weak"), "claim 'ankle_foot': level 'weak' differs"),
        (lambda d: _claim(d, "rotates_femur").update(level="established"), "weakest link's 'contradicted'"),
        (lambda d: _claim(d, "anatomy")["sources"].append("nobody2020"), "unknown source 'nobody2020'"),
        (lambda d: _claim(d, "anatomy").update(muscles=[]), "claim 'anatomy': maps to nothing"),
        (
            lambda d: _claim(d, "tilts_pelvis")["numbers"][0].update(source="laird2014"),
            "not among its sources",
        ),
        (lambda d: d["claim"].append(copy.deepcopy(d["claim"][0])), "claim 'hub_of_the_wheel': duplicate id"),
        (lambda d: _claim(d, "stretches").update(level="established"), "stronger than its exercises' 'weak'"),
        (
            lambda d: _claim(d, "maintenance_six_weeks")["program"].append("forever"),
            "unknown programme rule 'forever'",
        ),
        (lambda d: _claim(d, "tilts_pelvis").update(level="weak"), "differs from its weakest link's"),
        (lambda d: _claim(d, "knee_twist").update(origin="blog"), "unknown origin 'blog'"),
    ],
)
def test_broken_claims_name_the_bad_entry(mutate: Any, message: str) -> None:
    doc, atlas, library, refs = _docs()
    mutate(doc)
    with pytest.raises(AtlasError) as err:
        build_claims(doc, atlas, library, refs)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"kind": "paper", "title": "T"}, "needs doi, pmid or url plus 'checked'"),
        ({"kind": "paper", "title": "T", "doi": "10.1234/x"}, "needs doi, pmid or url plus 'checked'"),
        ({"kind": "paper", "title": "T", "doi": "doi:10.1/x", "checked": "x"}, "does not look like"),
        ({"kind": "paper", "title": "T", "unconfirmed": True}, "needs a 'why'"),
        ({"kind": "paper", "title": "T", "url": "http://x.org", "checked": "x"}, "stable https address"),
        ({"kind": "assumption", "about": "x", "pmid": "1"}, "no identifier"),
        ({"kind": "blog", "title": "T"}, "unknown kind 'blog'"),
    ],
)
def test_reference_rule_is_enforced_on_load(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(AtlasError) as err:
        build_references({"ref": {"bad_one": entry}})
    assert "reference 'bad_one'" in str(err.value) and message in str(err.value)


NEW_SPOKES = {
    "foot_ankle_strain",
    "injured_knee_strain",
    "subacromial_crowding",
    "shoulder_joint_wear",
    "belly_guarding",
}


def _atlas_without_new_spokes() -> Any:
    doc = copy.deepcopy(read_data("atlas.toml"))
    doc["mechanisms"] = [m for m in doc["mechanisms"] if m["id"] not in NEW_SPOKES]
    doc["links"] = [lk for lk in doc["links"] if not {lk["from"], lk["to"]} & NEW_SPOKES]
    return build_atlas(doc, read_data("findings.toml"))


def test_new_spokes_leave_every_vignette_ranking_and_move_no_probability_by_a_point() -> None:
    """Capped, unsupported spokes: against the atlas without them, every bundled example keeps its
    ranking and no cause moves by 0.01 or more."""
    from psoas.intake.examples import example_names, load_example
    from psoas.intake.schema import parse_intake
    from psoas.reasoning.engine import Engine

    old, new = Engine(_atlas_without_new_spokes()), Engine(load_atlas())
    worst = 0.0
    for name in example_names():
        intake = parse_intake(load_example(name))
        before, after = old.infer(intake, next_tests=False), new.infer(intake, next_tests=False)
        assert [(c.id, c.side) for c in before.causes] == [(c.id, c.side) for c in after.causes], name
        for b, a in zip(before.causes, after.causes, strict=True):
            worst = max(worst, abs(a.probability - b.probability))
    assert worst < 0.01
    ankle = parse_intake(
        {"person": {"age": 40}, "pain": [{"region": "ankle", "side": "left", "intensity": 5}]}
    )
    lift = [
        next(
            c.probability
            for c in e.infer(ankle, next_tests=False).causes
            if (c.id, c.side) == ("psoas_tight", "left")
        )
        for e in (old, new)
    ]
    assert 0.0 <= lift[1] - lift[0] < 0.005


def test_cli_prints_the_article_annotated() -> None:
    runner = CliRunner()
    text = runner.invoke(app, ["claims"])
    assert text.exit_code == 0 and "[unsupported] Ankle and foot pain" in text.output
    data = json.loads(runner.invoke(app, ["claims", "--format", "json"]).output)
    assert {c["id"] for c in data["claims"]} == set(load_claims().claims)
    one = json.loads(runner.invoke(app, ["claims", "tilts_pelvis", "-f", "json"]).output)
    assert one["level"] == "unsupported" and one["numbers"][0]["value"] == "r = -0.04 (n = 25)"
    assert any(s.get("link") == "https://doi.org/10.2519/jospt.1990.12.6.243" for s in one["sources"])
    md = runner.invoke(app, ["claims", "ankle_foot", "--format", "markdown"]).output
    assert md.startswith("# The article, annotated") and "## Ankle and foot pain" in md
    bad = runner.invoke(app, ["claims", "spleen"])
    assert bad.exit_code == 2 and "unknown claim 'spleen'" in bad.output


def test_no_claim_text_copies_six_words_of_the_article_if_present() -> None:
    """Paraphrase only: no run of six words from the seed article appears in any claim text."""
    seed = Path("/work/shared/seed/psoas-article.txt")
    words = (
        re.findall(r"[a-z']+", seed.read_text(encoding="utf-8").lower().replace("\u2019", "'"))
        if seed.is_file()
        else []
    )
    grams = {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
    for claim in load_claims().claims.values():
        mine = re.findall(
            r"[a-z']+", " ".join((claim.title, claim.says, claim.known, claim.self_test)).lower()
        )
        assert not any(" ".join(mine[i : i + 6]) in grams for i in range(len(mine) - 5)), claim.id

"""The atlas and findings tables validate on load, and a broken copy names the bad entry."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from psoas.errors import AtlasError
from psoas.knowledge import vocab
from psoas.knowledge.atlas import build_atlas, load_atlas, read_data, weakest


@pytest.fixture(scope="module")
def docs() -> tuple[dict[str, Any], dict[str, Any]]:
    return read_data("atlas.toml"), read_data("findings.toml")


def test_bundled_atlas_is_valid_and_complete() -> None:
    atlas = load_atlas()
    assert tuple(atlas.regions) == vocab.REGIONS
    assert set(atlas.causes) == set(vocab.CAUSES)
    assert atlas.regions["groin"].label.lower().startswith("groin")
    for link in atlas.links:
        assert link.weight <= atlas.evidence_caps[link.evidence]
        assert link.cite in atlas.references


def test_every_cause_reaches_a_painful_region() -> None:
    atlas = load_atlas()
    for cause in atlas.causes:
        if cause == "nonspecific":
            continue
        assert any(True for _ in atlas.paths_from(cause)), cause


def test_article_chain_is_present_with_honest_levels() -> None:
    atlas = load_atlas()
    paths = {tuple([lk.source for lk in p] + [p[-1].target]): p for p in atlas.paths_from("psoas_tight")}
    knee = paths[("psoas_tight", "femoral_rotation", "knee_torsion", "pain:knee")]
    assert weakest([lk.evidence for lk in knee]) == "contradicted"
    shoulder = paths[("psoas_tight", "trunk_pulled_forward", "shoulders_rounded", "pain:shoulder")]
    assert weakest([lk.evidence for lk in shoulder]) == "unsupported"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda a, f: a["links"][0].update(evidence="strong"), "unknown evidence level 'strong'"),
        (lambda a, f: a["links"][0].update(to="pain:elbw"), "unknown region 'elbw'"),
        (lambda a, f: a["links"][0].update(to="nowhere"), "unknown target 'nowhere'"),
        (lambda a, f: a["links"][0].update(cite="nobody2020"), "unknown citation key 'nobody2020'"),
        (lambda a, f: a["links"][3].update(weight=0.5), "must be in (0, 0.05] for evidence 'contradicted'"),
        (lambda a, f: a["causes"].append(copy.deepcopy(a["causes"][0])), "cause 'psoas_tight': duplicate id"),
        (lambda a, f: a["causes"][0].update(prior=1.5), "cause 'psoas_tight': prior 1.5"),
        (lambda a, f: a["regions"].pop(), "regions must list the intake vocabulary"),
        (lambda a, f: a["regions"][0].update(nonspecific_prior=0), "region 'head': nonspecific_prior 0"),
        (
            lambda a, f: f["findings"][0]["parents"].update(psoas_tightt=0.3),
            "unknown parent cause 'psoas_tightt'",
        ),
        (lambda a, f: f["tests"][0]["findings"].append("nope"), "test 'thomas': unknown finding 'nope'"),
        (lambda a, f: f["modifiers"][0]["when"].update(moon=1), "unknown condition 'moon'"),
    ],
)
def test_broken_copy_names_the_bad_entry(
    docs: tuple[dict[str, Any], dict[str, Any]], mutate: Any, message: str
) -> None:
    atlas_doc, findings_doc = copy.deepcopy(docs[0]), copy.deepcopy(docs[1])
    mutate(atlas_doc, findings_doc)
    with pytest.raises(AtlasError) as err:
        build_atlas(atlas_doc, findings_doc)
    assert message in str(err.value)


def test_contradicted_link_is_the_psoas_rotation(docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    # the parametrized case above relies on link #4 being the contradicted rotation link
    link = docs[0]["links"][3]
    assert (link["from"], link["to"], link["evidence"]) == ("psoas_tight", "femoral_rotation", "contradicted")


def test_resolve_cause_accepts_short_names() -> None:
    atlas = load_atlas()
    assert atlas.resolve_cause("psoas") == "psoas_tight"
    assert atlas.resolve_cause("psoas_major") == "psoas_tight"
    assert atlas.resolve_cause("hamstrings") == "hamstrings_short"
    with pytest.raises(AtlasError, match="unknown cause"):
        atlas.resolve_cause("spleen")

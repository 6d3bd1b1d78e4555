"""Validation of the atlas data: builds :class:`psoas.knowledge.atlas.Atlas` from parsed TOML.

Raises :class:`psoas.errors.AtlasError` naming the bad entry: unknown node ids, unknown evidence levels or
citation keys, a citation key defined twice, a link weight above its evidence level's cap, duplicate ids,
or a region / cause vocabulary that disagrees with :mod:`psoas.knowledge.vocab`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from psoas.errors import AtlasError
from psoas.knowledge import vocab
from psoas.knowledge.atlas_types import (
    _LEVEL_RANK,
    Atlas,
    Cause,
    Finding,
    Link,
    Mechanism,
    Modifier,
    Region,
    SelfTest,
)
from psoas.knowledge.references import Reference, legacy_reference, load_references

Check = Callable[[str, str], str]


def _require(entry: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise AtlasError(f"{where}: missing key {key!r}")
    return entry[key]


def _check_unique(items: list[dict[str, Any]], kind: str) -> None:
    seen: set[str] = set()
    for item in items:
        ident = _require(item, "id", kind)
        if ident in seen:
            raise AtlasError(f"{kind} {ident!r}: duplicate id")
        seen.add(ident)


def build(
    atlas_doc: dict[str, Any], findings_doc: dict[str, Any], sources: Mapping[str, Reference] | None = None
) -> Atlas:
    """Validate parsed TOML documents and build the :class:`Atlas` (raises AtlasError).

    Citations resolve against ``sources`` (default: the bundled ``references.toml``); a free-text
    ``[references]`` entry left in an atlas file is kept but flagged as legacy (tests list them). A key
    defined in two places is refused, never merged.
    """
    structured = merge_references(
        load_references() if sources is None else sources,
        {"atlas": atlas_doc.get("references", {}), "findings": findings_doc.get("references", {})},
    )
    references = {key: ref.citation for key, ref in structured.items()}
    caps = dict(atlas_doc.get("evidence_caps", {}))
    if set(caps) != set(vocab.EVIDENCE_LEVELS):
        raise AtlasError(f"evidence_caps must name exactly {', '.join(vocab.EVIDENCE_LEVELS)}")
    cite, level = _cite_check(references), _level_check
    for kind in ("regions", "causes", "mechanisms", "muscles"):
        _check_unique(atlas_doc.get(kind, []), kind[:-1])
    regions = {r["id"]: _build_region(r) for r in atlas_doc["regions"]}
    if tuple(regions) != vocab.REGIONS:
        raise AtlasError("regions must list the intake vocabulary in order: " + ", ".join(vocab.REGIONS))
    muscles = {m["id"]: dict(m) for m in atlas_doc.get("muscles", [])}
    for m in muscles.values():
        cite(f"muscle {m['id']!r}", _require(m, "cite", f"muscle {m['id']!r}"))
    causes = _build_causes(atlas_doc["causes"], muscles, level, cite)
    mechanisms = {
        m["id"]: Mechanism(
            m["id"], _require(m, "label", f"mechanism {m['id']!r}"), bool(m.get("sided", False))
        )
        for m in atlas_doc["mechanisms"]
    }
    links = tuple(
        _build_link(i, raw, causes, mechanisms, regions, caps, level, cite)
        for i, raw in enumerate(atlas_doc["links"])
    )
    findings = _build_findings(findings_doc, causes, level, cite)
    return Atlas(
        version=str(_require(atlas_doc, "version", "atlas")),
        regions=regions,
        muscles=muscles,
        causes=causes,
        mechanisms=mechanisms,
        links=links,
        findings=findings,
        tests=_build_tests(findings_doc, findings),
        modifiers=_build_modifiers(findings_doc, causes, cite),
        references=references,
        evidence_caps=caps,
        sources=structured,
    )


def merge_references(
    structured: Mapping[str, Reference], legacy: Mapping[str, Mapping[str, Any]]
) -> dict[str, Reference]:
    """The structured references plus free-text ``[references]`` tables (by file); a key twice is an error."""
    out = dict(structured)
    origin = dict.fromkeys(structured, "references.toml")
    for where, table in legacy.items():
        for key, text in table.items():
            if key in out:
                raise AtlasError(
                    f"{where}: citation key {key!r} is already defined in {origin[key]}; define it once"
                )
            out[key], origin[key] = legacy_reference(key, str(text)), where
    return out


def _sided(raw: Mapping[str, Any], where: str) -> bool:
    sided = raw.get("sided", True)
    if not isinstance(sided, bool) or sided == (raw["id"] in vocab.CENTER_CAUSES):
        raise AtlasError(f"{where}: sided must be false exactly for {', '.join(sorted(vocab.CENTER_CAUSES))}")
    return sided


def _cite_check(references: Mapping[str, str]) -> Check:
    def cite(where: str, key: str) -> str:
        if key not in references:
            raise AtlasError(f"{where}: unknown citation key {key!r}")
        return key

    return cite


def _level_check(where: str, value: str) -> str:
    if value not in _LEVEL_RANK:
        raise AtlasError(
            f"{where}: unknown evidence level {value!r} (allowed: {', '.join(vocab.EVIDENCE_LEVELS)})"
        )
    return value


def _build_causes(
    raw_causes: list[dict[str, Any]], muscles: Mapping[str, Any], level: Check, cite: Check
) -> dict[str, Cause]:
    causes: dict[str, Cause] = {}
    for c in raw_causes:
        where = f"cause {c['id']!r}"
        prior = float(_require(c, "prior", where))
        if not 0.0 < prior < 1.0:
            raise AtlasError(f"{where}: prior {prior} must lie strictly between 0 and 1")
        if c.get("muscle") is not None and c["muscle"] not in muscles:
            raise AtlasError(f"{where}: unknown muscle {c['muscle']!r}")
        causes[c["id"]] = Cause(
            id=c["id"],
            label=_require(c, "label", where),
            prior=prior,
            evidence=level(where, _require(c, "evidence", where)),
            cite=cite(where, _require(c, "cite", where)),
            about=c.get("about", ""),
            sided=_sided(c, where),
            muscle=c.get("muscle"),
            words=str(c.get("words") or c["label"][0].lower() + c["label"][1:]),
        )
    if set(causes) != set(vocab.CAUSES):
        raise AtlasError("causes must be exactly: " + ", ".join(vocab.CAUSES))
    return causes


def _build_region(raw: dict[str, Any]) -> Region:
    where = f"region {raw['id']!r}"
    prior = float(_require(raw, "nonspecific_prior", where))
    if not 0.0 < prior < 1.0:
        raise AtlasError(f"{where}: nonspecific_prior {prior} must lie strictly between 0 and 1")
    label = _require(raw, "label", where)
    words = str(raw.get("words", label.lower()))
    short = str(raw.get("short", words))
    if not (label.strip() and words.strip() and short.strip()):
        raise AtlasError(f"{where}: label, words and short must not be empty")
    midline = raw.get("midline", False)
    if not isinstance(midline, bool) or midline != (raw["id"] in vocab.MIDLINE_REGIONS):
        raise AtlasError(
            f"{where}: midline must be true exactly for {', '.join(sorted(vocab.MIDLINE_REGIONS))}"
        )
    return Region(raw["id"], label, midline, prior, words, short)


def _build_link(
    i: int,
    raw: dict[str, Any],
    causes: dict[str, Cause],
    mechanisms: dict[str, Mechanism],
    regions: dict[str, Region],
    caps: dict[str, float],
    level: Check,
    cite: Check,
) -> Link:
    where = f"link #{i + 1} ({raw.get('from')} -> {raw.get('to')})"
    source, target = _require(raw, "from", where), _require(raw, "to", where)
    if source not in causes and source not in mechanisms:
        raise AtlasError(f"{where}: unknown source {source!r}")
    if target.startswith("pain:"):
        if target[5:] not in regions:
            raise AtlasError(f"{where}: unknown region {target[5:]!r}")
    elif target not in mechanisms:
        raise AtlasError(f"{where}: unknown target {target!r}")
    evidence = level(where, _require(raw, "evidence", where))
    weight = float(_require(raw, "weight", where))
    if not 0.0 < weight <= caps[evidence]:
        raise AtlasError(
            f"{where}: weight {weight} must be in (0, {caps[evidence]}] for evidence {evidence!r}"
        )
    return Link(
        source, target, weight, evidence, cite(where, _require(raw, "cite", where)), raw.get("note", "")
    )


def _build_findings(
    doc: dict[str, Any], causes: dict[str, Cause], level: Check, cite: Check
) -> dict[str, Finding]:
    _check_unique(doc.get("findings", []), "finding")
    findings: dict[str, Finding] = {}
    for f in doc["findings"]:
        where = f"finding {f['id']!r}"
        parents = dict(_require(f, "parents", where))
        for cause, weight in parents.items():
            if cause not in causes:
                raise AtlasError(f"{where}: unknown parent cause {cause!r}")
            if not 0.0 < float(weight) < 1.0:
                raise AtlasError(f"{where}: weight of {cause!r} must lie in (0, 1)")
        leak = float(_require(f, "leak", where))
        if not 0.0 < leak < 1.0:
            raise AtlasError(f"{where}: leak must lie in (0, 1)")
        measure = f.get("measure")
        if measure is not None and any(f.get(k) is None for k in ("normal_mean", "affected_mean", "sd")):
            raise AtlasError(f"{where}: a measured finding needs normal_mean, affected_mean and sd")
        if measure is not None and float(f["sd"]) <= 0:
            raise AtlasError(f"{where}: sd must be positive")
        findings[f["id"]] = Finding(
            id=f["id"],
            label=_require(f, "label", where),
            sided=bool(_require(f, "sided", where)),
            leak=leak,
            parents={k: float(v) for k, v in parents.items()},
            cite=cite(where, _require(f, "cite", where)),
            measure=measure,
            normal_mean=f.get("normal_mean"),
            affected_mean=f.get("affected_mean"),
            sd=f.get("sd"),
            normal_mean_by_sex=dict(f.get("normal_mean_by_sex", {})),
            pass_fail=dict(f.get("pass_fail", {})),
        )
    return findings


def _build_tests(doc: dict[str, Any], findings: dict[str, Finding]) -> dict[str, SelfTest]:
    _check_unique(doc.get("tests", []), "test")
    tests: dict[str, SelfTest] = {}
    for t in doc["tests"]:
        where = f"test {t['id']!r}"
        for fid in _require(t, "findings", where):
            if fid not in findings:
                raise AtlasError(f"{where}: unknown finding {fid!r}")
            if findings[fid].sided != bool(t["sided"]):
                raise AtlasError(f"{where}: finding {fid!r} sidedness differs from the test's")
        tests[t["id"]] = SelfTest(
            t["id"], _require(t, "label", where), bool(t["sided"]), tuple(t["findings"])
        )
    return tests


_MODIFIER_KEYS = {
    "sitting_hours_min",
    "sitting_hours_max",
    "age_min",
    "age_max",
    "activities",
    "injury_region",
    "injury_mechanism",
}


def _build_modifiers(doc: dict[str, Any], causes: dict[str, Cause], cite: Check) -> tuple[Modifier, ...]:
    out = []
    for i, m in enumerate(doc.get("modifiers", [])):
        where = f"modifier #{i + 1} ({m.get('cause')})"
        if m.get("cause") not in causes:
            raise AtlasError(f"{where}: unknown cause {m.get('cause')!r}")
        when = dict(_require(m, "when", where))
        unknown = set(when) - _MODIFIER_KEYS
        if unknown:
            raise AtlasError(
                f"{where}: unknown condition {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_MODIFIER_KEYS))})"
            )
        odds = float(_require(m, "odds", where))
        if odds <= 0:
            raise AtlasError(f"{where}: odds must be positive")
        out.append(Modifier(m["cause"], when, odds, cite(where, _require(m, "cite", where))))
    return tuple(out)

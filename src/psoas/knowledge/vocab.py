"""The shared vocabulary: region, side, sensation, red-flag, cause, urgency and method names.

These names are a public contract shared by the intake schema, the engine, the journal, the web body map and
the API. They are declared once, in the bundled data, and read and validated here when this module is
imported: ``data/vocabulary.toml`` (sides, onsets, aggravators, sensations, red flags with their questions,
urgencies, ...), ``data/atlas.toml`` (regions in body-map order with ``midline``; causes with ``sided``) and
``data/traits.toml`` (measuring methods). Every other module imports the names from here. Midline regions
take ``side="center"`` (or left/right for one-sided pain); paired regions take ``left``, ``right`` or ``both``.
A malformed file raises :class:`psoas.errors.AtlasError` naming the entry.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any, Final

from psoas.errors import AtlasError

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _read(name: str) -> dict[str, Any]:
    text = resources.files("psoas").joinpath("data", name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AtlasError(f"{name} is not valid TOML: {exc}") from exc


def names(raw: Any, where: str) -> tuple[str, ...]:
    """A non-empty list of distinct lower-case ids (raises AtlasError naming ``where``)."""
    if not isinstance(raw, list) or not raw:
        raise AtlasError(f"{where}: must be a non-empty list of names")
    bad = [n for n in raw if not isinstance(n, str) or not _ID.match(n)]
    if bad:
        raise AtlasError(f"{where}: {bad[0]!r} is not a lower-case name")
    if len(set(raw)) != len(raw):
        raise AtlasError(f"{where}: {next(n for n in raw if raw.count(n) > 1)!r} is listed twice")
    return tuple(raw)


def _subset(part: tuple[str, ...] | frozenset[str], whole: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(part) - set(whole))
    if unknown:
        raise AtlasError(f"{where}: {unknown[0]!r} is not one of {', '.join(whole)}")


def _entries(doc: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    items = doc.get(key)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise AtlasError(f"{where}: [[{key}]] entries are missing")
    return items


def build_vocabulary(
    vocabulary: Mapping[str, Any], atlas: Mapping[str, Any], traits: Mapping[str, Any]
) -> dict[str, Any]:
    """Validate the three parsed documents and return every name list (keys as the module constants)."""
    w = "vocabulary.toml"
    out: dict[str, Any] = {
        key.upper(): names(vocabulary.get(key), f"{w} {key}")
        for key in (
            "sides", "body_sides", "onsets", "aggravators", "sensations", "sexes", "injury_mechanisms",
            "results", "evidence_levels", "urgencies", "blocking_urgencies", "clearable_rules",
        )
    }  # fmt: skip
    _subset(out["BODY_SIDES"], out["SIDES"], f"{w} body_sides")
    _subset(out["BLOCKING_URGENCIES"], out["URGENCIES"], f"{w} blocking_urgencies")
    flags = _entries(vocabulary, "red_flags", w)
    out["RED_FLAGS"] = names([f.get("id") for f in flags], f"{w} red_flags")
    for flag in flags:
        if not isinstance(flag.get("question"), str) or not flag["question"].strip():
            raise AtlasError(f"{w} red flag {flag['id']!r}: needs a question")
    out["RED_FLAG_QUESTIONS"] = {f["id"]: f["question"].strip() for f in flags}
    out["EMERGENCY_FLAGS"] = frozenset(f["id"] for f in flags if f.get("emergency") is True)
    regions = _entries(atlas, "regions", "atlas.toml")
    out["REGIONS"] = names([r.get("id") for r in regions], "atlas.toml regions")
    out["MIDLINE_REGIONS"] = frozenset(r["id"] for r in regions if r.get("midline") is True)
    causes = _entries(atlas, "causes", "atlas.toml")
    out["CAUSES"] = names([c.get("id") for c in causes], "atlas.toml causes")
    out["CENTER_CAUSES"] = frozenset(c["id"] for c in causes if c.get("sided") is False)
    out["METHODS"] = names(list(traits.get("methods", {})), "traits.toml methods")
    out["DEFAULT_METHOD"] = vocabulary.get("default_method")
    _subset((out["DEFAULT_METHOD"],), out["METHODS"], f"{w} default_method")
    return out


_NAMES: Final[dict[str, Any]] = build_vocabulary(
    _read("vocabulary.toml"), _read("atlas.toml"), _read("traits.toml")
)

REGIONS: Final[tuple[str, ...]] = _NAMES["REGIONS"]
MIDLINE_REGIONS: Final[frozenset[str]] = _NAMES["MIDLINE_REGIONS"]
PAIRED_REGIONS: Final[tuple[str, ...]] = tuple(r for r in REGIONS if r not in MIDLINE_REGIONS)
SIDES: Final[tuple[str, ...]] = _NAMES["SIDES"]
BODY_SIDES: Final[tuple[str, ...]] = _NAMES["BODY_SIDES"]
ONSETS: Final[tuple[str, ...]] = _NAMES["ONSETS"]
AGGRAVATORS: Final[tuple[str, ...]] = _NAMES["AGGRAVATORS"]
SENSATIONS: Final[tuple[str, ...]] = _NAMES["SENSATIONS"]
RESULTS: Final[tuple[str, ...]] = _NAMES["RESULTS"]
"""A pass/fail self-test reading."""
SEXES: Final[tuple[str, ...]] = _NAMES["SEXES"]
INJURY_MECHANISMS: Final[tuple[str, ...]] = _NAMES["INJURY_MECHANISMS"]
RED_FLAGS: Final[tuple[str, ...]] = _NAMES["RED_FLAGS"]
RED_FLAG_QUESTIONS: Final[dict[str, str]] = _NAMES["RED_FLAG_QUESTIONS"]
"""The plain-language question of each red flag, in asking order."""
EMERGENCY_FLAGS: Final[frozenset[str]] = _NAMES["EMERGENCY_FLAGS"]
"""Red flags that call for same-day care on their own; a checkbox can never clear them (evidence.md §2)."""
CLEARABLE_RULES: Final[frozenset[str]] = frozenset(_NAMES["CLEARABLE_RULES"])
"""Red-flag rules (psoas.assessment.redflag_rules) that read more than one answer and may be cleared by id."""
URGENCIES: Final[tuple[str, ...]] = _NAMES["URGENCIES"]
"""How soon a red flag needs a clinician, most urgent first: same day, within days, book one."""
BLOCKING_URGENCIES: Final[frozenset[str]] = frozenset(_NAMES["BLOCKING_URGENCIES"])
"""Urgencies that stop self-care (no programme, the wizard stops) until a clinician has looked."""
METHODS: Final[tuple[str, ...]] = _NAMES["METHODS"]
"""How a self-test angle was measured (intake v2 ``method``); each has its own error (data/traits.toml)."""
DEFAULT_METHOD: Final[str] = _NAMES["DEFAULT_METHOD"]
"""The method assumed when an intake does not say (every v1 intake)."""
EVIDENCE_LEVELS: Final[tuple[str, ...]] = _NAMES["EVIDENCE_LEVELS"]
"""Evidence levels from strongest to weakest; a chain's evidence is its weakest link."""
CAUSES: Final[tuple[str, ...]] = _NAMES["CAUSES"]
CENTER_CAUSES: Final[frozenset[str]] = _NAMES["CENTER_CAUSES"]
"""Causes that are not sided; every other cause exists once per body side."""


def sides_of(region: str, side: str) -> tuple[str, ...]:
    """The body-map nodes a reported side covers: ``both`` is left + right; midline is ``center``."""
    if region in MIDLINE_REGIONS:
        return ("center",)
    if side == "both":
        return BODY_SIDES
    return (side,)


def mirror_side(side: str) -> str:
    """Left ↔ right; ``both`` and ``center`` stay."""
    return {"left": "right", "right": "left"}.get(side, side)

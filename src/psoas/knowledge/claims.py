"""The article, annotated: its claims as data, each mapped to what represents it, validated on load.

``load_claims()`` reads ``data/claims.toml`` (cached), checks it against the atlas, the exercise
library, the programme rules and ``references.toml``, and returns :class:`Claims`. Errors are
:class:`psoas.errors.AtlasError` and name the bad entry.

Conventions: a link is written ``"from -> to"`` (``"psoas_tight -> femoral_rotation"``); levels are
:data:`psoas.knowledge.vocab.EVIDENCE_LEVELS`. Level rules: a claim with links has exactly the level of its
weakest mapped link; a claim with exercises and no links is no
stronger than its weakest exercise; any other claim rests on its sources. Every atlas link, cause and
exercise must be claimed by at least one claim (:func:`coverage_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from psoas.errors import AtlasError, NotFoundError
from psoas.knowledge import vocab

ORIGINS = ("article", "psoas")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RANK = {level: i for i, level in enumerate(vocab.EVIDENCE_LEVELS)}
_LISTS = ("links", "muscles", "exercises", "modifiers", "program", "tests", "causes")
_TEXTS = ("title", "says", "known")
_SINGULAR = {
    "links": "link",
    "muscles": "muscle",
    "exercises": "exercise",
    "modifiers": "modifier",
    "program": "programme rule",
    "tests": "self-test",
    "causes": "cause",
    "sources": "source",
}


def _program_rules() -> dict[str, tuple[str, Callable[[], Any]]]:
    """Programme rules a claim may map to: name -> (plain words, value getter)."""

    def massage_weeks() -> Any:
        from psoas.knowledge.exercises import get_exercise

        return get_exercise("massage_therapy").dose.visit_every_weeks

    def constant(name: str) -> Callable[[], Any]:
        def read() -> Any:
            from psoas.release import programme as program

            return getattr(program, name)

        return read

    return {
        "review_after_weeks": ("programme review after this many weeks", constant("REVIEW_AFTER_WEEKS")),
        "maintenance_days_per_week": ("maintenance days a week", constant("MAINTENANCE_DAYS_PER_WEEK")),
        "massage_visit_every_weeks": ("optional massage visit every this many weeks", massage_weeks),
    }


PROGRAM_RULES = tuple(_program_rules())


def link_key(source: str, target: str) -> str:
    """The written form of a link, e.g. ``link_key("a", "pain:knee") == "a -> pain:knee"``."""
    return f"{source} -> {target}"


@dataclass(frozen=True)
class Number:
    what: str
    value: str
    source: str


@dataclass(frozen=True)
class Claim:
    """One claim: the article's (paraphrased) or psoas's own, with its level, mapping and sources."""

    id: str
    origin: str
    title: str
    says: str
    known: str
    level: str
    sources: tuple[str, ...]
    links: tuple[str, ...] = ()
    muscles: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    program: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    numbers: tuple[Number, ...] = ()
    self_test: str = ""
    correction: str = ""

    @property
    def regions(self) -> tuple[str, ...]:
        """Body regions this claim's links end in (``pain:<region>`` targets), in vocabulary order."""
        ends = {link.split(" -> ")[1][5:] for link in self.links if " -> pain:" in link}
        return tuple(r for r in vocab.REGIONS if r in ends)


@dataclass(frozen=True)
class Claims:
    """The annotated article: claims in order and the references they cite."""

    version: str
    article: str
    claims: dict[str, Claim]
    references: Mapping[str, Any]

    def get(self, claim_id: str) -> Claim:
        if claim_id not in self.claims:
            raise NotFoundError(f"unknown claim {claim_id!r} (allowed: {', '.join(self.claims)})")
        return self.claims[claim_id]

    def article_claims(self) -> list[Claim]:
        return [c for c in self.claims.values() if c.origin == "article"]

    def for_link(self, source: str, target: str) -> str | None:
        """The claim that speaks for one atlas link (an article claim first)."""
        key = link_key(source, target)
        return _first(self.claims.values(), lambda c: key in c.links)

    def for_exercise(self, exercise_id: str) -> str | None:
        return _first(self.claims.values(), lambda c: exercise_id in c.exercises)

    def for_cause(self, cause_id: str) -> str | None:
        """A cause's claim: one naming it under ``causes``, else the first claim with a link from it."""
        named = _first(self.claims.values(), lambda c: cause_id in c.causes)
        return named or _first(
            self.claims.values(), lambda c: any(k.startswith(f"{cause_id} -> ") for k in c.links)
        )

    def for_path(self, path: Iterable[str], atlas: Any) -> str | None:
        """The claim of a chain's weakest link (the one its evidence badge shows)."""
        nodes = list(path)
        steps = [
            lk
            for a, b in zip(nodes, nodes[1:], strict=False)
            for lk in atlas.links
            if (lk.source, lk.target) == (a, b)
        ]
        if not steps:
            return None
        worst = max(steps, key=lambda lk: _RANK[lk.evidence])
        return self.for_link(worst.source, worst.target)


def _first(claims: Iterable[Claim], test: Callable[[Claim], bool]) -> str | None:
    return next((c.id for c in claims if test(c)), None)


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise AtlasError(f"{where}: {key!r} must be a list of names")
    return tuple(value)


def _parse_claim(raw: Mapping[str, Any], index: int) -> Claim:
    ident = raw.get("id")
    where = f"claim {ident!r}" if isinstance(ident, str) else f"claim #{index + 1}"
    if not isinstance(ident, str) or not _ID.match(ident):
        raise AtlasError(f"{where}: id must be lower-case letters, digits and underscores")
    if raw.get("origin") not in ORIGINS:
        raise AtlasError(f"{where}: unknown origin {raw.get('origin')!r} (allowed: {', '.join(ORIGINS)})")
    if raw.get("level") not in _RANK:
        allowed = ", ".join(vocab.EVIDENCE_LEVELS)
        raise AtlasError(f"{where}: unknown evidence level {raw.get('level')!r} (allowed: {allowed})")
    texts = {}
    for key in _TEXTS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise AtlasError(f"{where}: missing text {key!r}")
        texts[key] = raw[key].strip()
    lists = {key: _strings(raw, key, where) for key in _LISTS}
    if not any(lists.values()):
        raise AtlasError(
            f"{where}: maps to nothing (give links, muscles, exercises, modifiers, program or causes)"
        )
    sources = _strings(raw, "sources", where)
    if not sources:
        raise AtlasError(f"{where}: no sources")
    numbers = tuple(_parse_number(n, where, sources) for n in raw.get("numbers", []))
    fields: dict[str, Any] = {**texts, **lists}
    return Claim(
        id=ident, origin=raw["origin"], level=raw["level"], sources=sources, numbers=numbers,
        self_test=str(raw.get("self_test", "")).strip(), correction=str(raw.get("correction", "")).strip(),
        **fields,
    )  # fmt: skip


def _parse_number(raw: Any, where: str, sources: tuple[str, ...]) -> Number:
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(k), str) and raw[k] for k in ("what", "value", "source")
    ):
        raise AtlasError(f"{where}: each number needs text 'what', 'value' and 'source'")
    if raw["source"] not in sources:
        raise AtlasError(
            f"{where}: number {raw['what']!r} cites {raw['source']!r}, which is not among its sources"
        )
    return Number(raw["what"], raw["value"], raw["source"])


def build_claims(doc: Mapping[str, Any], atlas: Any, library: Any, references: Mapping[str, Any]) -> Claims:
    """Validate a parsed claims.toml against the atlas, exercise library and references."""
    raw_claims = doc.get("claim")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise AtlasError("claims.toml: no [[claim]] entries")
    claims: dict[str, Claim] = {}
    for index, raw in enumerate(raw_claims):
        claim = _parse_claim(raw, index)
        if claim.id in claims:
            raise AtlasError(f"claim {claim.id!r}: duplicate id")
        claims[claim.id] = claim
    links = {link_key(lk.source, lk.target): lk.evidence for lk in atlas.links}
    for claim in claims.values():
        _check_mapping(claim, atlas, library, references)
        _check_level(claim, links, library)
    return Claims(str(doc.get("version", "")), str(doc.get("article", "")), claims, references)


def _check_mapping(claim: Claim, atlas: Any, library: Any, references: Mapping[str, Any]) -> None:
    where = f"claim {claim.id!r}"
    links = {link_key(lk.source, lk.target) for lk in atlas.links}
    modifiers = {f"{m.cause}:{key}" for m in atlas.modifiers for key in m.when}
    known: dict[str, Iterable[str]] = {
        "links": links, "muscles": atlas.muscles, "exercises": library.ids(), "modifiers": modifiers,
        "program": PROGRAM_RULES, "tests": atlas.tests, "causes": atlas.causes, "sources": references,
    }  # fmt: skip
    for field, allowed in known.items():
        allowed_set = set(allowed)
        for name in getattr(claim, field):
            if name not in allowed_set:
                raise AtlasError(f"{where}: unknown {_SINGULAR[field]} {name!r}")


def _check_level(claim: Claim, links: Mapping[str, str], library: Any) -> None:
    where = f"claim {claim.id!r}"
    if claim.links:
        levels = [links[k] for k in claim.links]
        weakest = max(levels, key=_RANK.__getitem__)
        if claim.level != weakest:
            raise AtlasError(f"{where}: level {claim.level!r} differs from its weakest link's {weakest!r}")
    elif claim.exercises:
        weakest = max((library.get(e).evidence.level for e in claim.exercises), key=_RANK.__getitem__)
        if _RANK[claim.level] < _RANK[weakest]:
            raise AtlasError(f"{where}: level {claim.level!r} is stronger than its exercises' {weakest!r}")


def coverage_problems(claims: Claims, atlas: Any, library: Any) -> list[str]:
    """Atlas links, causes and exercises no claim speaks for (empty when everything is claimed)."""
    problems = []
    for lk in atlas.links:
        if claims.for_link(lk.source, lk.target) is None:
            problems.append(f"link {link_key(lk.source, lk.target)!r} has no claim")
    problems += [f"cause {c!r} has no claim" for c in atlas.causes if claims.for_cause(c) is None]
    problems += [f"exercise {e!r} has no claim" for e in library.ids() if claims.for_exercise(e) is None]
    return problems


def program_value(rule: str) -> tuple[str, Any]:
    """(plain words, current value) of a programme rule a claim maps to."""
    words, read = _program_rules()[rule]
    return words, read()


@cache
def load_claims() -> Claims:
    """The bundled annotated article, validated once per process."""
    from psoas.knowledge.atlas import load_atlas, read_data
    from psoas.knowledge.exercises import load_exercises

    atlas = load_atlas()
    return build_claims(read_data("claims.toml"), atlas, load_exercises(), atlas.sources)

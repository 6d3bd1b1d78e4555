"""Structured references: every source the atlas, the findings and the claims cite, validated on load.

``load_references()`` reads ``data/references.toml`` (cached) and returns ``{key: Reference}``.
The rule a reference must meet (checked here; tests/test_claims.py checks the bundled file):

- a published source (kind ``paper``, ``review``, ``guideline``, ``book`` or ``model``) carries at
  least one identifier (``doi``, ``pmid`` or an ``https`` ``url``) together with ``checked`` (what was
  confirmed against the source, and when), or it says ``unconfirmed = true`` with a ``why``;
- a psoas statement (kind ``assumption`` or ``absence``) carries ``about`` and no identifier.

Errors are :class:`psoas.errors.AtlasError` and name the bad entry.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from psoas.errors import AtlasError

PUBLISHED_KINDS = ("paper", "review", "guideline", "book", "model")
STATEMENT_KINDS = ("assumption", "absence", "legacy")
KINDS = PUBLISHED_KINDS + STATEMENT_KINDS[:2]
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^\d{1,9}$")
_KEY = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Reference:
    """One source: a publication with its identifiers, or a psoas statement (assumption, absence)."""

    key: str
    kind: str
    title: str = ""
    authors: str = ""
    journal: str = ""
    year: int | None = None
    where: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    checked: str = ""
    unconfirmed: bool = False
    why: str = ""
    about: str = ""

    @property
    def identified(self) -> bool:
        return bool(self.doi or self.pmid or self.url)

    @property
    def link(self) -> str:
        """The best stable link: DOI resolver, then PubMed, then the URL ("" when none)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url

    @property
    def citation(self) -> str:
        """One line of text, e.g. ``Heino JG, ... Title. J Orthop Sports Phys Ther 1990;12(6):243-247.``"""
        if self.kind in STATEMENT_KINDS:
            return self.about
        head = f"{self.authors}. " if self.authors else ""
        tail = " ".join(p for p in (self.journal, str(self.year or "")) if p)
        tail += f";{self.where}" if self.where else ""
        ids = "; ".join(
            p for p in (f"doi:{self.doi}" if self.doi else "", f"PMID {self.pmid}" if self.pmid else "") if p
        )
        text = f"{head}{self.title}." + (f" {tail}." if tail else "") + (f" {ids}." if ids else "")
        return text + (" (unconfirmed)" if self.unconfirmed else "")

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v not in ("", None, False)}
        out["citation"] = self.citation
        if self.link:
            out["link"] = self.link
        return out


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise AtlasError(f"{where}: {key!r} must be text")
    return value.strip()


def build_reference(key: str, raw: Mapping[str, Any]) -> Reference:
    """Validate one ``[ref.<key>]`` table (raises AtlasError naming the entry)."""
    where = f"reference {key!r}"
    if not _KEY.match(key):
        raise AtlasError(f"{where}: keys are lower-case letters, digits and underscores")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise AtlasError(f"{where}: unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    fields = {
        name: _text(raw, name, where)
        for name in ("title", "authors", "journal", "where", "doi", "pmid", "url", "checked", "why", "about")
    }
    year = raw.get("year")
    if year is not None and not (isinstance(year, int) and 1800 < year < 2100):
        raise AtlasError(f"{where}: year must be a four-digit number")
    ref = Reference(key=key, kind=kind, year=year, unconfirmed=raw.get("unconfirmed") is True, **fields)
    _check_identifiers(ref, where)
    return ref


def _check_identifiers(ref: Reference, where: str) -> None:
    if ref.doi and not _DOI.match(ref.doi):
        raise AtlasError(f"{where}: doi {ref.doi!r} does not look like 10.NNNN/...")
    if ref.pmid and not _PMID.match(ref.pmid):
        raise AtlasError(f"{where}: pmid must be digits")
    if ref.url and not ref.url.startswith("https://"):
        raise AtlasError(f"{where}: url must be a stable https address")
    if ref.kind in STATEMENT_KINDS:
        if ref.identified or not ref.about:
            raise AtlasError(f"{where}: a {ref.kind} entry carries 'about' and no identifier")
        return
    if not ref.title:
        raise AtlasError(f"{where}: missing key 'title'")
    if ref.unconfirmed:
        if not ref.why:
            raise AtlasError(f"{where}: unconfirmed = true needs a 'why'")
    elif not (ref.identified and ref.checked):
        raise AtlasError(
            f"{where}: a published source needs doi, pmid or url plus 'checked', or unconfirmed = true with 'why'"
        )


def legacy_reference(key: str, text: str) -> Reference:
    """A free-text reference still left in an atlas file: kept, but flagged as not yet structured."""
    return Reference(
        key=key, kind="legacy", about=text, unconfirmed=True, why="free text, not in references.toml"
    )


def build_references(doc: Mapping[str, Any]) -> dict[str, Reference]:
    """Validate a parsed references.toml document."""
    table = doc.get("ref")
    if not isinstance(table, dict) or not table:
        raise AtlasError("references.toml: no [ref.<key>] entries")
    return {key: build_reference(key, raw) for key, raw in table.items()}


def read_data(*parts: str) -> dict[str, Any]:
    """Parse one bundled TOML data file, e.g. ``read_data("atlas.toml")`` or ``read_data("mechanics", "x.toml")``."""
    text = resources.files("psoas").joinpath("data", *parts).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AtlasError(f"{'/'.join(parts)} is not valid TOML: {exc}") from exc


@cache
def load_references() -> dict[str, Reference]:
    """The bundled references, validated once per process."""
    return build_references(read_data("references.toml"))

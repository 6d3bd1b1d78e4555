"""The body atlas and the findings table: declarative data, validated on load.

``load_atlas()`` reads ``data/atlas.toml`` and ``data/findings.toml`` (cached) and returns an
:class:`Atlas`. Validation raises :class:`psoas.errors.AtlasError` naming the bad entry: unknown
node ids, unknown evidence levels or citation keys, a link weight above its evidence level's cap,
duplicate ids, or a region / cause vocabulary that disagrees with :mod:`psoas.knowledge.vocab`.

Node names: causes and mechanisms by id; regions as ``pain:<region>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from psoas.knowledge.atlas_types import _LEVEL_RANK as _LEVEL_RANK
from psoas.knowledge.atlas_types import Atlas as Atlas
from psoas.knowledge.atlas_types import Cause as Cause
from psoas.knowledge.atlas_types import Finding as Finding
from psoas.knowledge.atlas_types import Link as Link
from psoas.knowledge.atlas_types import Mechanism as Mechanism
from psoas.knowledge.atlas_types import Modifier as Modifier
from psoas.knowledge.atlas_types import Region as Region
from psoas.knowledge.atlas_types import SelfTest as SelfTest
from psoas.knowledge.atlas_types import weakest as weakest  # the types live there; loaded from here
from psoas.knowledge.references import Reference, read_data


def build_atlas(
    atlas_doc: dict[str, Any], findings_doc: dict[str, Any], sources: Mapping[str, Reference] | None = None
) -> Atlas:
    """Validate parsed TOML documents and build the :class:`Atlas` (raises AtlasError).

    See :func:`psoas.knowledge.atlas_build.build` (the validation lives there).
    """
    from psoas.knowledge.atlas_build import build

    return build(atlas_doc, findings_doc, sources)


@cache
def load_atlas() -> Atlas:
    """The bundled atlas, validated once per process."""
    return build_atlas(read_data("atlas.toml"), read_data("findings.toml"))

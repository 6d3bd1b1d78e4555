"""The body atlas as JSON, one builder for every face: ``psoas atlas --format json`` and ``GET /api/v1/atlas``
print :func:`atlas_document`; ``psoas atlas CAUSE`` draws :func:`psoas.knowledge.walk.cause_tree`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


def atlas_document() -> dict[str, Any]:
    """The whole atlas: regions, causes, mechanisms, links (with their claim), tests, references, sources."""
    from psoas.knowledge.atlas import load_atlas
    from psoas.knowledge.claims import load_claims

    atlas, claims = load_atlas(), load_claims()
    return {
        "version": atlas.version,
        "regions": [asdict(r) for r in atlas.regions.values()],
        "causes": [asdict(c) for c in atlas.causes.values()],
        "mechanisms": [asdict(m) for m in atlas.mechanisms.values()],
        "links": [asdict(lk) | {"claim": claims.for_link(lk.source, lk.target)} for lk in atlas.links],
        "tests": [asdict(t) for t in atlas.tests.values()],
        "references": dict(atlas.references),
        "sources": {key: ref.to_dict() for key, ref in atlas.sources.items()},
    }

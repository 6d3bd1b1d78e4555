"""The body atlas as JSON, one builder for every face: ``psoas atlas --format json`` and ``GET /api/v1/atlas``
print :func:`atlas_document`; ``psoas atlas CAUSE`` draws :func:`cause_tree`.
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


def cause_tree(cause_id: str) -> dict[str, Any]:
    """A cause and everything downstream of it, each link with its evidence level and citation."""
    from psoas.knowledge.atlas import load_atlas
    from psoas.knowledge.claims import load_claims

    atlas_data, claims = load_atlas(), load_claims()

    def children(node: str, seen: frozenset[str]) -> list[dict[str, Any]]:
        out = []
        for link in atlas_data.links_from(node):
            if link.target in seen:
                continue
            out.append(
                {
                    "id": link.target,
                    "label": atlas_data.node_label(link.target),
                    "evidence": link.evidence,
                    "weight": link.weight,
                    "cite": link.cite,
                    "claim": claims.for_link(link.source, link.target),
                    "note": link.note,
                    "children": children(link.target, seen | {link.target}),
                }
            )
        return out

    cause = atlas_data.causes[cause_id]
    return {
        "id": cause_id,
        "label": cause.label,
        "prior": cause.prior,
        "evidence": cause.evidence,
        "children": children(cause_id, frozenset({cause_id})),
    }

"""Walking the atlas: a cause and everything downstream of it, as a tree (used by every face)."""

from __future__ import annotations

from typing import Any

from psoas.knowledge.atlas import Atlas, load_atlas


def cause_tree(cause_id: str, atlas: Atlas | None = None) -> dict[str, Any]:
    """A cause and everything downstream of it, each link with its evidence level, citation and claim.

    ``cause_id`` must be a cause id of the atlas (resolve short names with :meth:`Atlas.resolve_cause`).
    Cycles are cut: a node already on the path is not entered again.
    """
    from psoas.knowledge.claims import load_claims

    atlas_data = load_atlas() if atlas is None else atlas
    claims = load_claims()

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

"""The annotated article on the web: ``/claims`` (the wheel, each spoke opening its claim), one page per
claim, ``GET /api/v1/claims`` and ``/api/v1/claims/{id}``, and the template helpers that let every
evidence badge link to its claim.

Page and API read the same dicts (:func:`psoas.present.claims.claim_dict`), so they cannot drift apart.
An unknown claim id answers 404: ``{"detail": "unknown claim 'x' (allowed: ...)"}`` from the API, a
friendly page from the web.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from psoas.web.rendering import render

router = APIRouter(tags=["pages"], include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["api"])


def _claims() -> Any:
    from psoas.knowledge.claims import load_claims

    return load_claims()


@api_router.get("/claims")
def api_claims() -> dict[str, Any]:
    """The article, annotated: every claim with its level, numbers, sources and what it maps to."""
    from psoas.present.claims import claims_dict

    return claims_dict(_claims())


NOT_FOUND = {
    404: {
        "description": "Unknown claim id; the message lists the allowed ids.",
        "content": {
            "application/json": {"example": {"detail": "unknown claim 'spleen' (allowed: anatomy, ...)"}}
        },
    }
}


@api_router.get("/claims/{claim_id}", responses=NOT_FOUND)  # type: ignore[arg-type]
def api_claim(claim_id: str) -> dict[str, Any]:
    """One claim (404 with the allowed ids when unknown)."""
    from psoas.present.claims import claim_dict

    claims = _claims()
    return claim_dict(claims, claims.get(claim_id))


def _wheel(highlight: frozenset[tuple[str, str]] = frozenset()) -> str:
    from psoas.knowledge.atlas import load_atlas
    from psoas.web.wheel import render_wheel

    return render_wheel(load_atlas(), None, None, highlight=highlight)


@router.get("/claims")
def claims_page(request: Request) -> Response:
    """The wheel with a spoke per claim, then every claim with its level."""
    from psoas.present.claims import claim_dict

    claims = _claims()
    items = [claim_dict(claims, c) for c in claims.claims.values()]
    context = {
        "wheel": _wheel(),
        "article": [c for c in items if c["origin"] == "article"],
        "added": [c for c in items if c["origin"] == "psoas"],
        "claims_version": claims.version,
    }
    return render(request, "claims.html", context)


@router.get("/claims/{claim_id}")
def claim_page(request: Request, claim_id: str) -> Response:
    """One claim: what the article says, what is known, numbers, sources, a self-test, its spokes."""
    from psoas.present.claims import claim_dict

    claims = _claims()
    claim = claims.get(claim_id)
    spokes = frozenset(tuple(k.split(" -> ")) for k in claim.links)
    context = {"claim": claim_dict(claims, claim), "wheel": _wheel(spokes)}
    return render(request, "claim.html", context)

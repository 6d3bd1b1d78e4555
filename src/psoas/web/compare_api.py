"""``POST /api/v1/compare``: before/after comparison of two intakes (the same answer as ``psoas compare``).

Body ``{"before": <intake>, "after": <intake>}``. Bad input answers 422 with the API's error body, the field
named as ``before.<path>`` or ``after.<path>``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from psoas.errors import InputError

router = APIRouter(prefix="/api/v1", tags=["api"])

_EXAMPLE = {
    "before": {
        "person": {"age": 40},
        "tests": {"thomas": {"left": {"hip_angle_deg": 12, "method": "photo"}}},
    },
    "after": {"person": {"age": 40}, "tests": {"thomas": {"left": {"hip_angle_deg": 2, "method": "photo"}}}},
}

CompareBody = Body(
    ..., openapi_examples={"stretching": {"summary": "Thomas test before and after", "value": _EXAMPLE}}
)


@router.post("/compare")
def compare(body: dict[str, Any] = CompareBody) -> dict[str, Any]:
    """Each trait's probability change and each measured angle's change against its MDC95."""
    from psoas.assessment.comparison import compare as run_compare

    extra = sorted(set(body) - {"before", "after"})
    if extra:
        raise InputError(extra[0], "unknown key", ["before", "after"])
    for key in ("before", "after"):
        if key not in body:
            raise InputError(key, "is required")
        if not isinstance(body[key], dict):
            raise InputError(key, "must be a JSON object (an intake)")
    return run_compare(body["before"], body["after"]).to_dict()

"""The picture gallery: every exercise and every self-test, start and end, as the core draws them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from psoas.web.figure_html import exercise_figure, test_figure
from psoas.web.rendering import render, services_of

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/exercises/gallery")
def gallery(request: Request) -> Response:
    """Start and end pictures of every exercise in the library and every self-test in the atlas."""
    from psoas.knowledge.atlas import load_atlas

    exercises = [
        {"id": e["id"], "name": e["name"], "figure": exercise_figure(e.get("illustration"), e["id"])}
        for e in services_of(request).exercises()
    ]
    tests = [{"id": t.id, "name": t.label, "figure": test_figure(t.id)} for t in load_atlas().tests.values()]
    return render(request, "gallery.html", {"exercises": exercises, "tests": tests})

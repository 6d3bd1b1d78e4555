"""Kept photos on the web: keep one (only when the person asks), list, show, compare, delete.

``POST /api/v1/people/{id}/photos`` takes the same multipart fields as ``/api/v1/measure`` and
keeps the cleaned photo with its landmarks and readings; ``GET`` lists them (no pixels);
``DELETE /api/v1/people/{id}/photos/{photo}`` removes one. The page ``/people/{id}/photos`` shows
each with its overlay, the first and latest photo of each test side by side with the change and
the minimum detectable change, and a delete button.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from psoas.web import forms
from psoas.web.photo import measure_form, read_form
from psoas.web.rendering import checked_form, render, services_of

router = APIRouter()


@router.post("/api/v1/people/{person_id}/photos", tags=["api"], status_code=201)
async def keep_photo(request: Request, person_id: int) -> Response:
    """Keep a measured photo for a person (multipart, as /api/v1/measure): only when they choose to."""
    from psoas.photo import store

    services = services_of(request)
    services.person(person_id)
    form = await read_form(request)

    def work() -> dict[str, Any]:
        measurement, photo = measure_form(form)
        return store.keep(services.journal, person_id, measurement, photo)

    return JSONResponse(await run_in_threadpool(work), status_code=201)


@router.get("/api/v1/people/{person_id}/photos", tags=["api"])
def list_photos(request: Request, person_id: int) -> list[dict[str, Any]]:
    """A person's kept photos (readings only, no pixels), oldest first."""
    from psoas.photo import store

    services = services_of(request)
    services.person(person_id)
    return [
        {k: v for k, v in row.items() if k != "reading"} for row in store.listing(services.journal, person_id)
    ]


@router.delete("/api/v1/people/{person_id}/photos/{photo_id}", tags=["api"], status_code=204)
def delete_photo(request: Request, person_id: int, photo_id: int) -> Response:
    """Delete a kept photo."""
    from psoas.photo import store

    services = services_of(request)
    services.person(person_id)
    store.delete(services.journal, person_id, photo_id)
    return Response(status_code=204)


@router.get("/people/{person_id}/photos", include_in_schema=False)
def photos_page(request: Request, person_id: int) -> Response:
    """Kept photos with overlays, and the before/after comparison of each test."""
    from psoas.photo import store

    services = services_of(request)
    person = services.person(person_id)
    rows = store.listing(services.journal, person_id)
    overlays = {row["id"]: store.overlay(services.journal, person_id, row["id"]) for row in rows}
    context = {"person": person, "photos": rows, "overlays": overlays, "comparisons": store.compare(rows)}
    response = render(request, "photos.html", context)
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/people/{person_id}/photos/{photo_id}/delete", include_in_schema=False)
def delete_photo_form(
    request: Request, person_id: int, photo_id: int, form: forms.Form = Depends(checked_form)
) -> Response:
    """Delete a kept photo from the page (CSRF-checked form)."""
    from psoas.photo import store

    services = services_of(request)
    services.person(person_id)
    store.delete(services.journal, person_id, photo_id)
    return RedirectResponse(f"/people/{person_id}/photos", status_code=303)

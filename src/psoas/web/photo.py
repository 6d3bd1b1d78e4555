"""Photo measurement on the web: ``POST /api/v1/measure`` (multipart) and the ``/photo`` page.

The photo is parsed in memory (never spooled to a temporary file), decoded, stripped of EXIF and
measured on this machine; it is not stored and not logged. The answer is the JSON of
``psoas measure --format json``, plus, when asked, the cleaned photo as a data URL (what the page
draws the handles on) and the overlay SVG. Measuring changes nothing on the server, so a
cross-site form post could gain nothing: no CSRF token is needed.

Bad input answers 422 with the API's error body, e.g.
``{"detail": [{"loc": ["body", "photo"], "field": "photo", "msg": "no person found in the photo", "allowed": "..."}]}``.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from psoas.errors import InputError
from psoas.photo.image import MAX_BYTES
from psoas.web.rendering import render

router = APIRouter(tags=["api"])
api = APIRouter(prefix="/api/v1", tags=["api"])
FORM_SLACK: Final = 64 * 1024

MEASURE_BODY: Final = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["photo", "view"],
                    "properties": {
                        "photo": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP"},
                        "view": {"type": "string", "enum": ["thomas", "side", "front"]},
                        "side": {"type": "string", "enum": ["left", "right"]},
                        "landmarks": {
                            "type": "string",
                            "description": "corrections JSON (see psoas measure)",
                        },
                        "image": {
                            "type": "string",
                            "enum": ["0", "1"],
                            "description": "1: add the cleaned photo",
                        },
                        "overlay": {
                            "type": "string",
                            "enum": ["", "svg"],
                            "description": "svg: add the overlay",
                        },
                    },
                }
            }
        },
    }
}


class _InMemoryParser(MultiPartParser):
    """Keeps the uploaded photo in memory: it must never touch the disk unless the person saves it."""

    spool_max_size = MAX_BYTES + FORM_SLACK


async def read_form(request: Request) -> dict[str, Any]:
    length = request.headers.get("content-length")
    if length and length.isascii() and length.isdigit() and int(length) > MAX_BYTES + FORM_SLACK:
        raise InputError(
            "photo", f"the upload is {int(length) / 1e6:.0f} MB, too large", f"up to {MAX_BYTES // 2**20} MB"
        )
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InputError("photo", "send the photo as multipart/form-data", "multipart/form-data")
    parser = _InMemoryParser(request.headers, request.stream(), max_files=1, max_fields=8)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InputError("photo", f"the upload could not be read: {exc.message}") from None
    out: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            out[key] = await value.read()
            await value.close()
        else:
            out[key] = value
    return out


def _corrections(text: Any) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except (TypeError, json.JSONDecodeError) as exc:
        raise InputError("landmarks", "not JSON") from exc


def measure_form(form: dict[str, Any]) -> tuple[Any, Any]:
    """Check, decode and measure an uploaded form: (measurement, cleaned photo)."""
    from psoas.photo.image import decode
    from psoas.photo.measure import check_view, measure_photo

    data = form.get("photo")
    if not isinstance(data, bytes):
        raise InputError("photo", "no photo in the upload", "a file field named photo")
    view = str(form.get("view") or "")
    side = str(form.get("side") or "") or None
    check_view(view, side)
    photo = decode(data)
    return measure_photo(photo, view, side, _corrections(form.get("landmarks"))), photo


def _measure(form: dict[str, Any]) -> dict[str, Any]:
    from psoas.photo import overlay

    result, photo = measure_form(form)
    out = result.to_dict()
    if form.get("image") == "1":
        out["image_data_url"] = "data:image/jpeg;base64," + base64.b64encode(photo.jpeg()).decode("ascii")
    if form.get("overlay") == "svg":
        out["overlay_svg"] = overlay.svg(result, photo)
    return out


@api.post("/measure", openapi_extra=MEASURE_BODY, responses={422: {"description": "Bad photo or field"}})
async def measure(request: Request) -> Response:
    """Measure a photo (Thomas test, standing side or front view) on this machine; nothing is stored.

    Multipart fields: ``photo`` (file), ``view`` (thomas|side|front), ``side`` (left|right),
    ``landmarks`` (corrections JSON), ``image`` (1 adds the cleaned photo as a data URL),
    ``overlay`` (svg adds the overlay). The answer is the JSON of ``psoas measure --format json``.
    """
    form = await read_form(request)
    out = await run_in_threadpool(_measure, form)
    return JSONResponse(out)


@router.get("/photo", include_in_schema=False)
def photo_page(request: Request, view: str = "thomas") -> Response:
    """Take or upload a photo, see the landmarks, drag them right, read the angles."""
    if view not in ("thomas", "side", "front"):
        raise InputError("view", f"{view!r} is not a view", "thomas, side, front")
    return render(request, "photo.html", {"view": view})


router.include_router(api)

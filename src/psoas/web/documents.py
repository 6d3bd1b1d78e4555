"""Routes for the documents and FHIR: PDFs for people and clinicians, Bundles in and out.

Pages: ``/people/{id}/handout.pdf`` and ``/people/{id}/summary.pdf`` (the "Download PDF" links on
the programme and results pages, drawn by the partial ``_download_pdf.html``; the trial page
includes the same partial with the summary's URL, whose trial section comes from
:func:`psoas.documents.sections.trial_result`). API: the same PDFs under ``/api/v1``,
``GET /api/v1/people/{id}/fhir`` (the person's FHIR R4B Bundle) and ``POST /api/v1/fhir`` (import
one person's Bundle in one transaction; 201 with what was imported and what was skipped, 422
naming the resource that cannot be mapped). Query ``page`` is ``A4`` or ``Letter``; ``therapist``
prints a therapist's name (default: whoever led the latest visit).
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Body, Request, Response

from psoas.web.rendering import services_of

pages = APIRouter(tags=["pages"], include_in_schema=False)
router = APIRouter(prefix="/api/v1", tags=["documents"])
_PRINT_LOCK = threading.Lock()  # one PDF at a time: WeasyPrint shares font caches
PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}}}


def _pdf(
    request: Request, person_id: int, kind: str, page: str, assessment: int | None = None, therapist: str = ""
) -> Response:
    import psoas.documents as docs
    from psoas.documents.render import check_page_size, render_pdf
    from psoas.journal.parse import validate_text

    size = check_page_size(page)
    who = validate_text("therapist", therapist, 120).strip() or None
    services = services_of(request)
    name = str(services.person(person_id)["name"])
    journal = services.journal
    if kind == "handout":
        html = docs.handout_html(journal, name, therapist=who)
    else:
        html = docs.summary_html(journal, name, therapist=who, assessment_id=assessment)
    with _PRINT_LOCK:
        body = render_pdf(html, size)
    filename = f"psoas-{kind}-{person_id}.pdf"  # ids, never names, in file names and URLs
    return Response(
        body, media_type="application/pdf", headers={"content-disposition": f'inline; filename="{filename}"'}
    )


@pages.get("/people/{person_id}/handout.pdf")
def handout_page(request: Request, person_id: int, page: str = "A4", therapist: str = "") -> Response:
    """The programme handout as a PDF."""
    return _pdf(request, person_id, "handout", page, therapist=therapist)


@pages.get("/people/{person_id}/summary.pdf")
def summary_page(
    request: Request, person_id: int, page: str = "A4", assessment: int | None = None, therapist: str = ""
) -> Response:
    """The clinician summary as a PDF (an assessment by id, default the latest)."""
    return _pdf(request, person_id, "summary", page, assessment, therapist)


@router.get("/people/{person_id}/handout.pdf", response_class=Response, responses=PDF)
def handout_api(request: Request, person_id: int, page: str = "A4", therapist: str = "") -> Response:
    """The person's programme handout (PDF, A4 or Letter); 404 without an active programme."""
    return _pdf(request, person_id, "handout", page, therapist=therapist)


@router.get("/people/{person_id}/summary.pdf", response_class=Response, responses=PDF)
def summary_api(
    request: Request, person_id: int, page: str = "A4", assessment: int | None = None, therapist: str = ""
) -> Response:
    """The clinician summary (PDF); 404 without a saved assessment."""
    return _pdf(request, person_id, "summary", page, assessment, therapist)


@router.get(
    "/people/{person_id}/fhir",
    response_class=Response,
    responses={200: {"content": {"application/fhir+json": {}}}},
)
def fhir_export(request: Request, person_id: int) -> Response:
    """The person's FHIR R4B Bundle (collection): Patient, Observations, QuestionnaireResponses, CarePlan…"""
    import json

    from psoas.fhir import export_person

    services = services_of(request)
    bundle = export_person(services.journal, str(services.person(person_id)["name"]))
    return Response(json.dumps(bundle, ensure_ascii=False), media_type="application/fhir+json")


@router.post("/fhir", status_code=201)
def fhir_import(
    request: Request, bundle: dict[str, Any] = Body(..., description="A FHIR R4B Bundle of one person.")
) -> dict[str, Any]:
    """Import one person from a FHIR Bundle, all or nothing; lists the resources it left out."""
    from psoas.fhir import import_bundle

    report = import_bundle(services_of(request).journal, bundle)
    return report.to_dict()

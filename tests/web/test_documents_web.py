"""Documents and FHIR on the web: PDF routes, the Download PDF links, the API, printing a page."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import screenshot

from psoas.documents.examples import NAME

FOREIGN = Path(__file__).resolve().parents[1] / "documents" / "foreign_bundle.json"
INTAKE = Path(__file__).resolve().parents[2] / "src" / "psoas" / "data" / "examples" / "basketball_knee.json"


@pytest.fixture
def filled(db_url: str) -> int:
    """The example person in the app's journal; returns their id."""
    from psoas.documents.examples import fill_journal
    from psoas.journal.service import Journal

    with Journal(db_url) as j:
        fill_journal(j, days=14)
        return int(j.list_people()[0]["id"])


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_pdf_routes_answer_pdfs(client: Any, filled: int) -> None:
    for path in (f"/people/{filled}/handout.pdf", f"/api/v1/people/{filled}/summary.pdf?page=Letter"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "application/pdf"
        assert NAME not in response.headers["content-disposition"]  # ids, never names, in file names
        assert NAME in _text(response.content)
    named = client.get(f"/api/v1/people/{filled}/handout.pdf", params={"therapist": "Dr. Ana Ruiz"})
    assert "Dr. Ana Ruiz" in _text(named.content)
    long = client.get(f"/api/v1/people/{filled}/handout.pdf", params={"therapist": "x" * 121})
    assert long.status_code == 422 and long.json()["detail"][0]["field"] == "therapist"
    bad = client.get(f"/api/v1/people/{filled}/handout.pdf?page=A5")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "page"
    assert client.get("/api/v1/people/999/handout.pdf").status_code == 404


def test_handout_without_a_programme_is_404_json(client: Any) -> None:
    person = client.post("/api/v1/people", json={"name": "Bo"}).json()
    response = client.get(f"/api/v1/people/{person['id']}/handout.pdf")
    assert response.status_code == 404
    assert "no active programme" in response.json()["detail"][0]["msg"]


def test_fhir_export_and_import_through_the_api(client: Any, filled: int) -> None:
    from psoas.fhir import validate_bundle

    response = client.get(f"/api/v1/people/{filled}/fhir")
    assert response.status_code == 200 and response.headers["content-type"] == "application/fhir+json"
    bundle = response.json()
    assert validate_bundle(bundle) == len(bundle["entry"])
    again = client.post("/api/v1/fhir", json=bundle)
    assert again.status_code == 422 and "already in this journal" in again.json()["detail"][0]["msg"]
    foreign = json.loads(FOREIGN.read_text(encoding="utf-8"))
    created = client.post("/api/v1/fhir", json=foreign)
    assert created.status_code == 201
    assert created.json()["imported"]["pain"] == 2 and len(created.json()["skipped"]) == 4
    foreign["entry"][1]["resource"]["bodySite"] = {"text": "Elbow"}
    refused = client.post("/api/v1/fhir", json=foreign)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "Observation/pain1.bodySite"


def test_program_and_results_pages_link_the_pdfs(client: Any, filled: int) -> None:
    program = client.get(f"/people/{filled}/program").text
    assert f'href="/people/{filled}/handout.pdf"' in program and "Download PDF" in program
    assessment = client.get(f"/api/v1/people/{filled}/assessments").json()[0]
    results = client.get(f"/people/{filled}/assessments/{assessment['id']}").text
    assert f'href="/people/{filled}/summary.pdf?assessment={assessment["id"]}"' in results


def _person_with_programme(page: Any, base: str) -> int:
    """The example person on the live server, assessed through the API (created once per module)."""
    people = page.request.get(f"{base}/api/v1/people").json()
    found = [p["id"] for p in people if p["name"] == NAME]
    if found:
        return int(found[0])
    headers = {"content-type": "application/json"}
    person = page.request.post(
        f"{base}/api/v1/people", data=json.dumps({"name": NAME}), headers=headers
    ).json()
    intake = json.loads(INTAKE.read_text(encoding="utf-8"))
    page.request.post(
        f"{base}/api/v1/people/{person['id']}/assessments", data=json.dumps(intake), headers=headers
    )
    return int(person["id"])


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_program_page_prints_content_only(live_server: str, browser: Any, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    pid = _person_with_programme(page, live_server)
    page.goto(f"{live_server}/people/{pid}/program")
    link = page.get_by_role("link", name="Download PDF")
    assert link.is_visible()
    assert not page.locator(".print-stamp").is_visible()  # on screen the stamp stays hidden
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    screenshot(page, f"program-download-{width}")
    page.emulate_media(media="print")
    assert not link.is_visible()  # the print stylesheet drops buttons and the menu
    assert not page.locator(".site-top nav").is_visible()
    assert page.locator(".person-nav .who").inner_text() == NAME
    stamp = page.locator(".print-stamp")
    assert stamp.is_visible() and stamp.inner_text().startswith(f"{NAME} · printed ")
    screenshot(page, f"program-print-{width}")
    page.emulate_media(media="screen")
    assessment = page.request.get(f"{live_server}/api/v1/people/{pid}/assessments").json()[-1]
    page.goto(f"{live_server}/people/{pid}/assessments/{assessment['id']}")
    summary = page.get_by_role("link", name="Download PDF")
    assert summary.get_attribute("href") == f"/people/{pid}/summary.pdf?assessment={assessment['id']}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"results-download-{width}")
    pdf = page.request.get(f"{live_server}{summary.get_attribute('href')}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    context.close()

"""Document commands (``psoas handout``, ``psoas summary``) and the FHIR side of export/import.

``handout`` and ``summary`` write a PDF (or HTML when FILE ends in ``.html``) for one person;
``psoas export --fhir FILE`` and ``psoas import --fhir FILE`` call :func:`write_fhir` and
:func:`read_fhir` here. WeasyPrint and fhir.resources are imported only when a command runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from psoas.cli.common import PersonOpt
from psoas.cli.common import journal as _journal

PageOpt = typer.Option("A4", "--page", help="Paper size: A4 or Letter.")
TherapistOpt = typer.Option(
    None, "--therapist", help="Therapist's name to print (default: from the latest visit)."
)
SnomedOpt = typer.Option(
    None, "--snomed-map", help="JSON file mapping psoas region codes to your licensed SNOMED CT codes."
)


def _write(kind: str, file: Path, person: str | None, page: str, therapist: str | None) -> None:
    import psoas.documents as docs
    from psoas.documents.render import check_page_size, render_pdf

    check_page_size(page)
    with _journal() as j:
        name = person or _only_person(j)
        html = (docs.handout_html if kind == "handout" else docs.summary_html)(j, name, therapist)
    file.parent.mkdir(parents=True, exist_ok=True)
    if file.suffix.lower() in (".html", ".htm"):
        file.write_text(html, encoding="utf-8")
    else:
        file.write_bytes(render_pdf(html, page))
    typer.echo(f"wrote {file}")


def _only_person(journal: object) -> str:
    from psoas.errors import InputError

    people = journal.list_people()  # type: ignore[attr-defined]
    if len(people) != 1:
        raise InputError(
            "--person", "choose whose document to write" if people else "no people in this journal yet"
        )
    return str(people[0]["name"])


def handout(
    file: Path = typer.Argument(..., help="PDF to write (or .html)."),
    person: str | None = PersonOpt,
    page: str = PageOpt,
    therapist: str | None = TherapistOpt,
) -> None:
    """Write the printable home programme: pictures, doses, cautions, review date and maintenance."""
    _write("handout", file, person, page, therapist)


def summary(
    file: Path = typer.Argument(..., help="PDF to write (or .html)."),
    person: str | None = PersonOpt,
    page: str = PageOpt,
    therapist: str | None = TherapistOpt,
) -> None:
    """Write the clinician summary: red flags, pain map, self-tests, causes, chains, programme, pain chart."""
    _write("summary", file, person, page, therapist)


def write_fhir(file: Path, person: str | None, snomed_map: Path | None) -> None:
    """``psoas export --fhir FILE``: one person's FHIR R4B Bundle as JSON."""
    from psoas.fhir import export_person
    from psoas.fhir.codes import read_snomed_map

    snomed = read_snomed_map(snomed_map)
    with _journal() as j:
        bundle = export_person(j, person, snomed)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(bundle, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(f"wrote {file} ({len(bundle['entry'])} resources)")


def read_fhir(file: Path, snomed_map: Path | None) -> None:
    """``psoas import --fhir FILE``: one person from a FHIR Bundle, all or nothing, with what was left out."""
    from psoas.fhir import import_bundle, read_bundle
    from psoas.fhir.codes import read_snomed_map

    snomed = read_snomed_map(snomed_map)
    with _journal() as j:
        report = import_bundle(j, read_bundle(file), snomed)
    counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    typer.echo(f"imported {report.person}: {counts}")
    for line in report.skipped:
        typer.echo(f"skipped {line}")


def register(app: typer.Typer) -> None:
    """Add the document commands to the psoas app."""
    app.command("handout")(handout)
    app.command("summary")(summary)

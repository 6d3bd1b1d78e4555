"""Journal commands: people, logging, history, progress, verify, export/import, backup, reminders.

Every command builds one :class:`psoas.journal.service.Journal` from the global ``--db`` option (or
``PSOAS_DB``) and turns domain errors into one line with exit code 2. The journal (and so
SQLAlchemy) is imported only inside the commands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from psoas.cli.common import PersonOpt
from psoas.cli.common import journal as _journal
from psoas.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    pass

FORMATS = ("text", "json")

person_app = typer.Typer(help="Profiles: one journal can hold several people.", no_args_is_help=True)
log_app = typer.Typer(help="Log pain, release practice or a visit.", no_args_is_help=True)

AtOpt = typer.Option(None, "--at", help="When (ISO-8601; default now; no zone = local time).")
FormatOpt = typer.Option("text", "--format", help="Output format: text or json.")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError("--format", f"unknown format {fmt!r}", FORMATS)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# -- people ------------------------------------------------------------------------------------
@person_app.command("add")
def person_add(name: str = typer.Argument(..., help="Display name of the person.")) -> None:
    """Add a person to this journal."""
    with _journal() as j:
        person = j.add_person(name)
    typer.echo(f"added {person['name']}")


@person_app.command("list")
def person_list(fmt: str = FormatOpt) -> None:
    """List the people in this journal."""
    _check_format(fmt)
    with _journal() as j:
        people = j.list_people()
    if fmt == "json":
        _print_json(people)
        return
    for p in people:
        typer.echo(f"{p['name']}\t(since {p['created_at'][:10]})")
    if not people:
        typer.echo("nobody yet: psoas person add NAME")


# -- logging -----------------------------------------------------------------------------------
@log_app.command("pain")
def log_pain(
    entries: list[str] = typer.Argument(..., help="REGION[:SIDE]=INTENSITY, e.g. knee:left=5 low_back=3."),
    note: str = typer.Option("", "--note", help="Free text."),
    sensation: list[str] = typer.Option(
        [], "--sensation", "-s", help="ache, sharp, burning, … (repeatable)."
    ),
    at: str | None = AtOpt,
    person: str | None = PersonOpt,
) -> None:
    """Log pain (0-10) in one or more regions; paired regions need a side."""
    with _journal() as j:
        ids = j.log_pain(person, entries, at=at, note=note, sensations=sensation)
    typer.echo(f"logged {len(ids)} pain {'entry' if len(ids) == 1 else 'entries'}")


@log_app.command("practice")
def log_practice(
    exercise_id: str = typer.Argument(..., help="Exercise id from the library, e.g. constructive_rest."),
    minutes: float | None = typer.Option(None, "--minutes", help="Minutes practised."),
    holds: int | None = typer.Option(None, "--holds", help="Number of holds."),
    reps: int | None = typer.Option(None, "--reps", help="Repetitions."),
    felt: str = typer.Option("", "--felt", help="How it felt."),
    at: str | None = AtOpt,
    person: str | None = PersonOpt,
) -> None:
    """Log one release practice session."""
    with _journal() as j:
        j.log_practice(person, exercise_id, minutes=minutes, holds=holds, reps=reps, felt=felt, at=at)
    typer.echo(f"logged practice: {exercise_id}")


@log_app.command("visit")
def log_visit(
    kind: str = typer.Argument(..., help="massage, physiotherapy, osteopathy, … ."),
    who: str = typer.Option("", "--who", help="Therapist or clinic."),
    notes: str = typer.Option("", "--notes", help="Notes on the release work."),
    at: str | None = AtOpt,
    person: str | None = PersonOpt,
) -> None:
    """Log a visit (e.g. a massage with release work)."""
    with _journal() as j:
        j.log_visit(person, kind, who=who, notes=notes, at=at)
    typer.echo(f"logged visit: {kind}")


# -- reading -----------------------------------------------------------------------------------
def history(
    since: str | None = typer.Option(None, "--since", help="Only entries from this date (ISO-8601)."),
    fmt: str = FormatOpt,
    person: str | None = PersonOpt,
    ids: bool = typer.Option(False, "--ids", help="Show each entry's id (for psoas entry edit/delete)."),
) -> None:
    """Everything logged, oldest first."""
    _check_format(fmt)
    with _journal() as j:
        items = j.history(person, since)
    if fmt == "json":
        _print_json(items)
        return
    for item in items:
        typer.echo((f"#{item['id']:<5} " if ids else "") + _history_line(item))


def _history_line(item: dict[str, Any]) -> str:
    when = item["at"][:16].replace("T", " ")
    if item["kind"] == "pain":
        side = "" if item["side"] == "center" else f":{item['side']}"
        extra = f"  {','.join(item['sensations'])}" if item["sensations"] else ""
        note = f"  — {item['note']}" if item["note"] else ""
        return f"{when}  pain      {item['region']}{side}={item['intensity']}{extra}{note}"
    if item["kind"] == "practice":
        amount = f" {item['minutes']:g} min" if item["minutes"] is not None else ""
        if item["holds"] is not None or item["reps"] is not None:
            amount += f" {item['holds'] or 1}×{item['reps'] or 1}"
        return f"{when}  practice  {item['exercise_id']}{amount}"
    if item["kind"] == "visit":
        notes = f"  — {item['notes']}" if item["notes"] else ""
        return f"{when}  visit     {item['visit_kind']}{notes}"
    return f"{when}  assessment (engine {item['engine_version']})"


def progress(
    svg: Path | None = typer.Option(None, "--svg", help="Write the chart as SVG."),
    png: Path | None = typer.Option(None, "--png", help="Write the chart as PNG."),
    fmt: str = FormatOpt,
    person: str | None = PersonOpt,
) -> None:
    """Pain per region over time, with practice and visit markers."""
    _check_format(fmt)
    with _journal() as j:
        if svg is not None:
            typer.echo(f"wrote {j.write_progress_chart(person, svg, 'svg')}")
        if png is not None:
            typer.echo(f"wrote {j.write_progress_chart(person, png, 'png')}")
        if svg is not None or png is not None:
            return
        data = j.progress(person)
    if fmt == "json":
        _print_json(data)
        return
    from psoas.present.words import region_words

    for series in data["series"]:
        days = series["days"]
        label = region_words(series["region"], series["side"])
        first, last = days[0], days[-1]
        typer.echo(
            f"{label:<24} {len(days):>4} days  first {first['date']} {first['mean']:.1f}  "
            f"last {last['date']} {last['mean']:.1f}"
        )
    minutes = sum(p["minutes"] for p in data["practice"])
    typer.echo(f"practice: {len(data['practice'])} days, {minutes:g} min; visits: {len(data['visits'])}")


def verify(
    fmt: str = FormatOpt,
    start: str | None = typer.Option(None, "--start", help="When release began (default: first practice)."),
    person: str | None = PersonOpt,
) -> None:
    """Per painful region: did pain change once release began, and do your data support the chain?"""
    _check_format(fmt)
    with _journal() as j:
        report = j.verify(person, start)
    if fmt == "json":
        _print_json(report)
        return
    typer.echo(report["summary"])


# -- transfer ----------------------------------------------------------------------------------
def export(
    file: Path | None = typer.Argument(None, help="JSON file to write (lossless)."),
    csv_dir: Path | None = typer.Option(None, "--csv", help="Write one CSV per entity into this folder."),
    fhir: Path | None = typer.Option(
        None, "--fhir", help="Write one person's FHIR R4B Bundle (JSON) to this file."
    ),
    person: str | None = PersonOpt,
    snomed_map: Path | None = typer.Option(
        None, "--snomed-map", help="With --fhir: your SNOMED CT map (JSON)."
    ),
) -> None:
    """Export the whole journal as JSON (FILE) or CSV (--csv DIR), or one person as FHIR (--fhir FILE)."""
    if [file, csv_dir, fhir].count(None) != 2:
        raise InputError("export", "give FILE or --csv DIR or --fhir FILE")
    if fhir is not None:
        from psoas.cli.documents_cmd import write_fhir

        write_fhir(fhir, person, snomed_map)
        return
    with _journal() as j:
        if csv_dir is not None:
            written = j.export_csv(csv_dir)
            typer.echo(f"wrote {len(written)} CSV files to {csv_dir}")
            return
        from psoas.journal.transfer import to_json

        assert file is not None
        file.write_text(to_json(j.export_data()), encoding="utf-8")
    typer.echo(f"wrote {file}")


def import_(
    file: Path | None = typer.Argument(None, help="A JSON file written by 'psoas export'."),
    fhir: Path | None = typer.Option(None, "--fhir", help="Import one person from a FHIR R4B Bundle (JSON)."),
    snomed_map: Path | None = typer.Option(
        None, "--snomed-map", help="With --fhir: your SNOMED CT map (JSON)."
    ),
) -> None:
    """Import an export (FILE) or a FHIR Bundle (--fhir FILE) into this journal (all or nothing)."""
    from psoas.journal.transfer import read_export

    if (file is None) == (fhir is None):
        raise InputError("import", "give either FILE or --fhir FILE")
    if fhir is not None:
        from psoas.cli.documents_cmd import read_fhir

        read_fhir(fhir, snomed_map)
        return
    assert file is not None

    with _journal() as j:
        counts = j.import_data(read_export(file))
    typer.echo(
        f"imported {counts['people']} people, {counts['pain']} pain, {counts['practice']} practice, "
        f"{counts['visits']} visit entries"
    )


def backup(file: Path = typer.Argument(..., help="Where to write the backup.")) -> None:
    """Copy the journal: a SQLite file for SQLite, the JSON export for other databases."""
    with _journal() as j:
        typer.echo(f"wrote {j.backup(file)}")


# -- reminders ---------------------------------------------------------------------------------
def remind(
    show_all: bool = typer.Option(False, "--all", help="Show every reminder, not only those due."),
    visit_weeks: int | None = typer.Option(None, "--visit-every-weeks", help="Set the visit interval."),
    practice: bool | None = typer.Option(None, "--practice/--no-practice", help="Daily practice reminder."),
    fmt: str = FormatOpt,
    person: str | None = PersonOpt,
) -> None:
    """List what is due: a maintenance visit every N weeks (default 6) and daily practice."""
    _check_format(fmt)
    with _journal() as j:
        if visit_weeks is not None:
            if not 1 <= visit_weeks <= 52:
                raise InputError("--visit-every-weeks", f"{visit_weeks} is out of range", "1-52")
            j.set_reminder(person, "visit", visit_weeks * 7)
        if practice is not None:
            j.set_reminder(person, "practice", 1, enabled=practice)
        items = [r for r in j.reminders(person) if show_all or r["due"]]
    if fmt == "json":
        _print_json(items)
        return
    for r in items:
        late = f", {r['overdue_days']} days overdue" if r["overdue_days"] else ""
        state = "due" if r["due"] else "next"
        typer.echo(f"{r['text']}: {state} {r['next']}{late}")
    if not items:
        typer.echo("nothing due")


def calendar(
    file: Path = typer.Argument(..., help="iCalendar file to write, e.g. reminders.ics."),
    person: str | None = PersonOpt,
) -> None:
    """Write the reminders as an iCalendar (.ics) file for your calendar app."""
    with _journal() as j:
        data = j.calendar(person)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data)
    typer.echo(f"wrote {file}")


COMMANDS: dict[str, Callable[..., None]] = {
    "history": history,
    "progress": progress,
    "verify": verify,
    "export": export,
    "import": import_,
    "backup": backup,
    "remind": remind,
    "calendar": calendar,
}


def register(app: typer.Typer) -> None:
    """Add the journal commands to the psoas app."""
    app.add_typer(person_app, name="person")
    app.add_typer(log_app, name="log")
    for name, function in COMMANDS.items():
        app.command(name)(function)

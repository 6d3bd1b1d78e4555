"""Trial and correction commands: ``psoas trial plan|status|report|retest|calendar|stop`` and
``psoas entry edit|delete|edits``.

Options only; the work is :class:`psoas.journal.service.Journal` (its trial mixin). Bad input is one
line naming the field, exit code 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from psoas.cli.common import PersonOpt
from psoas.cli.common import journal as _journal
from psoas.cli.journal_cmd import FormatOpt, _check_format, _print_json
from psoas.errors import InputError

trial_app = typer.Typer(help="A planned per-person trial: did releasing the pull help?", no_args_is_help=True)
entry_app = typer.Typer(
    help="Correct the diary: edit or delete an entry (history kept).", no_args_is_help=True
)

TodayOpt = typer.Option(None, "--today", help="Evaluate as of this date (YYYY-MM-DD; default today).")


def _date(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(field, f"{text!r} is not a date", "YYYY-MM-DD") from None


def _phase(token: str) -> dict[str, Any]:
    parts = token.split(":")
    if len(parts) not in (3, 4) or not all(p.strip().lstrip("-").isdigit() for p in parts[2:]):
        raise InputError("--phase", f"cannot read {token!r}", "KIND:YYYY-MM-DD:DAYS[:WASHOUT]")
    item: dict[str, Any] = {"kind": parts[0], "start": parts[1], "days": int(parts[2])}
    if len(parts) == 4:
        item["washout_days"] = int(parts[3])
    return item


@trial_app.command("plan")
def plan(
    design: str = typer.Option("ab", "--design", help="ab (baseline, then release) or reversal."),
    start: str | None = typer.Option(
        None, "--start", help="First day (default today, or earlier diary days)."
    ),
    baseline_days: int = typer.Option(7, "--baseline-days", help="AB: days of baseline."),
    release_days: int = typer.Option(14, "--release-days", help="AB: days of release."),
    pairs: int = typer.Option(3, "--pairs", help="Reversal: pairs of periods (at least 3)."),
    period_days: int = typer.Option(7, "--period-days", help="Reversal: days per period."),
    washout_days: int = typer.Option(2, "--washout-days", help="Reversal: days after a switch left out."),
    times: str = typer.Option("08:00,20:00", "--times", help="Logging times, comma-separated HH:MM."),
    change: float = typer.Option(2.0, "--change", help="Meaningful drop in points, fixed in advance."),
    change_pct: float = typer.Option(30.0, "--change-pct", help="Meaningful drop in percent."),
    region: list[str] = typer.Option([], "--region", help="Another region to rate, REGION[:SIDE]."),
    phase: list[str] = typer.Option([], "--phase", help="Explicit phase KIND:START:DAYS[:WASHOUT]."),
    seed: int | None = typer.Option(None, "--seed", help="Reversal: seed of the random order."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the proposal without saving it."),
    today: str | None = TodayOpt,
    fmt: str = FormatOpt,
    person: str | None = PersonOpt,
) -> None:
    """Plan a trial from the active programme (or show the proposal with --dry-run)."""
    _check_format(fmt)
    options: dict[str, Any] = {
        "design": design,
        "start": start,
        "times": [t for t in times.split(",") if t.strip()],
        "change_points": change,
        "change_fraction": change_pct / 100.0,
        "regions": region,
        "seed": seed,
    }
    if design == "reversal":
        options |= {"pairs": pairs, "period_days": period_days, "washout_days": washout_days}
    else:
        options |= {"baseline_days": baseline_days, "release_days": release_days}
    if phase:
        options["phases"] = [_phase(p) for p in phase]
    day = _date(today, "--today")
    with _journal() as j:
        if dry_run:
            data = j.propose_trial(person, options, day)
        else:
            data = j.plan_trial(person, options, day)["plan"]
    if fmt == "json":
        _print_json(data)
        return
    _print_plan(data, dry_run)


def _print_plan(data: dict[str, Any], dry_run: bool) -> None:
    from psoas.trial.plan import REVERSAL_NOTE

    typer.echo(
        ("Proposed" if dry_run else "Planned") + f" {data['design']} trial, {data['start']} to {data['end']}:"
    )
    for p in data["phases"]:
        wash = f" (washout {p['washout_days']} d)" if p["washout_days"] else ""
        typer.echo(f"  {p['start']} to {p['end']}  {p['kind']}{wash}")
    regions = ", ".join(
        f"{r['region']}:{r['side']}" + (" (distant)" if r["distant"] else "") for r in data["regions"]
    )
    typer.echo(f"Rate: {regions} at {', '.join(data['times'])}.")
    typer.echo(f"Meaningful drop: {data['change_points']:g} points or {100 * data['change_fraction']:.0f}%.")
    typer.echo(f"About the reversal design: {REVERSAL_NOTE}")


@trial_app.command("status")
def status(today: str | None = TodayOpt, fmt: str = FormatOpt, person: str | None = PersonOpt) -> None:
    """Today's tasks, the phase, adherence and what is still missing."""
    _check_format(fmt)
    with _journal() as j:
        data = j.trial_status(person, _date(today, "--today"))
    if data is None:
        raise InputError("trial", "no trial planned yet", "psoas trial plan")
    if fmt == "json":
        _print_json(data)
        return
    phase = data["phase_today"]
    typer.echo(
        f"Trial {data['plan']['start']} to {data['plan']['end']}; today: {phase['kind'] if phase else '-'}"
    )
    for task in data["tasks"]:
        typer.echo(f"  [{'x' if task['done'] else ' '}] {task['text']}")
    adh = data["adherence"]
    typer.echo(f"Ratings so far: {adh['ratings']} of {adh['ratings_planned']}.")
    for r in data["regions"]:
        typer.echo(f"  {r['summary']}")


@trial_app.command("report")
def report(
    today: str | None = TodayOpt,
    fmt: str = FormatOpt,
    svg: Path | None = typer.Option(None, "--svg", help="Write one SVG chart per region into this folder."),
    person: str | None = PersonOpt,
) -> None:
    """The trial report: plan, adherence, each region's result, the trait, the verdict."""
    from psoas.trial.cent_report import text

    _check_format(fmt)
    with _journal() as j:
        data = j.trial_report(person, _date(today, "--today"), charts=svg is not None)
    if svg is not None:
        svg.mkdir(parents=True, exist_ok=True)
        for key, chart in data.pop("charts").items():
            (svg / f"trial-{key.replace(':', '-')}.svg").write_text(chart, encoding="utf-8")
    typer.echo(_json(data) if fmt == "json" else text(data))


def _json(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False)


@trial_app.command("retest")
def retest(
    hip_angle: float = typer.Option(
        ..., "--hip-angle", help="Thomas hip angle, degrees (+ = thigh above horizontal)."
    ),
    method: str = typer.Option("inclinometer", "--method", help="inclinometer, photo or goniometer."),
    at: str | None = typer.Option(None, "--at", help="When (ISO-8601; default now)."),
    person: str | None = PersonOpt,
) -> None:
    """Record a Thomas re-test (at a phase boundary); the engine rescores the pull."""
    with _journal() as j:
        m = j.trial_retest(person, hip_angle, method, at)
    prob = "" if m["probability"] is None else f"; the engine now gives {100 * m['probability']:.0f}%"
    typer.echo(f"recorded {m['hip_angle_deg']:g}° ({m['method']}){prob}")


@trial_app.command("calendar")
def trial_calendar(
    file: Path = typer.Argument(..., help="iCalendar file to write."), person: str | None = PersonOpt
) -> None:
    """Write the trial's logging times and phase changes as an iCalendar file."""
    with _journal() as j:
        data = j.trial_calendar(person)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    typer.echo(f"wrote {file}")


@trial_app.command("stop")
def stop(person: str | None = PersonOpt) -> None:
    """End the active trial (it stays stored)."""
    with _journal() as j:
        j.stop_trial(person)
    typer.echo("trial stopped")


@entry_app.command("edit")
def edit(
    kind: str = typer.Argument(..., help="pain, practice or visit."),
    entry_id: int = typer.Argument(..., help="The entry's id (psoas history --ids)."),
    set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE, e.g. intensity=4 or at=2026-11-20T08:00."),
    person: str | None = PersonOpt,
) -> None:
    """Change fields of one entry; back-date it with --set at=…; the old values are kept."""
    changes: dict[str, Any] = {}
    for token in set_:
        name, sep, value = token.partition("=")
        if not sep or not name.strip():
            raise InputError("--set", f"cannot read {token!r}", "FIELD=VALUE")
        changes[name.strip()] = value
    with _journal() as j:
        after = j.edit_entry(person, kind, entry_id, changes)
    typer.echo(f"edited {kind} {entry_id}: " + ", ".join(f"{k}={after[k]}" for k in changes))


@entry_app.command("delete")
def delete(
    kind: str = typer.Argument(..., help="pain, practice or visit."),
    entry_id: int = typer.Argument(..., help="The entry's id."),
    person: str | None = PersonOpt,
) -> None:
    """Delete one entry (what it was stays in the edit history)."""
    with _journal() as j:
        j.delete_entry(person, kind, entry_id)
    typer.echo(f"deleted {kind} {entry_id}")


@entry_app.command("edits")
def edits(fmt: str = FormatOpt, person: str | None = PersonOpt) -> None:
    """The edit history: what changed, and when."""
    _check_format(fmt)
    with _journal() as j:
        items = j.entry_edits(person)
    if fmt == "json":
        _print_json(items)
        return
    for e in items:
        typer.echo(
            f"{e['changed_at'][:16].replace('T', ' ')}  {e['action']:<6} {e['kind']} {e['entry_id']}: {e['before']} -> {e['after']}"
        )
    if not items:
        typer.echo("no edits")


def register(app: typer.Typer) -> None:
    """Add ``trial`` and ``entry`` to the psoas app."""
    app.add_typer(trial_app, name="trial")
    app.add_typer(entry_app, name="entry")

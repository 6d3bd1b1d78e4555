"""The journal's command-line face: exit codes, one-line errors, no partial writes, files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoas.cli import main


class Cli:
    """Runs ``psoas --db URL …`` in-process and captures its output."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = url
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--db", self.url, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_url, capsys)


def _pain_count(cli: Cli, person: str = "Ana") -> int:
    return sum(
        1
        for h in json.loads(cli.ok("history", "--format", "json", "--person", person))
        if h["kind"] == "pain"
    )


def test_people_and_logging(cli: Cli) -> None:
    assert cli.ok("person", "add", "Ana") == "added Ana\n"
    cli.ok("person", "add", "Bo")
    assert [p["name"] for p in json.loads(cli.ok("person", "list", "--format", "json"))] == ["Ana", "Bo"]
    assert "2 pain entries" in cli.ok(
        "log", "pain", "knee:left=5", "low_back=3", "--note", "stairs", "-p", "Ana"
    )
    cli.ok(
        "log",
        "practice",
        "constructive_rest",
        "--minutes",
        "10",
        "--person",
        "Ana",
        "--at",
        "2026-01-02T08:00",
    )
    cli.ok("log", "visit", "massage", "--notes", "psoas release", "--person", "Ana", "--at", "2026-01-03")
    text = cli.ok("history", "--person", "Ana")
    assert "knee:left=5" in text and "constructive_rest 10 min" in text and "massage" in text
    since = json.loads(cli.ok("history", "--person", "Ana", "--since", "2026-01-03", "--format", "json"))
    assert [h["kind"] for h in since] == ["visit", "pain", "pain"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["log", "pain", "kneee:left=5"], "unknown region 'kneee'"),
        (["log", "pain", "knee:left=12"], "out of range"),
        (["log", "pain", "knee=4"], "side is required"),
        (["log", "pain", "low_back=2", "knee:left=x"], "knee.intensity: not a number"),
        (["log", "pain", "neck=2", "--at", "31/01/2026"], "--at"),
        (["log", "pain", "neck=2", "--sensation", "itchy"], "sensation"),
        (["log", "practice", "handstand"], "constructive_rest"),
        (["log", "practice", "bridge", "--minutes", "-3"], "minutes"),
        (["log", "visit", "reiki"], "massage"),
        (["history", "--since", "last week"], "--since"),
        (["history", "--format", "xml"], "text, json"),
        (["remind", "--visit-every-weeks", "0"], "--visit-every-weeks"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(cli: Cli, args: list[str], needle: str) -> None:
    cli.ok("person", "add", "Ana")
    cli.ok("log", "pain", "hip:right=1")
    code, out, err = cli(*args)
    assert code == 2
    assert needle in err and err.startswith("psoas: error: ") and err.count("\n") == 1
    assert "Traceback" not in err + out
    assert _pain_count(cli) == 1


def test_unknown_person_and_ambiguous_person(cli: Cli) -> None:
    cli.ok("person", "add", "Ana")
    cli.ok("person", "add", "Bo")
    code, _, err = cli("log", "pain", "neck=3")
    assert code == 2 and "--person" in err and "Ana, Bo" in err
    code, _, err = cli("log", "pain", "neck=3", "--person", "Cy")
    assert code == 2 and "Cy" in err


def test_export_import_round_trip_and_bad_import(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.ok("person", "add", "Ana")
    cli.ok("log", "pain", "knee:left=5", "--at", "2026-01-01T10:00:00+01:00", "-s", "ache")
    cli.ok("log", "practice", "bridge", "--holds", "3", "--reps", "10", "--felt", "good")
    first = tmp_path / "first.json"
    cli.ok("export", str(first))
    other = Cli(f"sqlite:///{tmp_path / 'other.sqlite3'}", capsys)
    assert "imported 1 people, 1 pain, 1 practice" in other.ok("import", str(first))
    second = tmp_path / "second.json"
    other.ok("export", str(second))
    drop = lambda p: [x for x in p.read_text().splitlines() if '"exported_at"' not in x]  # noqa: E731
    assert drop(first) == drop(second)
    assert json.loads(first.read_text())["people"][0]["pain"][0]["at"] == "2026-01-01T09:00:00Z"
    # malformed files: exit 2, nothing imported
    (tmp_path / "bad.json").write_text("{not json")
    code, _, err = other("import", str(tmp_path / "bad.json"))
    assert code == 2 and "not valid JSON" in err
    broken = json.loads(first.read_text())
    broken["people"][0]["name"] = "New"
    broken["people"][0]["practice"][0]["reps"] = "many"
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    code, _, err = other("import", str(tmp_path / "broken.json"))
    assert code == 2 and "people[0].practice[0].reps" in err
    assert [p["name"] for p in json.loads(other.ok("person", "list", "--format", "json"))] == ["Ana"]
    code, _, err = other("import", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err


def test_csv_export_and_backup(cli: Cli, tmp_path: Path) -> None:
    cli.ok("log", "pain", "neck=3")
    assert "5 CSV files" in cli.ok("export", "--csv", str(tmp_path / "csv"))
    assert (tmp_path / "csv" / "pain.csv").read_text().splitlines()[1].split(",")[2:5] == [
        "neck",
        "center",
        "3",
    ]
    code, _, err = cli("export")
    assert code == 2 and "FILE or --csv" in err
    cli.ok("backup", str(tmp_path / "backup.db"))
    assert (tmp_path / "backup.db").stat().st_size > 0


def test_progress_chart_files(cli: Cli, tmp_path: Path) -> None:
    for day in range(1, 6):
        cli.ok("log", "pain", f"knee:left={day}", "shoulder:right=2", "--at", f"2026-01-0{day}T09:00")
    cli.ok("log", "practice", "low_lunge", "--minutes", "5", "--at", "2026-01-03T18:00")
    cli.ok("log", "visit", "massage", "--at", "2026-01-04T12:00")
    svg, png = tmp_path / "p.svg", tmp_path / "p.png"
    cli.ok("progress", "--svg", str(svg), "--png", str(png))
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    assert 'data-region="knee" data-side="left"' in svg.read_text()  # the web page's chart, as a file
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads(cli.ok("progress", "--format", "json"))
    knee = next(s for s in data["series"] if s["region"] == "knee")
    assert [d["mean"] for d in knee["days"]] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert data["practice"] == [{"date": "2026-01-03", "minutes": 5.0, "sessions": 1}]
    assert "left knee" in cli.ok("progress")  # the body map's words, as on the web chart
    code, _, err = cli("progress", "--svg", str(tmp_path / "x.svg"), "--format", "pdf")
    assert code == 2 and "--format" in err


def test_verify_remind_and_calendar(cli: Cli, tmp_path: Path) -> None:
    cli.ok("log", "pain", "neck=4", "--at", "2026-01-01T09:00")
    report = json.loads(cli.ok("verify", "--format", "json"))
    assert report["regions"][0]["verdict"] == "insufficient_data"
    assert "baseline" in cli.ok("verify")
    due = json.loads(cli.ok("remind", "--format", "json"))
    assert {r["kind"] for r in due} == {"practice"}  # nothing logged yet: practise today, a visit in 6 weeks
    cli.ok("remind", "--visit-every-weeks", "4", "--no-practice")
    everything = json.loads(cli.ok("remind", "--all", "--format", "json"))
    assert [(r["kind"], r["every_days"]) for r in everything] == [("visit", 28)]
    out = tmp_path / "reminders.ics"
    cli.ok("calendar", str(out))
    assert b"RRULE:FREQ=WEEKLY;INTERVAL=4" in out.read_bytes()


def test_every_journal_command_is_documented() -> None:
    import typer

    from psoas.cli import app
    from psoas.cli.journal_cmd import COMMANDS, log_app, person_app

    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert set(COMMANDS) | {"person", "log"} <= names
    for group in (person_app, log_app):
        for command in group.registered_commands:
            assert command.callback is not None and command.callback.__doc__
    for function in COMMANDS.values():
        assert function.__doc__
    assert isinstance(app, typer.Typer)

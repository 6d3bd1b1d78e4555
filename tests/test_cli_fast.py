"""The command line starts light: a run loads only its command's module, and logging into an
up-to-date journal imports neither Alembic nor SQLAlchemy's PostgreSQL dialect."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

import psoas.cli
from psoas.cli import COMMANDS, MODULES, command_modules, main

CLI_FOLDER = Path(psoas.cli.__file__).parent


def _names(module: str) -> set[str]:
    """The top-level commands and groups that one command module registers."""
    probe = typer.Typer()
    importlib.import_module(f"psoas.cli.{module}").register(probe)
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in probe.registered_commands}
    return commands | {g.name or "" for g in probe.registered_groups}


def test_the_command_table_matches_what_each_module_registers() -> None:
    assert set(MODULES) == {p.stem for p in CLI_FOLDER.glob("*_cmd.py")}
    for module in MODULES:
        assert _names(module) == {name for name, owner in COMMANDS.items() if owner == module}, module


def test_the_full_app_has_every_command_once() -> None:
    group = typer.main.get_command(psoas.cli.app)
    assert sorted(group.commands) == sorted(COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["log", "pain", "knee:left=4"], ("journal_cmd",)),
        (["--db", "x.db", "log", "pain", "knee=4"], ("journal_cmd",)),
        (["--db=x.db", "serve"], ("web_cmd",)),
        (["entry", "list"], ("trial_cmd",)),
        (["moment-arms"], ("mechanics_cmd",)),
        (["--help"], MODULES),
        ([], MODULES),
        (["--db", "x.db"], MODULES),
        (["lgo", "pain"], MODULES),  # unknown: every command, so the error can suggest the right one
    ],
)
def test_a_run_loads_the_modules_its_command_needs(args: list[str], modules: tuple[str, ...]) -> None:
    assert command_modules(args) == modules


@pytest.mark.parametrize(
    "args", [["log", "pain", "--help"], ["log"], ["serve", "--help"], ["trial", "--help"], ["lgo"]]
)
def test_a_partial_app_prints_what_the_full_app_prints(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    full = CliRunner().invoke(psoas.cli.app, args, prog_name="psoas", env=env)
    os.environ.update(env)
    try:
        code = main(args)
    finally:
        for key in env:
            os.environ.pop(key, None)
    captured = capsys.readouterr()
    assert code == full.exit_code
    assert captured.out + captured.err == full.output


def _modules_after(args: list[str], db: Path) -> set[str]:
    """Which of the heavy modules a fresh ``psoas`` process has imported once ``args`` ran."""
    watched = ("alembic", "sqlalchemy.dialects.postgresql", "psoas.cli.assess_cmd", "numpy")
    code = (
        "import sys\nfrom psoas.cli import main\n"
        f"assert main({args!r}) == 0\n"
        f"print(' '.join(m for m in {watched!r} if m in sys.modules))"
    )
    env = {**os.environ, "PSOAS_DB": str(db)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_logging_into_an_up_to_date_journal_stays_light(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    first = _modules_after(["log", "pain", "knee:left=4"], db)
    assert "alembic" in first  # a new journal is migrated on first use
    again = _modules_after(["log", "pain", "knee:left=5"], db)
    assert not again & {"alembic", "sqlalchemy.dialects.postgresql", "psoas.cli.assess_cmd", "numpy"}
    history = subprocess.run(
        [sys.executable, "-m", "psoas", "--db", str(db), "history"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "knee:left=4" in history.stdout and "knee:left=5" in history.stdout


def test_a_postgresql_engine_gives_the_partial_indexes_their_condition() -> None:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from psoas.journal import db, models

    indexes = [
        next(i for i in table.indexes if i.name == name)
        for table, name in (
            (models.Program.__table__, "uq_program_one_active"),
            (models.Trial.__table__, "uq_trial_one_active"),
        )
    ]
    for index in indexes:
        assert str(CreateIndex(index).compile(dialect=sqlite.dialect())).endswith("WHERE active")
    db.make_engine("postgresql://nobody@127.0.0.1:9/none").dispose()  # makes the engine, connects nowhere
    for index in indexes:
        assert str(CreateIndex(index).compile(dialect=postgresql.dialect())).endswith("WHERE active")


@pytest.mark.parametrize(
    ("args", "collector_on"),
    [
        (["log", "pain", "knee:left=4"], False),  # a short command: imports only, collector off
        (["serve", "--host", "0.0.0.0"], True),  # refused at once here, but serve keeps the collector
    ],
)
def test_only_short_commands_run_without_the_cyclic_collector(
    args: list[str], collector_on: bool, tmp_path: Path
) -> None:
    code = (
        "import gc, sys\nfrom psoas.cli import main\n"
        f"sys.argv = ['psoas', *{args!r}]\ncode = main()\n"
        "print(code, gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    env = {**os.environ, "PSOAS_DB": str(tmp_path / "j.sqlite3")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    status, enabled, frozen = done.stdout.splitlines()[-1].split()
    assert status == ("2" if collector_on else "0")
    assert enabled == str(collector_on)
    assert frozen == "True"


def test_a_call_with_arguments_leaves_the_collector_alone(tmp_path: Path) -> None:
    import gc

    before = gc.get_freeze_count()
    assert main(["--db", str(tmp_path / "j.sqlite3"), "log", "pain", "knee:left=4"]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_the_cold_start_bench_times_this_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from bench import bench_cli_cold

    assert bench_cli_cold._code_measured() == "this checkout's src/"
    times = bench_cli_cold.measure(runs=1)
    assert {name: len(values) for name, values in times.items()} == {"pass": 1, "help": 1, "log": 1}
    assert all(0 < values[0] < 30 for values in times.values())

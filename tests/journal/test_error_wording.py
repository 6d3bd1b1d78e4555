"""Storage errors name fields in domain words; only the CLI turns them into its flags (one mapping)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from psoas.cli.wording import FLAGS, cli_message
from psoas.errors import InputError, NotFoundError, SelectionError

STORAGE = Path(__file__).resolve().parents[2] / "src" / "psoas" / "journal"


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


@pytest.mark.parametrize("name", ["service.py", "repo.py", "parse.py", "db.py"])
def test_storage_modules_do_not_name_cli_flags(name: str) -> None:
    flags = set(FLAGS.values())
    offending = [s for s in _string_constants(STORAGE / name) if any(s.startswith(f) for f in flags)]
    assert offending == [], offending


def test_the_cli_words_domain_fields_as_its_flags() -> None:
    err = SelectionError("person", "several people use this journal; choose one", ["Ana", "Bo"])
    assert str(err).startswith("person: ")
    assert cli_message(err) == "--person: several people use this journal; choose one (allowed: Ana, Bo)"
    assert cli_message(SelectionError("database", "not a database URL")) == "--db: not a database URL"
    missing = NotFoundError("no person yet", "person")
    assert cli_message(missing) == "--person: no person yet: add one with 'psoas person add NAME'"
    # a field that is not a CLI option, and an error without a field, stay as the core words them
    assert cli_message(InputError("pain[0].region", "unknown")) == "pain[0].region: unknown"
    assert cli_message(InputError("person", "is required")) == "person: is required"  # an intake's field
    assert cli_message(NotFoundError("unknown exercise 'x'")) == "unknown exercise 'x'"


def test_an_unknown_person_is_a_domain_error_naming_the_field(tmp_path: Path) -> None:
    from psoas.journal.service import Journal

    with Journal(f"sqlite:///{tmp_path / 'j.db'}") as journal:
        journal.add_person("Ana")
        with pytest.raises(NotFoundError) as info:
            journal.log_pain("Bo", ["knee:left=3"])
    assert info.value.field == "person" and "Ana" in info.value.reason


def test_a_bad_database_url_is_worded_with_the_option_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from psoas.cli import app

    result = CliRunner().invoke(app, ["--db", "nosuchdb://x/y", "person", "list"])
    assert result.exit_code == 2
    assert "psoas: error: --db: unsupported database" in result.output

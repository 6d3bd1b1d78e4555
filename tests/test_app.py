"""The application object and its settings: one home for every setting, thin operations on the core."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from psoas.app import Psoas
from psoas.errors import InputError, NotFoundError
from psoas.settings import Settings, describe

KNEE = {
    "person": {"age": 54},
    "pain": [{"region": "knee", "side": "left", "intensity": 5}],
}


def test_every_setting_has_a_variable_a_default_and_a_description() -> None:
    rows = describe()
    variables = [variable for _f, variable, _d, _h in rows]
    assert len(set(variables)) == len(rows) >= 11
    assert all(v.startswith("PSOAS_") for v in variables)
    assert all(help_text.strip() and default for _f, _v, default, help_text in rows)
    assert {"PSOAS_DB", "PSOAS_SECRET", "PSOAS_RATE_LIMIT", "PSOAS_POSE_MODEL"} <= set(variables)


def test_settings_read_the_environment_then_the_overrides() -> None:
    env = {"PSOAS_DB": "sqlite:///a.sqlite3", "PSOAS_ACCOUNTS": "1", "PSOAS_ALLOWED_HOSTS": "A.example, b"}
    settings = Settings.from_env({"db_url": "sqlite:///b.sqlite3", "secret": None}, env)
    assert settings.db_url == "sqlite:///b.sqlite3"  # an option beats the environment
    assert settings.accounts is True and settings.allowed_hosts == ("a.example", "b")
    assert settings.secret is None and settings.rate() == (10.0, 30.0)
    assert Settings.from_env({}, {"PSOAS_RATE_LIMIT": "OFF"}).rate() == (0.0, 0.0)


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        ("PSOAS_RATE_LIMIT", "fast", "RATE/BURST"),
        ("PSOAS_RATE_LIMIT", "-1/3", "RATE/BURST"),
        ("PSOAS_ASSESS_WORKERS", "65", "0-64"),
        ("PSOAS_ACCOUNTS", "maybe", "1, 0"),
        ("PSOAS_BODY_TIMEOUT_S", "0", "0.1 to 600"),
        ("PSOAS_HEADER_TIMEOUT_S", "soon", "0.1 to 600"),
    ],
)
def test_a_bad_value_names_the_variable_and_the_allowed_values(
    variable: str, value: str, allowed: str
) -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({}, {variable: value})
    assert caught.value.field == variable
    assert allowed in (caught.value.allowed or "")


def test_an_unknown_override_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({"colour": "blue"}, {})
    assert "colour" in str(caught.value) and "db_url" in (caught.value.allowed or "")


def test_to_env_gives_back_the_same_settings() -> None:
    settings = Settings(
        db_url="sqlite:///x.sqlite3",
        accounts=True,
        allowed_hosts=("h1", "h2"),
        assess_workers=0,
        rate_limit="2/4",
        body_timeout_s=5.0,
        secret="s" * 64,
    )
    assert Settings.from_env({}, settings.to_env()) == settings


def test_the_data_folder_holds_the_default_journal(tmp_path: Path) -> None:
    assert Settings(data_dir=str(tmp_path)).database_url() == f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    assert Settings(db_url="sqlite://", data_dir=str(tmp_path)).database_url() == "sqlite://"
    with Psoas(Settings(data_dir=str(tmp_path))) as app:
        app.add_person("Ana")
    assert (tmp_path / "journal.sqlite3").is_file()


def test_the_cli_reads_a_bad_setting_as_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from psoas.cli import main

    monkeypatch.setenv("PSOAS_RATE_LIMIT", "lots")
    assert main(["demo", "--format", "json"]) == 2


def test_screen_runs_the_red_flag_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import psoas.reasoning.engine as engine
    import psoas.release.programme as programme

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("screen() must not run the engine or build a programme")

    monkeypatch.setattr(engine, "get_engine", refuse)
    monkeypatch.setattr(programme, "build_program", refuse)
    app = Psoas(Settings(db_url="sqlite://"))
    referral = app.screen({"person": {"age": 40}, "red_flags": {"saddle_numbness": True}})
    assert referral is not None and referral.urgency == "emergency"
    assert app.screen({"person": {"age": 40}, "red_flags": {}}) is None


def test_assess_runs_the_red_flag_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import psoas.assessment.redflags as redflags

    calls = []
    real = redflags._fired

    def counted(intake: Any) -> Any:
        calls.append(1)
        return real(intake)

    monkeypatch.setattr(redflags, "_fired", counted)
    intake = {**copy.deepcopy(KNEE), "red_flags": {"night_or_constant_pain": True}}
    result = Psoas(Settings(db_url="sqlite://")).assess(intake).to_dict()
    assert len(calls) == 1
    assert result["red_flag_rules"] and result["referral"] is not None


def test_assess_matches_the_library_face() -> None:
    import psoas

    app = Psoas(Settings(db_url="sqlite://"))
    assert app.assess(copy.deepcopy(KNEE)).to_dict() == psoas.assess(copy.deepcopy(KNEE)).to_dict()


def test_people_are_reached_by_id(tmp_path: Path) -> None:
    with Psoas(Settings(db_url=f"sqlite:///{tmp_path / 'j.sqlite3'}")) as app:
        ana = app.add_person("Ana")
        bo = app.add_person("Bo")
        assert app.person(bo["id"])["name"] == "Bo"
        app.log_pain(bo["id"], ["knee:left=4"])
        app.log_practice(ana["id"], "constructive_rest", minutes=10)
        assert [h["kind"] for h in app.history(bo["id"])] == ["pain"]
        assert [h["kind"] for h in app.history(ana["id"])] == ["practice"]
        for missing in (0, 999, 2**40):
            with pytest.raises(NotFoundError):
                app.person(missing)
            with pytest.raises(NotFoundError):
                app.history(missing)


def test_the_knowledge_is_loaded_once() -> None:
    app = Psoas()
    assert app.atlas is app.atlas and app.engine is app.engine and app.mechanics is app.mechanics
    assert app.exercise("constructive_rest")["id"] == "constructive_rest"
    assert {link["source"] for link in app.atlas_json()["links"]}


def test_importing_the_app_object_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, psoas.app, psoas.settings; print(sorted(m for m in ('sqlalchemy', 'fastapi', 'numpy', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

"""The web app is built from Settings and reaches the core through its application object."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.web.conftest import KNEE_INTAKE
from tests.web.test_pages import _no_flags, _token

from psoas.settings import Settings
from psoas.web import create_app


def _client(app: Any) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(app)


def test_the_app_takes_its_settings(tmp_path: Any) -> None:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'j.sqlite3'}", secret="k" * 64, rate_limit="off", assess_workers=0
    )
    app = create_app(settings=settings)
    assert app.state.services.settings == settings and app.state.settings is app.state.services.settings
    assert app.state.csrf_secret == b"k" * 64 and app.state.require_accounts is False
    with _client(app) as client:
        assert client.get("/api/v1/people").status_code == 200
    other = create_app(settings=Settings(allowed_hosts=("example.org",)))
    with _client(other) as client:  # the in-process test host is not in this app's list
        assert client.get("/api/v1/people").status_code == 400


def test_arguments_override_the_settings(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    app = create_app(url, accounts=False, settings=Settings(db_url="sqlite://", accounts=True, secret="s"))
    assert app.state.services.db_url == url and app.state.require_accounts is False
    assert app.state.csrf_secret == b"s"


def test_settings_come_from_the_environment_when_not_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("PSOAS_DB", url)
    monkeypatch.setenv("PSOAS_SECRET", "from-the-environment")
    app = create_app()
    assert app.state.services.db_url == url and app.state.csrf_secret == b"from-the-environment"
    monkeypatch.setenv("PSOAS_BODY_TIMEOUT_S", "never")
    from psoas.errors import InputError

    with pytest.raises(InputError) as caught:
        create_app()
    assert caught.value.field == "PSOAS_BODY_TIMEOUT_S"


def test_the_red_flag_step_does_not_run_the_engine(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from psoas.web import workers

    def refuse(*_a: Any, **_k: Any) -> bytes:
        raise AssertionError("the red-flag step must not assess")

    monkeypatch.setattr(workers, "assess", refuse)
    monkeypatch.setattr(workers, "assess_async", refuse)
    token = _token(client, "/intake")
    flags = {**_no_flags(), "flag.saddle_numbness": "yes"}
    stop = client.post("/intake/flags", data={"age": "54", **flags, "csrf_token": token})
    assert stop.status_code == 200 and 'action="/intake/map"' not in stop.text
    go_on = client.post("/intake/flags", data={"age": "54", **_no_flags(), "csrf_token": token})
    assert go_on.status_code == 200 and 'action="/intake/map"' in go_on.text


def test_assess_and_save_answers_the_stored_result(client: Any) -> None:
    person = client.post("/api/v1/people", json={"name": "Ana"}).json()
    saved = client.post(f"/api/v1/people/{person['id']}/assessments", json=KNEE_INTAKE)
    assert saved.status_code == 201 and saved.headers["content-type"] == "application/json"
    body = saved.json()
    assert list(body) == ["id", "result"]
    stored = client.get(f"/api/v1/people/{person['id']}/assessments/{body['id']}").json()
    assert stored["result"] == body["result"]
    assert body["result"] == json.loads(client.post("/api/v1/assess", json=KNEE_INTAKE).content)
    assert client.post("/api/v1/people/999/assessments", json=KNEE_INTAKE).status_code == 404

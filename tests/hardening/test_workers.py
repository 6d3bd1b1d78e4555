"""The assessment workers: results equal the library's, a refused intake stays an InputError, a
broken process pool falls back to a thread, and the waiting line is bounded."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

import psoas
from psoas.errors import InputError
from psoas.web import workers

INTAKE = {"person": {"age": 54}, "pain": [{"region": "knee", "side": "left", "intensity": 5}]}


def _fail_to_start() -> None:
    raise RuntimeError("worker could not start")


@pytest.fixture
def fresh_pool(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(workers, "_executor", None)
    monkeypatch.setattr(workers, "_inline", False)
    yield
    if workers._executor is not None:
        workers._executor.shutdown(wait=False, cancel_futures=True)


def test_worker_answer_equals_the_library(fresh_pool: Any) -> None:
    answer = json.loads(workers.assess(json.dumps(INTAKE)))
    assert answer["causes"] == psoas.assess(INTAKE).to_dict()["causes"]


def test_refused_intake_is_an_input_error(fresh_pool: Any) -> None:
    with pytest.raises(InputError, match="person.age"):
        workers.assess(json.dumps({"person": {"age": 300}}))


def test_a_broken_pool_falls_back_to_a_thread(fresh_pool: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("fork"), initializer=_fail_to_start
    )
    monkeypatch.setattr(workers, "_executor", broken)
    answer = json.loads(workers.assess(json.dumps(INTAKE)))
    assert answer["causes"] and workers._inline
    assert json.loads(workers.assess(json.dumps(INTAKE)))["causes"] == answer["causes"]


def test_the_waiting_line_is_bounded(fresh_pool: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_pending", workers.MAX_PENDING)
    with pytest.raises(workers.Busy):
        workers.assess(json.dumps(INTAKE))


def test_a_full_line_is_a_503_with_retry_after(
    fresh_pool: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from psoas.web import create_app
    from psoas.web.errors import ErrorBody

    monkeypatch.setattr(workers, "_pending", workers.MAX_PENDING)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'b.sqlite3'}")) as client:
        response = client.post("/api/v1/assess", json=INTAKE | {"person": {"age": 33}})
    assert response.status_code == 503 and response.headers["retry-after"] == "2"
    assert ErrorBody.model_validate(response.json()).status == 503

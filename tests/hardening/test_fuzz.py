"""Hypothesis fuzzers: the intake, the journal CLI arguments and the import format.

The property is the same everywhere: any input ends in a result or in one clean
:class:`psoas.errors.InputError` line (CLI exit 0 or 2; HTTP below 500), never a traceback.
"""

from __future__ import annotations

import copy
import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas.cli import main
from psoas.errors import InputError

pytestmark = pytest.mark.slow  # real servers, subprocesses or many generated cases

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
VALID: dict[str, Any] = {
    "person": {"age": 54, "sex": "male", "height_cm": 180},
    "pain": [{"region": "knee", "side": "left", "intensity": 5, "weeks": 3, "worse_with": ["stairs"]}],
    "history": {"sitting_hours_per_day": 8, "activities": ["golf"]},
    "red_flags": {"saddle_numbness": False},
    "tests": {"thomas": {"left": {"hip_angle_deg": 10}}},
    "posture": {"pelvic_tilt_deg": 12},
}
_TMP = Path(tempfile.mkdtemp(prefix="psoas-fuzz-"))

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -0.0, 1e308, -1e-308, 10**19, 2**63]),
)
leaves = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=20))
json_values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
junk_literals = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "9" * 400, "[" * 3000, '"\\ud800"'])


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _mutate(base: Any, data: st.DataObject) -> Any:
    """Replace one node of ``base`` (chosen by hypothesis) with an arbitrary JSON value."""
    mutated = copy.deepcopy(base)
    path = data.draw(st.sampled_from(_paths(mutated)[1:]))
    node = mutated
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(json_values)
    return mutated


def _run(args: list[str], capsys: Any, stdin: bytes = b"", monkeypatch: Any = None) -> tuple[int, str]:
    if monkeypatch is not None:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().err


@FUZZ
@given(data=st.data())
def test_intake_mutations_assess_or_fail_cleanly(data: st.DataObject) -> None:
    import psoas

    intake = _mutate(VALID, data)
    try:
        result = psoas.assess(intake).to_dict()
    except InputError as exc:
        assert exc.field and "\n" not in str(exc)
        return
    assert 0 <= min(c["probability"] for c in result["causes"]) <= 1


@FUZZ
@given(
    text=st.one_of(st.text(max_size=200), junk_literals, json_values.map(json.dumps)), prefix=st.booleans()
)
def test_intake_text_through_the_cli(text: str, prefix: bool, capsys: Any, monkeypatch: Any) -> None:
    raw = ("\ufeff" if prefix else "").encode() + text.encode("utf-8", "surrogatepass")
    code, err = _run(["assess", "-", "--format", "json"], capsys, raw, monkeypatch)
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert err.startswith("psoas: error: ") and err.count("\n") == 1


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=300),
        junk_literals.map(str.encode),
        json_values.map(lambda v: json.dumps(v).encode()),
    )
)
def test_intake_bytes_through_the_api(body: bytes) -> None:
    from psoas.web import create_app

    client = _api_client(create_app)
    response = client.post("/api/v1/assess", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 413, 422, 429), response.text[:200]


_CLIENT: list[Any] = []


def _api_client(create_app: Any) -> Any:
    if not _CLIENT:
        client = TestClient(create_app(f"sqlite:///{_TMP / 'api.sqlite3'}"))
        client.__enter__()
        _CLIENT.append(client)
    return _CLIENT[0]


regions = st.sampled_from(["knee", "neck", "low_back", "groin", "KNEE", "kneee", "", "knee:"])
sides = st.sampled_from(["", ":left", ":right", ":center", ":both", ":up", ":LEFT"])
values = st.one_of(
    st.integers(min_value=-5, max_value=15).map(str),
    st.sampled_from(["nan", "inf", "-0", "1e400", "9" * 400, "5.5", "0x5", "5_0", "٥", ""]),
)
times = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00", "2026-02-30", "now", "", "T"]),
    st.text(max_size=30),
)
amounts = st.one_of(
    st.floats().map(str), st.integers().map(str), st.sampled_from(["nan", "1e400", "-1", "x"])
)


@FUZZ
@given(region=regions, side=sides, value=values, at=times, minutes=amounts, note=st.text(max_size=50))
def test_journal_cli_arguments(
    region: str, side: str, value: str, at: str, minutes: str, note: str, capsys: Any
) -> None:
    db = f"sqlite:///{_TMP / 'cli.sqlite3'}"
    for args in (
        ["log", "pain", f"{region}{side}={value}", "--at", at, "--note", note],
        ["log", "practice", "bridge", "--minutes", minutes, "--at", at],
        ["history", "--since", at],
        ["verify", "--start", at],
    ):
        code, err = _run(["--db", db, *args], capsys)
        assert code in (0, 2), (args, err)
        assert "Traceback" not in err


def _valid_export() -> dict[str, Any]:
    entry = {"at": "2026-01-02T08:00:00Z", "region": "knee", "side": "left", "intensity": 4}
    return {
        "format": "psoas-journal",
        "format_version": 1,
        "exported_at": "2026-01-03T00:00:00Z",
        "people": [
            {
                "name": "Fuzz",
                "created_at": "2026-01-01T00:00:00Z",
                "assessments": [
                    {
                        "created_at": "2026-01-01T00:00:00Z",
                        "engine_version": "0.1.0",
                        "intake": {"person": {"age": 54}},
                        "result": {"causes": [{"id": "psoas_tight", "side": "left", "probability": 0.5}]},
                    }
                ],
                "programs": [
                    {
                        "assessment": 0,
                        "created_at": "2026-01-01T00:00:00Z",
                        "active": True,
                        "content": {"items": [{"exercise": "bridge", "dose": {"reps": 8}}]},
                    }
                ],
                "pain": [entry | {"sensations": ["ache"], "note": "n"}],
                "practice": [
                    {"at": "2026-01-02T09:00:00Z", "exercise_id": "bridge", "minutes": 5.0}
                    | {"holds": 2, "reps": 8, "felt": ""}
                ],
                "visits": [{"at": "2026-01-02T10:00:00Z", "kind": "massage", "who": "", "notes": ""}],
                "reminders": [{"kind": "visit", "every_days": 42, "enabled": True}],
            }
        ],
    }


@FUZZ
@given(data=st.data())
def test_import_format_mutations(data: st.DataObject) -> None:
    from psoas.journal.service import Journal

    export = _mutate(_valid_export(), data)
    with Journal("sqlite://") as journal:
        try:
            counts = journal.import_data(export)
        except InputError as exc:
            assert "\n" not in str(exc)
            assert journal.list_people() == []  # nothing half-written
            return
        assert counts["people"] == 1
        person = journal.list_people()[0]["name"]
        journal.history(person)
        journal.progress(person)
        journal.verify(person)
        journal.export_data()

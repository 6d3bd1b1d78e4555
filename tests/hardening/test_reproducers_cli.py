"""Issue 10's CLI probes as regression tests: each row of its table that a command line can reach.

Every bad input ends with exit code 2 and one line naming the field (and the allowed values);
never a traceback, never a silent coercion.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.hardening.conftest import RunCli, one_line_error

VALID = {"person": {"age": 54}, "pain": [{"region": "knee", "side": "left", "intensity": 5}]}


def _deep(depth: int) -> bytes:
    return ('{"person": {"age": 54}, "history": ' + "[" * depth + "]" * depth + "}").encode()


# -- psoas assess - : malformed input -------------------------------------------------------------
@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        (_deep(1000), "intake"),
        (_deep(100_000), "intake"),
        (b'{"person": {"age": NaN}}', "intake"),
        (b'{"person": {"age": Infinity}}', "intake"),
        (b'{"person": {"age": -Infinity}}', "intake"),
        (b'{"person": {"age": 1e400}}', "intake"),
        (b'{"person": {"age": ' + b"9" * 5000 + b"}}", "intake"),
        (b'{"person": {"age": 54}, "person": {"age": 60}}', "person"),
        (b'{"person": {"age": "54"}}', "person.age"),
        (b'{"person": {"age": true}}', "person.age"),
        (b'{"person": {"age": 54.5}}', "person.age"),
        (
            b'{"person": {"age": 54}, "pain": [{"region": "knee", "side": "left", "intensity": "5"}]}',
            "pain[0]",
        ),
        (
            b'{"person": {"age": 54}, "pain": [{"region": "knee", "side": "left", "intensity": true}]}',
            "pain[0]",
        ),
        (b'{"person": {"age": 54}, "red_flags": {"saddle_numbness": -0.0}}', "red_flags.saddle_numbness"),
        (b'{"person": {"age": 54}, "red_flags": {"saddle_numbness": 0}}', "red_flags.saddle_numbness"),
        (b'{"person": {"age": 54}}\x00', "intake"),
        (b'{"person": {"age": 54, "\\u0000": 1}}', "person.\\x00: unknown key"),
        (b"\xff\xfe{}", "intake"),
        (b"", "intake"),
        (b"[1, 2]", "intake"),
        (b'{"person": {"age": 54}, "tests": {"thomas": {"left": {"hip_angle_deg": "10"}}}}', "tests.thomas"),
        (
            (
                '{"person": {"age": 54}, "pain": ['
                + ",".join(['{"region": "neck", "intensity": 1}'] * 65)
                + "]}"
            ).encode(),
            "pain",
        ),
    ],
)
def test_malformed_intake_is_one_line_naming_the_field(run_cli: RunCli, stdin: bytes, field: str) -> None:
    code, out, err = run_cli("assess", "-", stdin=stdin)
    assert one_line_error(code, err), err
    assert err.startswith(f"psoas: error: {field}"), err
    assert out == ""


def test_ten_megabytes_are_refused_without_reading_them_all(run_cli: RunCli) -> None:
    huge = b'{"person": {"age": 54}, "x": "' + b"a" * (10 << 20) + b'"}'
    code, _out, err = run_cli("assess", "-", stdin=huge)
    assert one_line_error(code, err) and "larger than" in err


MEASURED = """
import sys
from psoas.cli import main
code = main(["assess", sys.argv[1]])
# VmHWM is this process's own peak (ru_maxrss would include the parent's peak, kept across exec)
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1]
print(f"peak_kib={peak}", file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(
    ("count", "message"), [(700_000, "intake: is larger than"), (60_000, "k0: unknown key")]
)
def test_megabytes_of_unknown_keys_stay_small_in_memory(tmp_path: Path, count: int, message: str) -> None:
    keys = ", ".join(f'"k{i}": {i}' for i in range(count))
    path = tmp_path / "huge.json"
    path.write_text('{"person": {"age": 54}, ' + keys + "}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, str(path)], capture_output=True, text=True, timeout=120
    )
    error, peak = done.stderr.splitlines()
    assert done.returncode == 2 and error.startswith(f"psoas: error: {message}"), error
    assert int(peak.removeprefix("peak_kib=")) / 1024 < 250


def test_a_byte_order_mark_is_accepted(run_cli: RunCli) -> None:
    code, out, err = run_cli(
        "assess", "-", "--format", "json", stdin=b"\xef\xbb\xbf" + json.dumps(VALID).encode()
    )
    assert code == 0, err
    assert json.loads(out)["causes"]


# -- journal CLI --------------------------------------------------------------------------------------
EXTREME_TIMES = ["0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00", "0001-01-01", "9999-12-31", "1e400"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["log", "pain", "knee:left=" + "9" * 400], "knee.intensity"),
        (["log", "pain", "knee:left=nan"], "knee.intensity"),
        (["log", "pain", "knee:left=inf"], "knee.intensity"),
        (["log", "pain", "knee:left=1e1"], "knee.intensity"),
        (["log", "pain", "knee:left=-0"], "knee.intensity"),
        (["log", "practice", "bridge", "--minutes", "nan"], "minutes"),
        (["log", "practice", "bridge", "--minutes", "inf"], "minutes"),
        (["log", "practice", "bridge", "--minutes", "1e400"], "minutes"),
        (["log", "practice", "bridge", "--minutes", "-1"], "minutes"),
        *[(["log", "pain", "neck=2", "--at", t], "--at") for t in EXTREME_TIMES],
        *[(["history", "--since", t], "--since") for t in EXTREME_TIMES],
        *[(["verify", "--start", t], "--start") for t in EXTREME_TIMES],
    ],
)
def test_journal_arguments_fail_cleanly(run_cli: RunCli, db_url: str, args: list[str], field: str) -> None:
    assert run_cli("--db", db_url, "person", "add", "Ana")[0] == 0
    code, _out, err = run_cli("--db", db_url, *args)
    assert one_line_error(code, err), err
    assert err.startswith(f"psoas: error: {field}"), err
    history = json.loads(run_cli("--db", db_url, "history", "--format", "json")[1])
    assert history == []  # nothing written


def test_knee_pain_of_minus_zero_is_refused(run_cli: RunCli, db_url: str) -> None:
    code, _out, err = run_cli("--db", db_url, "log", "pain", "knee:left=-0")
    assert code == 2


@pytest.mark.parametrize("url", ["sqlite:////proc/nope/x.db", "sqlite:////dev/null/x.db", "/proc/nope/x.db"])
def test_impossible_database_paths_fail_cleanly(run_cli: RunCli, url: str) -> None:
    code, _out, err = run_cli("--db", url, "person", "list")
    assert code in (1, 2) and err.startswith("psoas: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_names_are_case_insensitive(run_cli: RunCli, db_url: str) -> None:
    assert run_cli("--db", db_url, "person", "add", "Ana")[0] == 0
    code, _out, err = run_cli("--db", db_url, "person", "add", "ana")
    assert one_line_error(code, err) and "already exists" in err
    assert run_cli("--db", db_url, "log", "pain", "neck=2", "--person", "ANA")[0] == 0


# -- import -----------------------------------------------------------------------------------------------
def _export(run_cli: RunCli, db_url: str, tmp_path: Path) -> dict[str, Any]:
    run_cli("--db", db_url, "person", "add", "Ana")
    run_cli("--db", db_url, "log", "pain", "knee:left=4", "--at", "2026-01-02T08:00")
    run_cli("--db", db_url, "log", "practice", "bridge", "--minutes", "5", "--at", "2026-01-02T09:00")
    target = tmp_path / "export.json"
    assert run_cli("--db", db_url, "export", str(target))[0] == 0
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    data["people"][0]["name"] = "Zoe"
    return data


def _import(
    run_cli: RunCli, db_url: str, tmp_path: Path, data: Any, raw: bytes | None = None
) -> tuple[int, str]:
    path = tmp_path / "in.json"
    path.write_bytes(raw if raw is not None else json.dumps(data).encode())
    code, _out, err = run_cli("--db", db_url, "import", str(path))
    return code, err


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["pain"][0].update(at="9999-12-31T23:59:00-14:00"), "people[0].pain[0].at"),
        (lambda p: p["pain"][0].update(at="0001-01-01T00:00:00+14:00"), "people[0].pain[0].at"),
        (lambda p: p["pain"][0].update(at="2999-01-01T00:00:00Z"), "people[0].pain[0].at"),
        (lambda p: p["pain"][0].update(intensity=True), "people[0].pain[0].intensity"),
        (lambda p: p["pain"][0].update(intensity="5"), "people[0].pain[0].intensity"),
        (lambda p: p["practice"][0].update(exercise_id="moonwalk"), "people[0].practice[0].exercise_id"),
        (lambda p: p["practice"][0].update(minutes=1e308 * 10), "FILE"),
        (lambda p: p.update(name="ana"), "people[0].name"),
        (
            lambda p: p["assessments"].append(
                {
                    "created_at": "2026-01-01T00:00:00Z",
                    "engine_version": "1",
                    "intake": {"person": {"age": 54}},
                    "result": {"causes": "x"},
                }
            ),
            "people[0].assessments[0].result.causes",
        ),
        (
            lambda p: p["programs"].append(
                {
                    "assessment": None,
                    "created_at": "2026-01-01T00:00:00Z",
                    "active": True,
                    "content": {"items": ["bridge"]},
                }
            ),
            "people[0].programs[0].content.items[0]",
        ),
    ],
)
def test_bad_imports_are_refused_whole(
    run_cli: RunCli, db_url: str, tmp_path: Path, change: Any, field: str
) -> None:
    data = _export(run_cli, db_url, tmp_path)
    if field == "people[0].name":
        data["people"][0]["name"] = "ana"
    else:
        change(data["people"][0])
    code, err = _import(run_cli, db_url, tmp_path, data)
    assert one_line_error(code, err), err
    assert err.startswith(f"psoas: error: {field}"), err
    people = json.loads(run_cli("--db", db_url, "person", "list", "--format", "json")[1])
    assert [p["name"] for p in people] == ["Ana"]


def test_import_accepts_a_byte_order_mark_and_refuses_duplicate_keys(
    run_cli: RunCli, db_url: str, tmp_path: Path
) -> None:
    data = _export(run_cli, db_url, tmp_path)
    code, err = _import(run_cli, db_url, tmp_path, None, raw=b"\xef\xbb\xbf" + json.dumps(data).encode())
    assert code == 0, err
    text = json.dumps(data).replace('"format": ', '"format": "x", "format": ', 1)
    code, err = _import(run_cli, db_url, tmp_path, None, raw=text.encode())
    assert one_line_error(code, err) and "duplicate" in err


@pytest.mark.parametrize(
    "args", [["log", "pain", "neck=2", "--note", b"\xff"], ["history", "--person", b"\xffx"]]
)
def test_undecodable_arguments_are_one_line_errors(db_url: str, args: list[Any]) -> None:
    command = [sys.executable.encode(), b"-m", b"psoas", b"--db", db_url.encode()]
    command += [a if isinstance(a, bytes) else a.encode() for a in args]
    done = subprocess.run(command, capture_output=True, timeout=60)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"psoas: error: ") and done.stderr.count(b"\n") == 1

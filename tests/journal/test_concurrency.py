"""Writers wait, not fail: concurrent first use, CLI imports next to API writers and page reads.

Run on SQLite and on PostgreSQL (``db_url`` is parametrised over both). Every write the server or
the CLI acknowledged must be in the database afterwards, and no request or command may fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.hardening.server import serve

from psoas.journal.service import Journal

pytestmark = pytest.mark.slow  # real servers, subprocesses or many generated cases

FIRST_USE_TRIALS = {"sqlite": 5, "postgresql": 3}  # a PostgreSQL trial creates a database
WRITERS = 4
READERS = 2
IMPORTS = 3
ENTRIES_PER_IMPORT = 8_000


def _psoas(db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "psoas", "--db", db_url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _fresh(db_url: str, trial: int) -> str:
    if db_url.startswith("sqlite"):
        return db_url.replace(".sqlite3", f"-{trial}.sqlite3")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    name = f"{url.database}_{trial}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def test_first_use_by_three_cli_writers_at_once(db_url: str) -> None:
    for trial in range(FIRST_USE_TRIALS["sqlite" if db_url.startswith("sqlite") else "postgresql"]):
        url = _fresh(db_url, trial)
        writers = [_psoas(url, "log", "pain", f"knee:left={i + 1}") for i in range(3)]
        results = [w.communicate(timeout=120) for w in writers]
        codes = [w.returncode for w in writers]
        assert codes == [0, 0, 0], [err for _out, err in results]
        with Journal(url) as journal:
            assert [p["name"] for p in journal.list_people()] == ["me"]
            assert sorted(h["intensity"] for h in journal.history(None)) == [1, 2, 3]


def _export(path: Path, name: str) -> None:
    entries = [
        {
            "at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            "region": "neck",
            "side": "center",
        }
        | {"intensity": i % 11, "sensations": [], "note": ""}
        for i in range(ENTRIES_PER_IMPORT)
    ]
    person = {"name": name, "created_at": "2025-01-01T00:00:00Z", "assessments": [], "programs": []}
    person |= {"pain": entries, "practice": [], "visits": [], "reminders": []}
    data = {"format": "psoas-journal", "format_version": 1, "exported_at": "2026-01-01T00:00:00Z"}
    path.write_text(json.dumps(data | {"people": [person]}), encoding="utf-8")


def _writer(
    base: str, pid: int, stop: threading.Event, acked: list[int], errors: list[str], waits: list[float]
) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        i = 0
        while not stop.is_set():
            body = {"entries": [{"region": "knee", "side": "left", "intensity": i % 11}], "note": f"w{i}"}
            started = time.monotonic()
            response = client.post(f"/api/v1/people/{pid}/pain", json=body)
            waits.append(time.monotonic() - started)
            if response.status_code == 201:
                acked.extend(response.json()["ids"])
            else:
                errors.append(f"write {response.status_code}")
            i += 1


def _reader(base: str, pid: int, stop: threading.Event, errors: list[str], count: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            for path in (f"/people/{pid}/diary", f"/api/v1/people/{pid}/entries", "/api/v1/people"):
                status = client.get(path).status_code
                count.append(1)
                if status != 200:
                    errors.append(f"read {path} {status}")


def test_cli_imports_api_writers_and_page_reads_together(db_url: str, tmp_path: Path) -> None:
    exports = []
    for k in range(IMPORTS):
        _export(tmp_path / f"import-{k}.json", f"Imported {k}")
        exports.append(tmp_path / f"import-{k}.json")
    with serve(db_url) as server:
        pid = httpx.post(server.base + "/api/v1/people", json={"name": "Writer"}).json()["id"]
        stop = threading.Event()
        acked: list[int] = []
        errors: list[str] = []
        reads: list[int] = []
        waits: list[float] = []
        writer_args = (server.base, pid, stop, acked, errors, waits)
        threads = [threading.Thread(target=_writer, args=writer_args) for _ in range(WRITERS)]
        threads += [
            threading.Thread(target=_reader, args=(server.base, pid, stop, errors, reads))
            for _ in range(READERS)
        ]
        for thread in threads:
            thread.start()
        try:
            for path in exports:
                command = _psoas(db_url, "import", str(path))
                out, err = command.communicate(timeout=300)
                assert command.returncode == 0, err
            time.sleep(1.0)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
    print(f"{len(acked)} acknowledged writes, {len(reads)} reads, longest write {max(waits):.2f} s")
    assert errors == []
    assert len(acked) > 50 and len(reads) > 20
    assert max(waits) < 15, f"a write waited {max(waits):.1f} s"  # the busy timeout is 30 s
    with Journal(db_url) as journal:
        stored = {h["id"] for h in journal.history("Writer") if h["kind"] == "pain"}
        assert set(acked) <= stored and len(stored) == len(acked)
        for k in range(IMPORTS):
            assert len(journal.history(f"Imported {k}")) == ENTRIES_PER_IMPORT


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("PSOAS_RATE_LIMIT", "off")

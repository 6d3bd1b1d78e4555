"""The web face over PostgreSQL: the same journey through the API and the pages as on SQLite.

The server comes from ``PSOAS_TEST_PG_URL`` (exported by scripts/with-postgres.sh, which make test
uses); each test gets its own database, dropped afterwards. Without the variable these tests fail
under CI and are skipped elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import KNEE_INTAKE

pytestmark = pytest.mark.postgres


def test_people_assessment_diary_progress_on_postgres(pg_client: Any) -> None:
    pid = pg_client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    saved = pg_client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE)
    assert saved.status_code == 201
    aid = saved.json()["id"]
    assert pg_client.get(f"/api/v1/people/{pid}/assessments/{aid}").json()["intake"] == KNEE_INTAKE
    page = pg_client.get(f"/people/{pid}/assessments/{aid}")
    assert page.status_code == 200 and 'class="wheel"' in page.text
    pain = {"entries": [{"region": "knee", "side": "left", "intensity": 4}]}
    assert pg_client.post(f"/api/v1/people/{pid}/pain", json=pain).status_code == 201
    practice = {"exercise": "constructive_rest", "minutes": 15}
    assert pg_client.post(f"/api/v1/people/{pid}/practice", json=practice).status_code == 201
    progress = pg_client.get(f"/people/{pid}/progress")
    assert progress.status_code == 200 and 'data-region="knee" data-side="left"' in progress.text
    assert pg_client.post("/api/v1/people", json={"name": "Ana"}).status_code == 422

"""The wizard's answers live on the server under a draft id in the address, and results made
without a person can be saved to a new or existing person (only by an account that may)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from tests.web.practice_world import World, build_world
from tests.web.test_pages import _no_flags, _token

from psoas.journal.drafts import Drafts, well_formed
from psoas.web import csrf

D_RE = re.compile(r'name="d" value="([A-Za-z0-9_-]+)"')
MAP = {"pain.knee.left": "6", "weeks": "12", "worse_with": ["stairs"]}
HISTORY = {"sitting_hours_per_day": "9", "activities": "running"}


def _walk(client: Any, token: str, steps: int = 4) -> str:
    """Post steps 1.. with the draft id the pages carry; the address the browser ends at."""
    answer = client.post(
        "/intake/flags", data={"age": "44", "sex": "female", **_no_flags(), "csrf_token": token}
    )
    for url, fields in (("/intake/map", MAP), ("/intake/history", HISTORY), ("/intake/tests", {}))[
        : steps - 1
    ]:
        assert answer.status_code == 303, answer.text[:300]
        page = client.get(answer.headers["location"]).text
        draft_id = D_RE.search(page)
        assert draft_id
        answer = client.post(url, data={**fields, "d": draft_id.group(1), "csrf_token": token})
    assert answer.status_code == 303, answer.text[:300]
    return str(answer.headers["location"])


@pytest.fixture
def plain(client: Any) -> Any:
    client.follow_redirects = False
    return client


def test_each_step_redirects_to_an_address_that_shows_the_answers_again(plain: Any) -> None:
    token = _token(plain, "/intake")
    url = _walk(plain, token, steps=2)
    assert re.fullmatch(r"/intake/history\?d=[A-Za-z0-9_-]{22}", url)
    draft_id = url.split("=", 1)[1]
    for _ in range(2):  # a second tab, then a reload: the same answers each time
        history = plain.get(url)
        assert history.status_code == 200 and 'action="/intake/history"' in history.text
    back = plain.get(f"/intake/map?d={draft_id}").text
    assert re.search(r'value="6" id="[^"]*" name="pain\.knee\.left"', back)
    assert 'name="weeks"' in back and 'value="12"' in back
    flags = plain.get(f"/intake?d={draft_id}").text
    assert 'value="44"' in flags and 'value="female" selected' in flags
    assert flags.count('value="no" checked') == len(_no_flags())


def test_an_unknown_or_malformed_draft_id_is_404_with_words(plain: Any) -> None:
    for url in ("/intake/map?d=" + "A" * 22, "/intake/map?d=../../etc", "/intake/history", "/intake?d=x"):
        answer = plain.get(url)
        assert answer.status_code == 404 and "start the assessment again" in answer.text
    assert plain.get("/intake/nowhere?d=" + "A" * 22).status_code == 404


def test_drafts_belong_to_their_account_and_expire(app: Any) -> None:
    drafts = Drafts(app.state.services.journal)
    draft_id = drafts.keep(None, 7, None, "map", {"person": {"age": 40}})
    assert well_formed(draft_id)
    assert drafts.find(draft_id, 7) is not None
    assert drafts.find(draft_id, 8) is None  # another account never sees it
    other = drafts.keep(draft_id, 8, None, "map", {"person": {"age": 50}})
    assert other != draft_id and drafts.find(draft_id, 7).content == {"person": {"age": 40}}  # type: ignore[union-attr]
    from psoas.journal import drafts as module

    real = module._now
    module._now = lambda: real() + timedelta(hours=module.DRAFT_HOURS + 1)  # type: ignore[assignment]
    try:
        assert drafts.find(draft_id, 7) is None
        drafts.keep(None, 9, None, "map", {})  # writing removes every expired draft
    finally:
        module._now = real  # type: ignore[assignment]
    assert drafts.find(draft_id, 7) is None and drafts.find(other, 8) is None


def _results(plain: Any) -> tuple[str, str]:
    token = _token(plain, "/intake")
    url = _walk(plain, token)
    assert url.startswith("/intake/results?d=")
    return url, token


def test_results_without_a_person_save_to_a_new_person_with_onward_links(plain: Any) -> None:
    url, token = _results(plain)
    page = plain.get(url).text
    assert 'id="save-new"' in page and 'id="plan-trial"' not in page
    saved = plain.post("/intake/save", data={"d": url.split("=", 1)[1], "name": "Noor", "csrf_token": token})
    assert saved.status_code == 303
    location = saved.headers["location"]
    pid = int(location.split("/")[2])
    stored = plain.get(f"/api/v1/people/{pid}/assessments").json()
    assert len(stored) == 1 and location.endswith(f"/assessments/{stored[0]['id']}")
    result_page = plain.get(location).text
    for link in (f"/people/{pid}/program", f"/people/{pid}/trial"):
        assert f'href="{link}"' in result_page
        assert plain.get(link).status_code == 200
    assert plain.get(f"/people/{pid}/diary").status_code == 200
    assert plain.get(url).status_code == 404  # the draft is gone once saved


def test_results_save_to_an_existing_person_and_refuse_nonsense(plain: Any) -> None:
    pid = plain.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    url, token = _results(plain)
    draft_id = url.split("=", 1)[1]
    assert f'<option value="{pid}">Ana</option>' in plain.get(url).text
    neither = plain.post("/intake/save", data={"d": draft_id, "csrf_token": token})
    assert neither.status_code == 422 and "person_id" in neither.text and 'id="save-error"' in neither.text
    assert (
        plain.post("/intake/save", data={"d": draft_id, "person_id": "999", "csrf_token": token}).status_code
        == 404
    )
    taken = plain.post("/intake/save", data={"d": draft_id, "name": "Ana", "csrf_token": token})
    assert taken.status_code == 422 and "already exists" in taken.text
    saved = plain.post("/intake/save", data={"d": draft_id, "person_id": str(pid), "csrf_token": token})
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/people/{pid}/assessments/")
    assert (
        plain.post(
            "/intake/save", data={"d": draft_id, "person_id": str(pid), "csrf_token": token}
        ).status_code
        == 404
    )


@pytest.fixture
def world(tmp_path: Any) -> Iterator[World]:
    built = build_world(f"sqlite:///{tmp_path / 'practice.sqlite3'}")
    yield built
    built.close()


def _form(world: World, client: Any, **fields: str) -> dict[str, str]:
    token = csrf.new_token()
    client.cookies.set(csrf.COOKIE_NAME, token)
    return {csrf.FIELD_NAME: csrf.sign(world.app.state.csrf_secret, token), **fields}


def test_with_accounts_a_client_saves_only_to_themselves_and_drafts_stay_private(world: World) -> None:
    a, b = world.clients["client_a"], world.clients["client_b"]
    answer = a.post("/intake/flags", data=_form(world, a, age="30", **_no_flags()))
    assert answer.status_code == 303
    draft_id = answer.headers["location"].split("=", 1)[1]
    assert a.get(answer.headers["location"]).status_code == 200
    assert b.get(answer.headers["location"]).status_code == 404  # another account: not found
    assert world.clients["therapist_a"].get(answer.headers["location"]).status_code == 404
    finished = a.post("/intake/tests", data=_form(world, a, d=draft_id))
    assert finished.status_code == 303 and finished.headers["location"].startswith("/intake/results?d=")
    page = a.get(finished.headers["location"]).text
    own = world.ids["person_a"]
    assert 'id="save-new"' not in page and f'<option value="{own}">' in page
    assert f'<option value="{world.ids["person_b"]}">' not in page
    refused = a.post("/intake/save", data=_form(world, a, d=draft_id, name="Someone"))
    assert refused.status_code == 403
    other = a.post("/intake/save", data=_form(world, a, d=draft_id, person_id=str(world.ids["person_b"])))
    assert other.status_code == 404
    before = len(world.app.state.services.assessments(own))
    saved = a.post("/intake/save", data=_form(world, a, d=draft_id, person_id=str(own)))
    assert saved.status_code == 303 and len(world.app.state.services.assessments(own)) == before + 1

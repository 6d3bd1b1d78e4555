"""People on the web: rename, the delete confirmation, the name search, the person page in words
(assessments, times, reminders), and the programme's sides agreeing with the player's."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import KNEE_INTAKE

TOKEN_RE = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def _token(client: Any, url: str = "/people") -> str:
    match = TOKEN_RE.search(client.get(url).text)
    assert match, f"no CSRF field on {url}"
    return match.group(1)


def _add(client: Any, name: str) -> int:
    answer = client.post("/api/v1/people", json={"name": name})
    assert answer.status_code == 201
    return int(answer.json()["id"])


def test_rename_through_the_page_and_a_taken_name_is_refused_naming_the_field(client: Any) -> None:
    pid = _add(client, "Ana")
    _add(client, "Bob")
    form = client.get(f"/people/{pid}/rename")
    assert form.status_code == 200 and 'value="Ana"' in form.text
    token = _token(client, f"/people/{pid}/rename")
    taken = client.post(f"/people/{pid}/rename", data={"name": "bob", "csrf_token": token})
    assert taken.status_code == 422
    assert "name: a person called &#39;Bob&#39; already exists" in taken.text
    empty = client.post(f"/people/{pid}/rename", data={"name": "  ", "csrf_token": token})
    assert empty.status_code == 422 and "name: a name needs 1-120 printable characters" in empty.text
    done = client.post(
        f"/people/{pid}/rename", data={"name": " Ana María ", "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/people/{pid}"
    assert client.get(f"/api/v1/people/{pid}").json()["name"] == "Ana María"
    assert "<h1>Ana María</h1>" in client.get(f"/people/{pid}").text


def test_rename_through_the_api(client: Any) -> None:
    pid = _add(client, "Ana")
    _add(client, "Bob")
    renamed = client.patch(f"/api/v1/people/{pid}", json={"name": "Anna"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Anna"
    assert renamed.json()["id"] == pid
    taken = client.patch(f"/api/v1/people/{pid}", json={"name": "BOB"})
    assert taken.status_code == 422
    assert taken.json()["detail"][0]["field"] == "name"
    assert client.patch(f"/api/v1/people/{pid}", json={"name": "x", "age": 3}).status_code == 422
    assert client.patch("/api/v1/people/999999", json={"name": "Zed"}).status_code == 404
    assert [p["name"] for p in client.get("/api/v1/people").json()] == ["Anna", "Bob"]


def test_delete_asks_first_and_says_what_goes(client: Any) -> None:
    pid = _add(client, "Ana")
    keep = _add(client, "Bob")
    client.post(
        f"/api/v1/people/{pid}/pain", json={"entries": [{"region": "knee", "side": "left", "intensity": 4}]}
    )
    client.post(f"/api/v1/people/{pid}/pain", json={"entries": [{"region": "low_back", "intensity": 3}]})
    client.post(f"/api/v1/people/{pid}/visits", json={"kind": "massage"})
    ask = client.get(f"/people/{pid}/delete")
    assert ask.status_code == 200
    assert "<li>2 pain ratings</li>" in ask.text and "<li>1 visit</li>" in ask.text
    assert "assessment" not in ask.text.split('id="what-goes"')[1].split("</section>")[0]  # none stored
    token = _token(client, f"/people/{pid}/delete")
    refused = client.post(
        f"/people/{pid}/delete", data={"confirm": "delete", "csrf_token": token, "back": "people"}
    )
    assert refused.status_code == 422 and client.get(f"/api/v1/people/{pid}").status_code == 200
    gone = client.post(
        f"/people/{pid}/delete",
        data={"confirm": "DELETE", "csrf_token": token, "back": "people"},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/people?deleted=1"
    assert client.get(f"/api/v1/people/{pid}").status_code == 404
    listed = client.get("/people?deleted=1").text
    assert "have been deleted" in listed and f'href="/people/{keep}"' in listed and "Ana" not in listed


def test_delete_of_a_profile_with_nothing_logged_says_so(client: Any) -> None:
    pid = _add(client, "Ana")
    assert "only the profile goes" in client.get(f"/people/{pid}/delete").text


def test_people_search_is_by_name_words_and_case_blind(client: Any) -> None:
    for name in ("Ana Lima", "Dana", "Bob", "Ánne"):
        _add(client, name)
    found = client.get("/people", params={"q": "ANA"}).text
    assert ">Ana Lima<" in found and ">Dana<" in found and ">Bob<" not in found
    assert "2 of 4 people match" in found
    assert ">Ana Lima<" in client.get("/people", params={"q": "lima ana"}).text
    assert ">Dana<" not in client.get("/people", params={"q": "lima ana"}).text
    none = client.get("/people", params={"q": "<zed>"}).text
    assert "No one’s name contains “&lt;zed&gt;”" in none and "<zed>" not in none
    assert [p["name"] for p in client.get("/api/v1/people", params={"q": "bo"}).json()] == ["Bob"]
    assert len(client.get("/api/v1/people").json()) == 4


def test_the_search_box_shows_only_when_there_is_someone_to_find(client: Any) -> None:
    _add(client, "Ana")
    assert 'role="search"' not in client.get("/people").text
    _add(client, "Bob")
    assert 'role="search"' in client.get("/people").text


def test_person_page_lists_assessments_in_words_and_times_say_utc(client: Any) -> None:
    pid = _add(client, "Ana")
    saved = client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE)
    assert saved.status_code == 201
    page = client.get(f"/people/{pid}").text
    listing = page.split('<ul class="assessments">')[1].split("</ul>")[0]
    assert "pain: left knee" in listing
    assert "Leading cause: " in listing and "%" in listing
    stamp = re.search(r'<time class="local-time" datetime="([0-9T:.-]+Z)">([^<]+)</time>', listing)
    assert stamp, listing
    assert stamp.group(2).endswith(" UTC") and re.match(
        r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", stamp.group(2)
    )
    shown = re.sub(r'datetime="[^"]*"', "", page.split("<main")[1])  # the words, not the machine attribute
    assert not re.search(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d", shown)  # no bare ISO times
    assert '<script src="/static/time.js"></script>' in page
    assert client.get("/static/time.js").status_code == 200


def test_a_new_profile_is_not_due_for_a_visit_on_day_0(client: Any) -> None:
    pid = _add(client, "Ana")
    reminders = {r["kind"]: r for r in client.get(f"/api/v1/people/{pid}/reminders").json()}
    assert reminders["visit"]["due"] is False
    page = client.get(f"/people/{pid}").text
    visit_line = next(line for line in page.splitlines() if "Maintenance release visit" in line)
    assert "due" not in visit_line.split("Maintenance release visit")[1].split("</li>")[0]
    assert "next on " in visit_line


def test_the_programme_and_the_player_agree_on_sides(client: Any) -> None:
    pid = _add(client, "Ana")
    client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE)
    items = client.get(f"/api/v1/people/{pid}/program").json()["program"]["items"]
    exercises = {e["id"]: e for e in client.get("/api/v1/exercises").json()}
    one_sided = [
        i for i in items if exercises[i["exercise"]].get("sided") and len(set(i["sides"]) - {"center"}) == 1
    ]
    assert one_sided, "the knee intake's programme has a one-sided stretch"
    item = one_sided[0]
    side = next(s for s in item["sides"] if s != "center")
    program = client.get(f"/people/{pid}/program").text
    assert "sides:" not in program and f"{side} side only" in program
    player = client.get(f"/play/{item['exercise']}", params={"person": pid}).text
    assert f'data-sides="{side}"' in player and f"{side} side only" in player
    anonymous = client.get(f"/play/{item['exercise']}").text  # no programme: both sides
    assert 'data-sides="left,right"' in anonymous and "both sides" in anonymous


def test_the_next_test_is_described_in_words_not_bits(client: Any) -> None:
    pid = _add(client, "Ana")
    aid = client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE).json()["id"]
    page = client.get(f"/people/{pid}/assessments/{aid}").text
    block = page.split('id="next-test"')[1].split("</section>")[0]
    assert "bits" not in block and "its result would" in block
    stored = client.get(f"/api/v1/people/{pid}/assessments/{aid}").json()
    assert isinstance(
        stored["result"]["next_tests"][0]["information_gain_bits"], float
    )  # the API keeps the number

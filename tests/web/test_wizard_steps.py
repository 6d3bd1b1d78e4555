"""The intake wizard keeps every answer: Back on steps 2-4, and a step that fails its checks.

Each page is read the way a browser would submit it (``_posted``: the successful controls of the
wizard form), so the checks are on what the person would send next, not on markup details.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from tests.web.conftest import KNEE_INTAKE
from tests.web.test_pages import _draft, _no_flags, _token

from psoas.knowledge import vocab
from psoas.web import forms


class _FormReader(HTMLParser):
    """Collect what the wizard form would post, and the body-map shapes' aria-pressed state."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.pressed: dict[tuple[str, str], list[str]] = {}
        self.buttons: list[dict[str, str]] = []
        self._select: str | None = None
        self._option_value: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "wizard" in a.get("class", ""):
            self._in_form = True
        if "region" in a.get("class", "").split():
            self.pressed.setdefault((a["data-region"], a["data-side"]), []).append(a["aria-pressed"])
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.setdefault(a["name"], []).append(a.get("value") or "on")
            elif kind != "hidden" or a["name"] != "csrf_token":
                self.fields.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select" and a.get("name"):  # a select without a name is never posted
            self._select = a["name"]
            self.fields[a["name"]] = []
        elif tag == "option" and self._select is not None:
            if not self.fields[self._select] or "selected" in a:
                self.fields[self._select] = [a.get("value", "")]
        elif tag == "button":
            self.buttons.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def _read(html: str) -> _FormReader:
    reader = _FormReader()
    reader.feed(html)
    return reader


def _posted(html: str) -> dict[str, list[str]]:
    """The non-blank fields the page's wizard form would post (hidden draft and its id left out)."""
    fields = _read(html).fields
    return {k: sorted(v) for k, v in fields.items() if k not in ("draft", "d") and any(v)}


MAP_FORM = {
    "pain.knee.left": "7",
    "pain.low_back.center": "3",
    "side.low_back": "left",
    "weeks": "30",
    "onset": "gradual",
    "worse_with": ["stairs", "sitting"],
    "sensations": ["ache"],
}
HISTORY_FORM = {
    "sitting_hours_per_day": "8",
    "activities": "basketball, golf",
    "injury_region": "ankle",
    "injury_side": "left",
    "injury_weeks_ago": "20",
    "injury_mechanism": "twist",
}
TESTS_FORM = {
    "test.thomas.left.hip_angle_deg": "10",
    "test.thomas.left.knee_angle_deg": "85",
    "test.thomas.left.thigh_abducts": "on",
    "test.thomas.right.result": "negative",
}


def _as_lists(form: dict[str, Any]) -> dict[str, list[str]]:
    """A form as sorted lists (the page lists checkboxes in its own order)."""
    return {k: sorted(v) if isinstance(v, list) else [v] for k, v in form.items()}


def _sorted_lists(value: Any) -> Any:
    """Lists of words in a fixed order (aggravators come back in the page's order)."""
    if isinstance(value, dict):
        return {k: _sorted_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_lists(v) for v in value]
        return sorted(items) if all(isinstance(v, str) for v in items) else items
    return value


class Wizard:
    """Walk the wizard the way the pages do: post a step's fields with the page's draft."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.token = _token(client, "/intake")
        self.html = ""

    def post(self, url: str, fields: dict[str, Any], status: int = 200) -> str:
        data = {**fields, "csrf_token": self.token}
        if self.html:  # the server's copy (d) and the page's own, as the browser would post them
            data["draft"] = json.dumps(_draft(self.html))
            data["d"] = _read(self.html).fields.get("d", [""])[0]
        response = self.client.post(url, data=data)
        assert response.status_code == status, response.text[:500]
        self.html = response.text
        return self.html

    def to_tests(self) -> None:
        self.post("/intake/flags", {"age": "54", "sex": "male", "height_cm": "183", **_no_flags()})
        self.post("/intake/map", MAP_FORM)
        self.post("/intake/history", HISTORY_FORM)
        assert 'action="/intake/tests"' in self.html


def test_back_from_each_step_shows_the_previous_one_filled_in(client: Any) -> None:
    wizard = Wizard(client)
    wizard.to_tests()
    # Back from the self-tests: their answers travel in the draft, history is filled in again
    history_page = wizard.post("/intake/tests/back", TESTS_FORM)
    assert 'action="/intake/history"' in history_page
    assert _posted(history_page) == _as_lists(HISTORY_FORM)
    assert _draft(history_page)["tests"]["thomas"]["left"] == {
        "hip_angle_deg": 10.0,
        "knee_angle_deg": 85.0,
        "thigh_abducts": True,
    }
    # Back from history: the body map with its regions, sliders, side and pain details
    map_page = wizard.post("/intake/history/back", HISTORY_FORM)
    assert 'action="/intake/map"' in map_page
    assert _posted(map_page) == _as_lists(MAP_FORM)
    pressed = _read(map_page).pressed
    assert pressed[("knee", "left")] == ["true", "true"]  # front and back views
    assert pressed[("low_back", "center")] == ["true"]
    assert set(pressed[("knee", "right")]) == {"false"}
    # Back from the map: age, sex, height and every red-flag answer
    flags_page = wizard.post("/intake/map/back", MAP_FORM)
    assert 'action="/intake/flags"' in flags_page
    assert _posted(flags_page) == _as_lists({"age": "54", "sex": "male", "height_cm": "183", **_no_flags()})
    # and forward again: later steps come back as they were left
    map_again = wizard.post("/intake/flags", {"age": "55", "sex": "male", **_no_flags()})
    assert _posted(map_again) == _as_lists(MAP_FORM)
    assert _draft(map_again)["person"] == {"age": 55, "sex": "male"}
    assert _posted(wizard.post("/intake/map", MAP_FORM)) == _as_lists(HISTORY_FORM)
    assert _posted(wizard.post("/intake/history", HISTORY_FORM)) == _as_lists(TESTS_FORM)


def test_going_back_and_on_gives_the_same_assessment_as_going_straight(client: Any) -> None:
    straight = Wizard(client)
    straight.to_tests()
    direct = _draft(straight.html)
    wandering = Wizard(client)
    wandering.to_tests()
    wandering.post("/intake/tests/back", {})
    wandering.post("/intake/history/back", HISTORY_FORM)
    wandering.post("/intake/map", _posted(wandering.html))  # resubmit the map exactly as shown
    wandering.post("/intake/history", _posted(wandering.html))
    assert _sorted_lists(_draft(wandering.html)) == _sorted_lists(direct)
    assert "tests" not in direct


def test_back_with_cleared_tests_forgets_them(client: Any) -> None:
    wizard = Wizard(client)
    wizard.to_tests()
    wizard.post("/intake/tests/back", TESTS_FORM)
    wizard.post("/intake/history", HISTORY_FORM)
    assert _posted(wizard.html) == _as_lists(TESTS_FORM)
    wizard.post("/intake/tests/back", {})  # the person blanked every test before going back
    assert "tests" not in _draft(wizard.html)


def test_steps_two_to_four_have_a_back_button_and_step_one_has_none(client: Any) -> None:
    wizard = Wizard(client)
    assert not any(b.get("formaction") for b in _read(client.get("/intake").text).buttons)
    wizard.post("/intake/flags", {"age": "54", **_no_flags()})
    for step, follow in (("map", MAP_FORM), ("history", HISTORY_FORM), ("tests", None)):
        buttons = _read(wizard.html).buttons
        submits = [b for b in buttons if b.get("type") == "submit"]
        assert submits[0].get("class") == "primary" and "formaction" not in submits[0]  # Enter goes on
        assert [b["formaction"] for b in submits[1:]] == [f"/intake/{step}/back"]
        if follow is not None:
            wizard.post(f"/intake/{step}", follow)


def test_back_needs_the_csrf_token_and_a_known_step(client: Any) -> None:
    token = _token(client, "/intake")
    assert client.post("/intake/map/back", data={"draft": "{}"}).status_code == 403
    response = client.post("/intake/flags/back", data={"draft": "{}", "csrf_token": token})
    assert response.status_code == 404
    response = client.post("/intake/nowhere/back", data={"draft": "{}", "csrf_token": token})
    assert response.status_code == 404


def test_back_with_a_bad_answer_stays_and_names_the_field(client: Any) -> None:
    wizard = Wizard(client)
    wizard.to_tests()
    wizard.post("/intake/tests/back", {})
    page = wizard.post("/intake/history/back", {**HISTORY_FORM, "sitting_hours_per_day": "30"}, status=422)
    assert "history.sitting_hours_per_day" in page
    assert 'action="/intake/history"' in page
    assert _posted(page) == _as_lists({**HISTORY_FORM, "sitting_hours_per_day": "30"})


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"weeks": "-3"}, "pain[0].weeks"),
        ({"weeks": "a while"}, "pain.weeks"),
        ({"onset": "slowly"}, "onset"),
    ],
)
def test_map_error_keeps_regions_sliders_and_details(client: Any, bad: dict[str, str], field: str) -> None:
    wizard = Wizard(client)
    wizard.post("/intake/flags", {"age": "54", **_no_flags()})
    page = wizard.post("/intake/map", {**MAP_FORM, **bad}, status=422)
    assert 'role="alert"' in page and field in page
    shown = {**MAP_FORM, **bad}
    if "onset" in bad:  # not one of the choices: the select falls back to "not sure"
        del shown["onset"]
    assert _posted(page) == _as_lists(shown)
    reader = _read(page)
    assert reader.fields["pain.knee.left"] == ["7"] and reader.fields["pain.low_back.center"] == ["3"]
    assert reader.fields["side.low_back"] == ["left"]
    assert reader.pressed[("knee", "left")] == ["true", "true"]
    assert reader.pressed[("low_back", "center")] == ["true"]
    assert "data-empty hidden" in page


@pytest.mark.parametrize(
    ("url", "fields", "bad", "field"),
    [
        (
            "/intake/flags",
            {"age": "54", "sex": "female", **_no_flags()},
            {"height_cm": "tall"},
            "person.height_cm",
        ),
        ("/intake/history", HISTORY_FORM, {"injury_weeks_ago": ""}, "history.injury.weeks_ago"),
        ("/intake/tests", TESTS_FORM, {"test.thomas.right.knee_angle_deg": "bent"}, "tests.thomas.right"),
    ],
)
def test_any_step_error_keeps_what_was_entered(
    client: Any, url: str, fields: dict[str, Any], bad: dict[str, str], field: str
) -> None:
    wizard = Wizard(client)
    if url != "/intake/flags":
        wizard.post("/intake/flags", {"age": "54", **_no_flags()})
        wizard.post("/intake/map", MAP_FORM)
        if url == "/intake/tests":
            wizard.post("/intake/history", HISTORY_FORM)
    page = wizard.post(url, {**fields, **bad}, status=422)
    assert field in page
    expected = {k: v for k, v in _as_lists({**fields, **bad}).items() if any(v)}
    assert _posted(page) == expected


def test_intake_to_form_is_the_inverse_of_the_form_readers() -> None:
    fields = forms.intake_to_form(KNEE_INTAKE)
    assert forms.person_from_form(fields) == KNEE_INTAKE["person"]
    assert forms.flags_from_form(fields)[0] == KNEE_INTAKE["red_flags"]
    assert forms.pain_from_form(fields) == KNEE_INTAKE["pain"]
    assert forms.history_from_form(fields) == KNEE_INTAKE["history"]
    assert forms.tests_from_form(fields) == {
        "thomas": {"left": {"hip_angle_deg": 10, "knee_angle_deg": 85}, "right": {"result": "negative"}}
    }


def test_chosen_regions_ignores_unknown_and_impossible_keys() -> None:
    form = {
        "pain.knee.left": ["11"],
        "pain.low_back.left": ["4"],  # midline shapes are "center"; the side is chosen separately
        "pain.elbowz.left": ["4"],
        "pain.hip.right": [""],
        "pain.neck.center": ["lots"],
        "side.neck": ["right"],
    }
    chosen = forms.chosen_regions(form)
    assert sorted((c["key"], c["intensity"], c["midline_side"] or "") for c in chosen) == [
        ("knee.left", 10, ""),
        ("neck.center", 5, "right"),
    ]
    assert all(c["region"] in vocab.REGIONS for c in chosen)

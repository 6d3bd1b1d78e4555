"""The warning-sign step: every question needs yes, no or not sure; "not sure" reaches the screening."""

from __future__ import annotations

import html
from typing import Any

from tests.web.test_pages import _draft, _no_flags, _token

from psoas.knowledge import vocab


def _post(client: Any, fields: dict[str, str]) -> Any:
    return client.post("/intake/flags", data={**fields, "csrf_token": _token(client, "/intake")})


def test_the_step_offers_yes_no_and_not_sure_for_every_question(client: Any) -> None:
    page = client.get("/intake").text
    for flag in vocab.RED_FLAGS:
        for answer in ("yes", "no", "unsure"):
            assert f'name="flag.{flag}" value="{answer}"' in page
    assert page.count("Not sure</label>") == len(vocab.RED_FLAGS)


def test_unanswered_questions_bring_the_step_back_naming_them(client: Any) -> None:
    fields = _no_flags()
    left = ["weight_loss", "limp"]
    for flag in left:
        del fields[f"flag.{flag}"]
    fields["flag.cancer_history"] = "unsure"
    response = _post(client, {"age": "47", "sex": "female", **fields})
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert 'action="/intake/flags"' in page and "2 still unanswered" in page
    listed = page[page.index('id="unanswered"') : page.index("</ul>", page.index('id="unanswered"'))]
    for flag in left:
        assert vocab.RED_FLAG_QUESTIONS[flag] in listed
    assert vocab.RED_FLAG_QUESTIONS["calf_swelling"] not in listed
    assert page.count('aria-invalid="true"') == 2
    # every answer given is kept: age, sex, the no's and the not sure
    assert 'name="age" type="number" min="8" max="110" required value="47"' in page
    assert 'value="female" selected' in page
    assert 'name="flag.cancer_history" value="unsure" checked' in page
    assert 'name="flag.calf_swelling" value="no" checked' in page


def test_not_sure_about_an_emergency_sign_goes_on_with_a_see_soon_banner(client: Any) -> None:
    fields = {**_no_flags(), "flag.saddle_numbness": "unsure"}
    response = _post(client, {"age": "40", **fields})
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert 'action="/intake/map"' in page  # not the stop page
    assert "See a clinician soon" in page and "not sure" in page
    draft = _draft(response.text)
    assert draft["red_flags_unsure"] == ["saddle_numbness"]
    assert "saddle_numbness" not in draft["red_flags"]


def test_a_yes_to_an_emergency_sign_still_stops(client: Any) -> None:
    response = _post(client, {"age": "40", **_no_flags(), "flag.saddle_numbness": "yes"})
    assert response.status_code == 200 and 'action="/intake/map"' not in response.text


def test_a_yes_that_calls_for_a_clinician_stops_even_with_questions_left(client: Any) -> None:
    response = _post(client, {"age": "40", "flag.chest_symptoms": "yes"})
    assert response.status_code == 200
    assert 'id="stop"' in response.text and 'id="unanswered"' not in response.text


def _stop_form(page: str) -> tuple[str, str]:
    """The stop page's draft id and CSRF token."""
    import re

    draft = re.search(r'name="d" value="([^"]+)"', page)
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert draft and token, "no clearance form on the stop page"
    return draft.group(1), token.group(1)


def test_a_clinicians_check_can_be_recorded_and_the_journey_goes_on(client: Any) -> None:
    """History of cancer with constant night pain stops the journey; a clinician's check lets it go on."""
    fields = {**_no_flags(), "flag.cancer_history": "yes", "flag.night_or_constant_pain": "yes"}
    stopped = _post(client, {"age": "58", **fields})
    page = html.unescape(stopped.text)
    assert 'id="stop"' in page and 'id="clear-form"' in page
    assert vocab.RED_FLAG_QUESTIONS["cancer_history"] in page
    draft_id, token = _stop_form(stopped.text)
    base = {"d": draft_id, "csrf_token": token}
    # nothing ticked, a date in the future, no date: the stop page again, the reason named, nothing recorded
    for bad, field in (
        ({"checked_on": "2026-01-05"}, "cleared"),
        ({"cleared": ["cancer_history", "night_or_constant_pain"], "checked_on": "2999-01-01"}, "checked_on"),
        ({"cleared": ["cancer_history"], "checked_on": ""}, "checked_on"),
    ):
        refused = client.post("/intake/clear", data={**base, **bad})
        assert refused.status_code == 422 and f"{field}:" in html.unescape(refused.text)
        assert 'id="clear-form"' in refused.text
    cleared = {"cleared": ["cancer_history", "night_or_constant_pain"], "checked_on": "2026-10-01"}
    going = client.post("/intake/clear", data={**base, **cleared})
    assert going.status_code == 200 and 'action="/intake/map"' in going.text
    assert _draft(going.text)["red_flags_cleared"] == dict.fromkeys(cleared["cleared"], "2026-10-01")


def test_an_emergency_sign_offers_no_clearance_and_a_forged_one_is_refused(client: Any) -> None:
    fields = {**_no_flags(), "flag.calf_swelling": "yes", "flag.cancer_history": "yes"}
    stopped = _post(client, {"age": "58", **fields})
    assert 'id="stop"' in stopped.text and 'id="clear-form"' not in stopped.text
    other = _post(
        client, {"age": "58", **{**_no_flags(), "flag.cancer_history": "yes", "flag.weight_loss": "yes"}}
    )
    draft_id, token = _stop_form(other.text)
    forged = client.post(
        "/intake/clear",
        data={"d": draft_id, "csrf_token": token, "cleared": ["calf_swelling"], "checked_on": "2026-10-01"},
    )
    assert forged.status_code == 422  # not answered yes in this draft: nothing to clear

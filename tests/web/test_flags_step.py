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

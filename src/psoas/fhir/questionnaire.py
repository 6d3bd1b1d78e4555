"""The intake as a FHIR Questionnaire psoas publishes, and intakes as QuestionnaireResponses.

The item tree mirrors the intake schema v1 (:mod:`psoas.intake.schema`): a linkId is the intake's path
(``person.age``, ``pain.region``, ``tests.thomas.left.hip_angle_deg``); objects are groups, a list
of objects (``pain``) is a repeating group, a list of words is one item with several answers.
Numbers keep their JSON form (an ``int`` stays an ``int``), so intake → response → intake is exact.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from psoas.errors import InputError
from psoas.fhir.codes import QUESTIONNAIRE_URL
from psoas.fhir.items import _TEST_FIELDS, Item, _choice, _num
from psoas.knowledge import vocab


def _pain_items() -> tuple[Item, ...]:
    return (
        _choice("region", vocab.REGIONS),
        _choice("side", vocab.SIDES),
        _num("intensity", "Pain now, 0-10", "integer"),
        _num("weeks", "For how many weeks"),
        _choice("onset", vocab.ONSETS),
        _choice("worse_with", vocab.AGGRAVATORS, repeats=True),
        _choice("sensations", vocab.SENSATIONS, repeats=True),
    )


def _history_items() -> tuple[Item, ...]:
    injury = (
        _choice("region", vocab.REGIONS),
        _choice("side", vocab.SIDES),
        _num("weeks_ago", "How many weeks ago"),
        _choice("mechanism", vocab.INJURY_MECHANISMS),
    )
    return (
        _num("sitting_hours_per_day", "Hours sitting a day"),
        Item("activities", "string", "Activities and sports", repeats=True),
        Item("injury", "group", "An injury", items=injury),
    )


def _test_items() -> tuple[Item, ...]:
    out = []
    for test, fields in _TEST_FIELDS.items():
        sides = tuple(
            Item(side, "group", f"{side} side", items=(_choice("result", ("positive", "negative")), *fields))
            for side in vocab.BODY_SIDES
        )
        out.append(Item(test, "group", test.replace("_", " "), items=sides))
    return tuple(out)


_POSTURE = ("pelvic_tilt_deg", "lumbar_lordosis_deg", "trunk_lean_deg", "ear_shoulder_angle_deg")


@cache
def intake_items() -> tuple[Item, ...]:
    """The item tree of intake schema v1."""
    from psoas.assessment.redflags import QUESTIONS

    person = (
        _num("age", "Age (years)", "integer"),
        _choice("sex", vocab.SEXES),
        _num("height_cm", "Height (cm)"),
        _num("weight_kg", "Weight (kg)"),
    )
    return (
        Item("person", "group", "About you", items=person),
        Item("pain", "group", "Where it hurts", repeats=True, items=_pain_items()),
        Item("history", "group", "History", items=_history_items()),
        Item(
            "red_flags",
            "group",
            "Warning signs",
            items=tuple(Item(f, "boolean", q) for f, q in QUESTIONS.items()),
        ),
        Item("tests", "group", "Self-tests", items=_test_items()),
        Item(
            "posture",
            "group",
            "Posture (side view)",
            items=tuple(_num(k, k.replace("_", " ").replace(" deg", " (degrees)")) for k in _POSTURE),
        ),
    )


def _q_item(item: Item, prefix: str) -> dict[str, Any]:
    link = f"{prefix}{item.key}"
    out: dict[str, Any] = {"linkId": link, "text": item.text or item.key, "type": item.type}
    if item.repeats:
        out["repeats"] = True
    if item.options:
        out["answerOption"] = [{"valueString": o} for o in item.options]
    if item.items:
        out["item"] = [_q_item(child, f"{link}.") for child in item.items]
    return out


def questionnaire() -> dict[str, Any]:
    """The Questionnaire resource psoas publishes for its intake."""
    return {
        "resourceType": "Questionnaire",
        "id": "intake-v1",
        "url": QUESTIONNAIRE_URL,
        "version": "1",
        "name": "PsoasIntake",
        "title": "psoas intake: pain map, history, warning signs, self-tests and posture",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [_q_item(i, "") for i in intake_items()],
    }


_VALUE_KEY = {"integer": "valueInteger", "decimal": "valueDecimal", "boolean": "valueBoolean"}


def _answers(item: Item, value: Any) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    key = _VALUE_KEY.get(item.type, "valueString")
    return [{key: v} for v in values]


def _r_items(items: tuple[Item, ...], data: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    out = []
    for item in items:
        value = data.get(item.key)
        if value is None or value == [] or value == {}:
            continue
        link = f"{prefix}{item.key}"
        if item.type != "group":
            out.append({"linkId": link, "answer": _answers(item, value)})
            continue
        for one in value if item.repeats else [value]:
            if isinstance(one, str):  # a self-test side given as "positive"/"negative"
                one = {"result": one}
            children = _r_items(item.items, one, f"{link}.")
            if children:
                out.append({"linkId": link, "item": children})
    return out


def response_items(intake: dict[str, Any]) -> list[dict[str, Any]]:
    """The QuestionnaireResponse items of one intake."""
    return _r_items(intake_items(), intake, "")


def _answer_value(answer: dict[str, Any], where: str) -> Any:
    for key in ("valueInteger", "valueDecimal", "valueBoolean", "valueString"):
        if key in answer:
            return answer[key]
    if "valueCoding" in answer:
        return answer["valueCoding"].get("code")
    raise InputError(where, "an answer psoas cannot read", "integer, decimal, boolean, string or Coding")


def _intake_from(items: tuple[Item, ...], given: list[Any], prefix: str, where: str) -> dict[str, Any]:
    by_key = {f"{prefix}{i.key}": i for i in items}
    out: dict[str, Any] = {}
    for n, raw in enumerate(given):
        link = raw.get("linkId") if isinstance(raw, dict) else None
        item = by_key.get(str(link))
        if item is None:
            raise InputError(f"{where}.item[{n}]", f"unknown question {link!r} in the psoas intake")
        if item.type == "group":
            child = _intake_from(item.items, list(raw.get("item") or []), f"{link}.", where)
            if item.repeats:
                out.setdefault(item.key, []).append(child)
            else:
                out[item.key] = child
            continue
        values = [_answer_value(a, f"{where}.{link}") for a in raw.get("answer") or []]
        out[item.key] = values if item.repeats else (values[0] if values else None)
    return out


def intake_from_items(items: list[Any], where: str) -> dict[str, Any]:
    """The intake a QuestionnaireResponse's items describe (not yet validated by the schema)."""
    return _intake_from(intake_items(), items, "", where)

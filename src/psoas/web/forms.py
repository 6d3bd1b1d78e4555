"""Turn posted HTML forms into pieces of an intake (schema v1) and diary entries.

A form arrives as ``{name: [values…]}``. Field names follow the intake's paths so that an
error can name them: ``age``, ``flag.<red_flag>`` (yes|no|unsure|blank), ``pain.<region>.<side>``
(intensity 0–10), ``test.<test>.<side>.<field>``. Empty fields mean "not answered" and are left
out; numbers that do not parse raise :class:`psoas.errors.InputError` naming the field.
"""

from __future__ import annotations

from typing import Any

from psoas.errors import InputError
from psoas.knowledge import vocab

Form = dict[str, list[str]]


def first(form: Form, name: str) -> str:
    """The first value of a field, stripped ('' when absent)."""
    values = form.get(name) or [""]
    return values[0].strip()


def number(form: Form, name: str, field: str | None = None, integer: bool = False) -> float | int | None:
    """A number field, or None when blank: plain decimals only (no nan, inf, exponents or 400 digits).

    The range here only keeps the number finite and short; the intake schema checks the real range.
    """
    from psoas.intake.strictjson import number as strict_number

    text = first(form, name)
    if not text:
        return None
    return strict_number(text, field or name, -FORM_NUMBER_LIMIT, FORM_NUMBER_LIMIT, integer=integer)


FORM_NUMBER_LIMIT = 100_000


def person_from_form(form: Form) -> dict[str, Any]:
    """The ``person`` block: age is required, the rest optional."""
    age = number(form, "age", "person.age", integer=True)
    if age is None:
        raise InputError("person.age", "please give your age in years", "8-110")
    person: dict[str, Any] = {"age": age}
    sex = first(form, "sex")
    if sex:
        person["sex"] = sex
    for name in ("height_cm", "weight_kg"):
        value = number(form, name, f"person.{name}")
        if value is not None:
            person[name] = value
    return person


FLAG_ANSWERS = ("yes", "no", "unsure")
"""The answers each red-flag question takes on the form ("unsure" is shown as "not sure")."""


def flags_from_form(form: Form) -> tuple[dict[str, bool], list[str], list[str]]:
    """Red-flag answers: (``red_flags`` yes → true / no → false, ``red_flags_unsure``, unanswered ids).

    Anything but yes, no or unsure counts as unanswered; the caller decides whether that may pass.
    """
    answers: dict[str, bool] = {}
    unsure: list[str] = []
    missing: list[str] = []
    for flag in vocab.RED_FLAGS:
        value = first(form, f"flag.{flag}")
        if value in ("yes", "no"):
            answers[flag] = value == "yes"
        elif value == "unsure":
            unsure.append(flag)
        else:
            missing.append(flag)
    return answers, unsure, missing


def pain_from_form(form: Form) -> list[dict[str, Any]]:
    """One pain entry per chosen region and side, sharing the weeks/onset/aggravators/sensations."""
    shared: dict[str, Any] = {}
    weeks = number(form, "weeks", "pain.weeks")
    if weeks is not None:
        shared["weeks"] = weeks
    onset = first(form, "onset")
    if onset:
        shared["onset"] = onset
    worse = [w for w in form.get("worse_with", []) if w]
    if worse:
        shared["worse_with"] = worse
    sensations = [s for s in form.get("sensations", []) if s]
    if sensations:
        shared["sensations"] = sensations
    entries: list[dict[str, Any]] = []
    for key in sorted(form, key=_pain_key_order):
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "pain":
            continue
        _, region, side = parts
        intensity = number(form, key, f"pain.{region}.{side}.intensity", integer=True)
        if intensity is None:
            continue
        chosen_side = side
        if region in vocab.MIDLINE_REGIONS:  # a midline region may hurt on one side only
            chosen_side = first(form, f"side.{region}") or side
        entries.append({"region": region, "side": chosen_side, "intensity": intensity, **shared})
    return entries


def _pain_key_order(key: str) -> tuple[int, str]:
    parts = key.split(".")
    if len(parts) == 3 and parts[1] in vocab.REGIONS:
        return (vocab.REGIONS.index(parts[1]), parts[2])
    return (len(vocab.REGIONS), key)


def history_from_form(form: Form) -> dict[str, Any]:
    """The ``history`` block: sitting hours, activities (comma-separated) and an optional injury."""
    history: dict[str, Any] = {}
    hours = number(form, "sitting_hours_per_day", "history.sitting_hours_per_day")
    if hours is not None:
        history["sitting_hours_per_day"] = hours
    activities = [a.strip() for a in first(form, "activities").split(",") if a.strip()]
    if activities:
        history["activities"] = activities
    region = first(form, "injury_region")
    if region:
        weeks_ago = number(form, "injury_weeks_ago", "history.injury.weeks_ago")
        if weeks_ago is None:
            raise InputError("history.injury.weeks_ago", "how many weeks ago was the injury?", ">= 0")
        injury: dict[str, Any] = {"region": region, "weeks_ago": weeks_ago}
        side = first(form, "injury_side")
        injury["side"] = side or ("center" if region in vocab.MIDLINE_REGIONS else "both")
        mechanism = first(form, "injury_mechanism")
        if mechanism:
            injury["mechanism"] = mechanism
        history["injury"] = injury
    return history


_BOOLEAN_TEST_FIELDS = frozenset({"thigh_abducts", "reproduces_leg_pain"})


def tests_from_form(form: Form) -> dict[str, Any]:
    """The ``tests`` block from ``test.<test>.<side>.<field>`` fields; blank sides are left out."""
    tests: dict[str, dict[str, dict[str, Any]]] = {}
    for key in form:
        parts = key.split(".")
        if len(parts) != 4 or parts[0] != "test":
            continue
        _, test, side, field = parts
        path = f"tests.{test}.{side}.{field}"
        value: Any
        if field in ("result", "method"):  # method: how it was measured (photo, photo_corrected, ...)
            value = first(form, key) or None
        elif field in _BOOLEAN_TEST_FIELDS:
            value = True if first(form, key) in ("on", "yes", "true") else None
        else:
            value = number(form, key, path)
        if value is None:
            continue
        tests.setdefault(test, {}).setdefault(side, {})[field] = value
    return tests


POSTURE_FIELDS = ("trunk_lean_deg", "ear_shoulder_angle_deg")


def posture_from_form(form: Form) -> dict[str, Any]:
    """The ``posture`` block from ``posture.<field>`` fields (the posture photo fills them)."""
    posture: dict[str, Any] = {}
    for name in POSTURE_FIELDS:
        value = number(form, f"posture.{name}", f"posture.{name}")
        if value is not None:
            posture[name] = value
    method = first(form, "posture.method")
    if posture and method:
        posture["method"] = method
    return posture


def practice_from_form(form: Form) -> dict[str, Any]:
    """A practice entry: exercise id, minutes, holds, reps, how it felt."""
    exercise = first(form, "exercise")
    if not exercise:
        raise InputError("exercise", "which exercise did you do?")
    return {
        "exercise_id": exercise,
        "minutes": number(form, "minutes"),
        "holds": number(form, "holds", integer=True),
        "reps": number(form, "reps", integer=True),
        "felt": first(form, "felt"),
    }


# The way back: an intake (or part of one) as the form fields that would have posted it, so a
# wizard step can show earlier answers again. ``Filled`` reads either that or a posted form.


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pain_fields(pain: list[dict[str, Any]]) -> Form:
    fields: Form = {}
    for entry in pain:
        region, side = str(entry.get("region", "")), entry.get("side") or "center"
        if region in vocab.MIDLINE_REGIONS:
            fields[f"side.{region}"] = [str(side)]
            sides = ["center"]
        else:
            sides = ["left", "right"] if side == "both" else [str(side)]
        for one in sides:
            fields[f"pain.{region}.{one}"] = [_text(entry.get("intensity", ""))]
    if pain:  # weeks, onset, aggravators and sensations are shared by every entry
        shared = pain[0]
        for name in ("weeks", "onset"):
            if shared.get(name) is not None:
                fields[name] = [_text(shared[name])]
        for name in ("worse_with", "sensations"):
            fields[name] = [str(v) for v in shared.get(name) or []]
    return fields


def _history_fields(history: dict[str, Any]) -> Form:
    fields: Form = {}
    if history.get("sitting_hours_per_day") is not None:
        fields["sitting_hours_per_day"] = [_text(history["sitting_hours_per_day"])]
    if history.get("activities"):
        fields["activities"] = [", ".join(str(a) for a in history["activities"])]
    injury = history.get("injury") or {}
    for name in ("region", "side", "weeks_ago", "mechanism"):
        if injury.get(name) is not None:
            fields[f"injury_{name}"] = [_text(injury[name])]
    return fields


def _test_fields(tests: dict[str, Any]) -> Form:
    fields: Form = {}
    for test, sides in tests.items():
        for side, reading in (sides or {}).items():
            if isinstance(reading, str):  # the short form: "positive" / "negative"
                reading = {"result": reading}
            for field, value in (reading or {}).items():
                if value is not None and value is not False:
                    fields[f"test.{test}.{side}.{field}"] = [_text(value)]
    return fields


def intake_to_form(draft: dict[str, Any]) -> Form:
    """The form fields of every wizard step that would post ``draft`` again (inverse of the above)."""
    fields: Form = {}
    person = draft.get("person") or {}
    for name in ("age", "sex", "height_cm", "weight_kg"):
        if person.get(name) is not None:
            fields[name] = [_text(person[name])]
    for flag, answer in (draft.get("red_flags") or {}).items():
        if answer is not None:
            fields[f"flag.{flag}"] = ["yes" if answer else "no"]
    for flag in draft.get("red_flags_unsure") or []:
        fields[f"flag.{flag}"] = ["unsure"]
    fields.update(_pain_fields(list(draft.get("pain") or [])))
    fields.update(_history_fields(draft.get("history") or {}))
    fields.update(_test_fields(draft.get("tests") or {}))
    for name, value in (draft.get("posture") or {}).items():
        if value is not None:
            fields[f"posture.{name}"] = [_text(value)]
    return fields


def chosen_regions(form: Form) -> list[dict[str, Any]]:
    """The body-map choices in a form: key, region, side, intensity 0–10 and (midline) chosen side."""
    chosen: list[dict[str, Any]] = []
    for key in sorted(form, key=_pain_key_order):
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "pain" or parts[1] not in vocab.REGIONS:
            continue
        _, region, side = parts
        midline = region in vocab.MIDLINE_REGIONS
        if side not in (("center",) if midline else ("left", "right")):
            continue
        text = first(form, key)
        if not text:
            continue
        try:
            intensity = min(10, max(0, round(float(text))))
        except (ValueError, OverflowError):
            intensity = 5  # the slider's starting point; the error message names the bad field
        chosen.append(
            {
                "key": f"{region}.{side}",
                "region": region,
                "side": side,
                "intensity": intensity,
                "midline_side": (first(form, f"side.{region}") or "center") if midline else None,
            }
        )
    return chosen


class Filled:
    """What a step's fields should show: ``value(name)`` and ``checked(name, value)`` for templates."""

    def __init__(self, form: Form) -> None:
        self.form = form

    def value(self, name: str) -> str:
        return first(self.form, name)

    def checked(self, name: str, value: str = "on") -> bool:
        return value in self.form.get(name, [])

"""The guided intake questionnaire: red flags first, then the pain map, history and every self-test.

The question flow lives here, behind a small :class:`Prompter` interface; a face supplies the terminal (the
CLI's ``psoas intake``) or any other way of asking. Every choice list comes from the vocabulary and every
number's bounds from the intake schema, so nothing here repeats them; the finished intake is validated by
the schema before it is returned.
"""

from __future__ import annotations

from typing import Any, Protocol, get_args

from pydantic import BaseModel

from psoas.assessment.redflags import QUESTIONS, RULES
from psoas.errors import InputError
from psoas.intake import schema
from psoas.knowledge import vocab

MEASURED = "measured"
SKIP = "skip"


class Prompter(Protocol):
    """How a face asks: show a line, ask for text (blank answers return ``default``), ask yes or no."""

    def say(self, text: str, *, alarm: bool = False) -> None: ...

    def ask(self, question: str, default: str = "") -> str: ...

    def confirm(self, question: str) -> bool: ...


def choice(io: Prompter, question: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    """One of ``allowed``, asked again until the answer is one of them."""
    while True:
        answer = io.ask(f"{question} [{'/'.join(allowed)}]", default or "").strip().lower()
        if answer in allowed:
            return answer
        io.say(f"  please answer one of: {', '.join(allowed)}")


def number(
    io: Prompter, question: str, bounds: tuple[float | None, float | None], optional: bool = False
) -> float | None:
    """A number inside ``bounds`` (from the schema), asked again until it is; blank skips when optional."""
    low = -float("inf") if bounds[0] is None else bounds[0]
    high = float("inf") if bounds[1] is None else bounds[1]
    while True:
        raw = io.ask(question).strip()
        if not raw and optional:
            return None
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if low <= value <= high:
            return value
        io.say(f"  please enter a number between {low:g} and {high:g}")


def words(io: Prompter, question: str, allowed: tuple[str, ...]) -> list[str]:
    """Comma-separated words, each one of ``allowed``."""
    while True:
        raw = io.ask(f"{question} (comma-separated: {', '.join(allowed)}; blank for none)")
        answer = [w.strip() for w in raw.split(",") if w.strip()]
        bad = [w for w in answer if w not in allowed]
        if not bad:
            return answer
        io.say(f"  not recognised: {', '.join(bad)}")


def ask_red_flags(io: Prompter) -> dict[str, bool]:
    """Ask every red-flag question; say plainly what to do as soon as an emergency one is answered yes."""
    io.say("First, some safety questions. Answer y or n.")
    emergency = {rule.id for rule in RULES if rule.urgency == "emergency"}
    answers = {}
    for flag, question in QUESTIONS.items():
        answers[flag] = io.confirm(question)
        if answers[flag] and flag in emergency:
            io.say(
                "  This needs medical help today: call your local emergency number or go to an emergency department.",
                alarm=True,
            )
    return answers


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    return schema.field_bounds(model, name)


def ask_pain(io: Prompter) -> list[dict[str, Any]]:
    """Pain entries until a blank region; sides, onsets, aggravators and sensations from the vocabulary."""
    io.say(f"Where does it hurt? Regions: {', '.join(vocab.REGIONS)}. Leave blank when done.")
    entry_model = schema.PainEntry
    entries: list[dict[str, Any]] = []
    while True:
        region = io.ask("Region").strip()
        if not region:
            return entries
        if region not in vocab.REGIONS:
            io.say("  unknown region")
            continue
        midline = region in vocab.MIDLINE_REGIONS
        sides = ("center", *vocab.BODY_SIDES) if midline else (*vocab.BODY_SIDES, "both")
        entry: dict[str, Any] = {
            "region": region,
            "side": choice(io, "Side", sides, default=sides[0] if midline else None),
            "intensity": int(
                number(io, "Pain now, 0 (none) to 10 (worst imaginable)", _bounds(entry_model, "intensity"))
                or 0
            ),
        }
        weeks = number(io, "For how many weeks? (blank if unsure)", _bounds(entry_model, "weeks"), True)
        if weeks is not None:
            entry["weeks"] = weeks
        entry["onset"] = choice(io, "How did it start", vocab.ONSETS, default=vocab.ONSETS[0])
        entry["worse_with"] = words(io, "Worse with", vocab.AGGRAVATORS)
        entry["sensations"] = words(io, "Feels like", vocab.SENSATIONS)
        entries.append(entry)


def self_tests() -> list[tuple[str, type[BaseModel]]]:
    """Every self-test the intake schema knows, with the model of one side's reading."""
    out = []
    for test_id, field in schema.Tests.model_fields.items():
        sides_model = _model_of(field.annotation)
        out.append((test_id, _model_of(sides_model.model_fields["left"].annotation)))
    return out


def _model_of(annotation: Any) -> type[BaseModel]:
    """The model class inside ``Model | None``."""
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise TypeError(f"no model in {annotation!r}")  # pragma: no cover - the schema's own shape


def _ask_side(io: Prompter, title: str, side_model: type[BaseModel]) -> Any:
    """One side of a self-test: a pass/fail result, measured values within the schema's bounds, or nothing."""
    answer = choice(io, title, (*vocab.RESULTS, MEASURED, SKIP))
    if answer in vocab.RESULTS:
        return answer
    if answer == SKIP:
        return None
    reading: dict[str, Any] = {}
    for name, field in side_model.model_fields.items():
        if name in ("result", "method"):
            continue
        words_of = (field.description or name.replace("_", " ")).rstrip(".")
        if bool in get_args(field.annotation):
            reading[name] = io.confirm(f"  {words_of}?")
            continue
        value = number(io, f"  {words_of} (blank to skip)", _bounds(side_model, name), optional=True)
        if value is not None:
            reading[name] = value
    reading["method"] = choice(io, "  Measured with", vocab.METHODS, default=vocab.DEFAULT_METHOD)
    return reading


def ask_tests(io: Prompter) -> dict[str, Any]:
    """Every self-test of the schema: done or not, then each body side."""
    from psoas.knowledge.atlas import load_atlas

    labels = {t.id: t.label for t in load_atlas().tests.values()}
    tests: dict[str, Any] = {}
    for test_id, side_model in self_tests():
        label = labels.get(test_id, test_id.replace("_", " "))
        if not io.confirm(f"Have you done the {label}?"):
            continue
        sides = {}
        for side in vocab.BODY_SIDES:
            reading = _ask_side(io, f"{label}, {side}", side_model)
            if reading is not None:
                sides[side] = reading
        if sides:
            tests[test_id] = sides
    return tests


def ask_person(io: Prompter) -> dict[str, Any]:
    """Age, sex, height and weight, each within the schema's bounds."""
    model = schema.Person
    person: dict[str, Any] = {"age": int(number(io, "Age in years", _bounds(model, "age")) or 0)}
    person["sex"] = choice(io, "Sex", vocab.SEXES, default="other")
    for key, label in (("height_cm", "Height in cm"), ("weight_kg", "Weight in kg")):
        value = number(io, f"{label} (blank to skip)", _bounds(model, key), optional=True)
        if value is not None:
            person[key] = value
    return person


def ask_intake(io: Prompter) -> dict[str, Any]:
    """Run the whole questionnaire; returns a validated intake dict."""
    data: dict[str, Any] = {"red_flags": ask_red_flags(io)}
    io.say("About you.")
    data["person"] = ask_person(io)
    data["pain"] = ask_pain(io)
    history: dict[str, Any] = {}
    sitting = number(
        io, "Hours a day sitting (blank to skip)", _bounds(schema.History, "sitting_hours_per_day"), True
    )
    if sitting is not None:
        history["sitting_hours_per_day"] = sitting
    activities = io.ask("Sports or activities (comma-separated, blank for none)")
    history["activities"] = [a.strip() for a in activities.split(",") if a.strip()]
    data["history"] = history
    data["tests"] = ask_tests(io)
    try:
        schema.parse_intake(data)
    except InputError as exc:  # pragma: no cover - every prompt already checks its own answer
        raise InputError(exc.field, f"questionnaire produced an invalid intake: {exc.reason}") from None
    return data

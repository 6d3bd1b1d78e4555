"""The questionnaire core: asked through a plain prompter (no terminal), every self-test, schema bounds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from psoas.intake import questionnaire, schema
from psoas.knowledge import vocab


class Scripted:
    """A prompter that answers from a list and records what it was asked."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.said: list[tuple[str, bool]] = []

    def _next(self, question: str) -> str:
        self.asked.append(question)
        if not self.answers:
            raise AssertionError(f"no answer left for {question!r}")
        return self.answers.pop(0)

    def say(self, text: str, *, alarm: bool = False) -> None:
        self.said.append((text, alarm))

    def ask(self, question: str, default: str = "") -> str:
        return self._next(question) or default

    def confirm(self, question: str) -> bool:
        return self._next(question) == "y"


def test_the_core_questionnaire_does_not_import_a_terminal_library() -> None:
    source = Path(questionnaire.__file__).read_text(encoding="utf-8")
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert not imported & {"typer", "click", "rich"}, imported


def test_every_self_test_of_the_schema_is_asked() -> None:
    asked = [test_id for test_id, _model in questionnaire.self_tests()]
    assert asked == list(schema.Tests.model_fields)
    io = Scripted(["n"] * len(asked))
    assert questionnaire.ask_tests(io) == {}
    assert len(io.asked) == 4 and all(q.startswith("Have you done the ") for q in io.asked)


def test_measured_readings_are_bounded_by_the_schema_not_by_copied_numbers() -> None:
    lo, hi = schema.field_bounds(schema.KneeExtensionSide, "deficit_deg")
    assert (lo, hi) == (0, 90)
    answers = ["n", "y", "measured", str(hi + 5), "20", "inclinometer", "skip", "n", "n"]
    io = Scripted(answers)
    tests = questionnaire.ask_tests(io)
    assert tests == {"knee_extension_90_90": {"left": {"deficit_deg": 20.0, "method": "inclinometer"}}}
    assert ("  please enter a number between 0 and 90", False) in io.said
    assert io.answers == []
    schema.parse_intake({"person": {"age": 40}, "tests": tests})  # the answer is a valid intake


def test_yes_no_fields_of_a_test_are_confirmed_and_results_taken_as_words() -> None:
    answers = ["n", "n", "y", "measured", "55", "y", "", "positive", "n"]
    tests = questionnaire.ask_tests(Scripted(answers))
    assert tests == {
        "straight_leg_raise": {
            "left": {"angle_deg": 55.0, "reproduces_leg_pain": True, "method": vocab.DEFAULT_METHOD},
            "right": "positive",
        }
    }


@pytest.mark.parametrize("flag", sorted(vocab.EMERGENCY_FLAGS & set(vocab.RED_FLAGS)))
def test_an_emergency_answer_is_flagged_at_once(flag: str) -> None:
    answers = ["y" if f == flag else "n" for f in vocab.RED_FLAGS]
    io = Scripted(answers)
    flags = questionnaire.ask_red_flags(io)
    assert list(flags) == list(vocab.RED_FLAGS)
    assert [text for text, alarm in io.said if alarm] != []

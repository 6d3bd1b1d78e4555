"""Plain words for numbers and moments: a test's expected information, stored UTC moments, days, sides."""

from __future__ import annotations

import datetime

import pytest

from psoas.present import words


@pytest.mark.parametrize(
    ("bits", "expected"),
    [
        (0.5, "its result would settle much of what is still uncertain"),
        (0.3, "its result would settle much of what is still uncertain"),
        (0.12, "its result would settle some of what is still uncertain"),
        (0.08, "its result would settle a little of what is still uncertain"),
        (0.01, "its result would change the picture only slightly"),
        (0.0, "its result would change the picture only slightly"),
    ],
)
def test_information_in_words(bits: float, expected: str) -> None:
    assert words.information_words(bits) == expected


def test_moments_say_utc_and_days_read_as_words() -> None:
    assert words.moment_words("2026-03-05T07:04:09.123456Z") == "5 Mar 2026, 07:04 UTC"
    assert words.moment_words(datetime.datetime(2026, 12, 31, 23, 59)) == "31 Dec 2026, 23:59 UTC"
    assert words.moment_words("") == "" and words.moment_words("not a time") == "not a time"
    assert words.day_words("2027-01-11") == "Mon 11 Jan 2027"
    assert words.day_words(datetime.date(2026, 12, 1)) == "Tue 1 Dec 2026"


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        (["left"], "left side only"),
        (["right", "center"], "right side only"),
        (["left", "right"], "both sides"),
        (["center"], ""),
        ([], ""),
        (None, ""),
    ],
)
def test_sides_in_words(sides: list[str] | None, expected: str) -> None:
    assert words.sides_words(sides) == expected


def test_the_next_test_view_carries_words_and_keeps_the_number() -> None:
    from psoas.assessment.result_types import NextTest
    from psoas.present.assessment_view import next_test_view

    view = next_test_view(NextTest("thomas", "left", 0.08, "Thomas test"))
    assert view.words == "Thomas test on the left"
    assert view.bits_words == "0.08 bits"
    assert view.settles_words == "its result would settle a little of what is still uncertain"

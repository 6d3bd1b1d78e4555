"""Validation of pain tokens, sides, intensities, times and names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas.errors import InputError
from psoas.journal import parse
from psoas.knowledge.vocab import MIDLINE_REGIONS, PAIRED_REGIONS, REGIONS


@given(
    region=st.sampled_from(REGIONS),
    intensity=st.integers(0, 10),
    data=st.data(),
)
def test_every_valid_token_parses_back(region: str, intensity: int, data: st.DataObject) -> None:
    side = data.draw(st.sampled_from(parse.sides_for(region)))
    entry = parse.parse_pain_token(f"{region}:{side}={intensity}")
    assert (entry.region, entry.side, entry.intensity) == (region, side, intensity)


@given(intensity=st.one_of(st.integers(11, 1000), st.integers(-1000, -1)))
def test_out_of_range_intensity_is_refused(intensity: int) -> None:
    with pytest.raises(InputError, match="intensity"):
        parse.parse_pain_token(f"neck={intensity}")


@pytest.mark.parametrize("region", sorted(MIDLINE_REGIONS))
def test_midline_regions_default_to_center(region: str) -> None:
    assert parse.parse_pain_token(f"{region}=3").side == "center"


@pytest.mark.parametrize("region", PAIRED_REGIONS)
def test_paired_regions_need_a_side(region: str) -> None:
    with pytest.raises(InputError) as info:
        parse.parse_pain_token(f"{region}=3")
    assert info.value.allowed == "left, right, both"


@pytest.mark.parametrize(
    ("token", "field"),
    [
        ("knee:up=3", "knee.side"),
        ("neck:both=3", "neck.side"),
        ("knee:left=4.5", "knee.intensity"),
        ("knee:left", "pain"),
        ("=3", "pain"),
        ("torso=3", "region"),
    ],
)
def test_bad_tokens_name_the_field(token: str, field: str) -> None:
    with pytest.raises(InputError) as info:
        parse.parse_pain_token(token)
    assert info.value.field == field


def test_times_are_stored_as_naive_utc() -> None:
    now = datetime(2026, 3, 1, 12, 0)
    assert parse.parse_at("2026-03-01T10:00:00+02:00", now=now) == datetime(2026, 3, 1, 8, 0)
    assert parse.parse_at("2026-03-01T10:00:00Z", now=now) == datetime(2026, 3, 1, 10, 0)
    local = datetime(2026, 2, 1, 9, 30)
    assert parse.parse_at("2026-02-01T09:30", now=now) == local.astimezone(UTC).replace(tzinfo=None)
    assert parse.parse_at(None, now=now) == now
    with pytest.raises(InputError, match="future"):
        parse.parse_at("2026-03-02", now=now)
    with pytest.raises(InputError, match="ISO-8601"):
        parse.parse_at("2026-13-01", now=now)
    assert parse.iso(datetime(2026, 1, 1, 0, 0, 0, 5)) == "2026-01-01T00:00:00.000005Z"
    assert parse.to_utc(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-5)))) == datetime(2026, 1, 1, 5)


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, "tab\there"])
def test_bad_names(name: str) -> None:
    with pytest.raises(InputError, match="name"):
        parse.validate_name(name)


def test_exercise_ids_come_from_the_library() -> None:
    from psoas.knowledge.exercises import exercise_ids

    for exercise in exercise_ids():
        assert parse.validate_exercise(exercise) == exercise
    with pytest.raises(InputError) as info:
        parse.validate_exercise("handstand")
    assert "constructive_rest" in str(info.value.allowed)

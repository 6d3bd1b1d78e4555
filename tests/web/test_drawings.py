"""The body map, the wheel and the progress chart: complete, accessible, symmetric, honest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import KNEE_INTAKE

import psoas
from psoas.assessment.redflags import QUESTIONS
from psoas.draw import bodymap
from psoas.knowledge import vocab
from psoas.knowledge.atlas import load_atlas
from psoas.present import progress_chart as charts
from psoas.web import wheel

SHAPE_RE = re.compile(r"<(ellipse|rect|polygon) ([^>]*)/>")
ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')


def _shapes(svg: str) -> list[dict[str, str]]:
    return [dict(ATTR_RE.findall(attrs)) | {"kind": kind} for kind, attrs in SHAPE_RE.findall(svg)]


def test_every_region_is_on_the_map_with_its_sides() -> None:
    assert bodymap.regions_missing() == []
    keys = {
        (s["data-region"], s["data-side"]) for s in _shapes(bodymap.render_bodymap()) if "data-region" in s
    }
    for region in vocab.REGIONS:
        if region in vocab.MIDLINE_REGIONS:
            assert (region, "center") in keys, region
        else:
            assert {(region, "left"), (region, "right")} <= keys, region
    assert ("groin", "left") in keys and ("groin", "right") in keys


def test_every_region_shape_is_focusable_and_labelled() -> None:
    regions = [s for s in _shapes(bodymap.render_bodymap()) if s.get("class") == "region"]
    assert len(regions) > 2 * len(vocab.REGIONS)
    # one tab stop per view (the arrow keys do the rest), and it is the head
    stops = [s for s in regions if s["tabindex"] == "0"]
    assert [s["data-region"] for s in stops] == ["head", "head"]
    for shape in regions:
        assert (
            shape["tabindex"] in ("0", "-1")
            and shape["role"] == "button"
            and shape["aria-pressed"] == "false"
        )
        side = shape["data-side"]
        label = shape["aria-label"]
        assert label.endswith(("(front)", "(back)"))
        if side != "center":
            assert label.startswith(side + " "), label


@pytest.mark.parametrize("view", ["front", "back"])
def test_left_and_right_shapes_mirror_each_other(view: str) -> None:
    placed = bodymap.placed_shapes(view)
    by_key = {(shape.region, side): shape for shape, side in placed}
    for (region, side), shape in by_key.items():
        if side != "left":
            continue
        other = by_key[(region, "right")]
        centre_l = _centre(shape)
        centre_r = _centre(other)
        assert centre_l[0] + centre_r[0] == pytest.approx(2 * bodymap.MIDLINE_X)
        assert centre_l[1] == pytest.approx(centre_r[1])


def test_front_view_shows_the_persons_right_on_the_viewers_left() -> None:
    front = {
        side: _centre(shape)[0] for shape, side in bodymap.placed_shapes("front") if shape.region == "knee"
    }
    back = {
        side: _centre(shape)[0] for shape, side in bodymap.placed_shapes("back") if shape.region == "knee"
    }
    assert front["right"] < bodymap.MIDLINE_X < front["left"]
    assert back["left"] < bodymap.MIDLINE_X < back["right"]


def _centre(shape: bodymap.Shape) -> tuple[float, float]:
    p = shape.points
    if shape.kind == "ellipse":
        return p[0], p[1]
    if shape.kind == "rect":
        return p[0] + p[2] / 2, p[1] + p[3] / 2
    xs, ys = p[0::2], p[1::2]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def test_selected_regions_render_pressed() -> None:
    svg = bodymap.render_view("front", frozenset({("knee", "left")}))
    pressed = [s for s in _shapes(svg) if s.get("aria-pressed") == "true"]
    assert [(s["data-region"], s["data-side"]) for s in pressed] == [("knee", "left")]


def test_every_red_flag_has_a_question() -> None:
    assert set(QUESTIONS) == set(vocab.RED_FLAGS)


def _wheel_for(intake: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    result = psoas.assess(intake).to_dict()
    return wheel.render_wheel(load_atlas(), result, intake), result


def test_wheel_highlights_painful_regions_and_draws_psoas_chains() -> None:
    svg, result = _wheel_for(KNEE_INTAKE)
    painful = set(re.findall(r'class="wheel-region painful" data-region="(\w+)"', svg))
    assert painful == {"knee"}
    chains = [c for cause in result["causes"] if cause["id"] == "psoas_tight" for c in cause["chains"]]
    drawn = re.findall(r'<polyline points="[^"]*" class="chain ev-(\w+)"', svg)
    assert sorted(drawn) == sorted(c["evidence"] for c in chains)
    assert len(drawn) >= 1


def test_wheel_shows_weak_evidence_as_such() -> None:
    svg, _ = _wheel_for({"person": {"age": 40}})
    atlas = load_atlas()
    levels = {link.evidence for path in atlas.paths_from("psoas_tight") for link in path}
    for level in levels:
        assert f'class="spoke ev-{level}"' in svg
    css = Path(psoas.web.__path__[0]) / "static" / "app.css"
    text = css.read_text(encoding="utf-8")
    dashes = dict(re.findall(r"(?m)^\.ev-(\w+) \{ stroke-dasharray: ([^;]+);", text))
    assert dashes["established"] == "none" and dashes["biomechanical"] == "none"
    for level in ("weak", "unsupported", "contradicted"):
        assert dashes[level] != "none", level


def test_wheel_region_positions_are_on_the_ring() -> None:
    where = wheel.layout([])
    for region in vocab.REGIONS:
        p = where[f"pain:{region}"]
        r = ((p.x - wheel.CENTER) ** 2 + (p.y - wheel.CENTER) ** 2) ** 0.5
        assert r == pytest.approx(wheel.REGION_RADIUS)
    head = where["pain:head"]
    assert head.x == pytest.approx(wheel.CENTER) and head.y == pytest.approx(
        wheel.CENTER - wheel.REGION_RADIUS
    )


def test_progress_chart_places_points_by_date_and_pain() -> None:
    data = {
        "series": [
            {
                "region": "knee",
                "side": "left",
                "days": [
                    {"date": "2026-01-01", "mean": 10, "n": 1},
                    {"date": "2026-01-11", "mean": 0, "n": 2},
                ],
            }
        ],
        "practice": [{"date": "2026-01-06", "minutes": 15.0, "sessions": 1}],
        "visits": [],
    }
    svg = charts.render_progress_chart(data)
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="4">', svg)
    (x0, y0), (x1, y1) = ((float(a), float(b)) for a, b in circles)
    assert x0 == pytest.approx(charts.LEFT) and x1 == pytest.approx(charts.WIDTH - charts.RIGHT)
    assert y0 == pytest.approx(charts.TOP) and y1 == pytest.approx(charts.HEIGHT - charts.BOTTOM)
    mark = re.search(r'<rect class="practice-mark" x="([\d.]+)"', svg)
    assert mark and float(mark.group(1)) + 3 == pytest.approx((x0 + x1) / 2)


def test_empty_progress_chart_says_so() -> None:
    assert "Nothing logged yet" in charts.render_progress_chart({"series": [], "practice": [], "visits": []})


def test_progress_chart_shows_at_least_a_week() -> None:
    data = {
        "series": [{"region": "neck", "side": "center", "days": [{"date": "2026-03-10", "mean": 5, "n": 1}]}]
    }
    svg = charts.render_progress_chart(data | {"practice": [], "visits": []})
    ((x, _y),) = (
        (float(a), float(b)) for a, b in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="4">', svg)
    )
    assert x == pytest.approx(charts.WIDTH - charts.RIGHT)
    assert "2026-03-03" in svg


def test_every_exercise_and_self_test_has_a_picture() -> None:
    from psoas.knowledge.exercises import load_exercises
    from psoas.web import figure_html as figures

    for exercise in load_exercises().exercises:
        html = figures.exercise_figure(exercise.illustration, exercise.id)
        assert html.count("<svg") == 2 and html.count('class="fig-cap"') == 2, exercise.id
    for test_id, html in figures.self_test_figures().items():
        assert html.count("<svg") == 2, test_id


def test_thomas_picture_comes_from_the_posture_model() -> None:
    from psoas.draw.pictures import test_figure, test_picture
    from psoas.mechanics.forward import simulate

    normal = simulate({}).thomas
    assert normal["hip_angle_deg"] is not None and normal["knee_angle_deg"] is not None
    end = test_picture("thomas").end
    assert end["hip_flexion_deg"] == pytest.approx(normal["hip_angle_deg"])
    assert end["knee_flexion_deg"] == pytest.approx(normal["knee_angle_deg"])
    assert f"{normal['hip_angle_deg']:+.0f}°" in test_figure("thomas", "end")

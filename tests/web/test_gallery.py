"""The picture gallery, the exercise filter, and the wheel's legend: served pages, no browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from psoas.knowledge.atlas import load_atlas
from psoas.knowledge.exercises import load_exercises
from psoas.knowledge.vocab import EVIDENCE_LEVELS
from psoas.present import progress_chart as charts
from psoas.web import wheel


def test_gallery_shows_both_positions_of_every_exercise_and_self_test(client: Any) -> None:
    page = client.get("/exercises/gallery")
    assert page.status_code == 200
    text = page.text
    for exercise in load_exercises().exercises:
        card = text.split(f'id="gallery-{exercise.id}"', 1)[1].split("</article>", 1)[0]
        assert card.count("<svg") == 2 and "Start:" in card and "End:" in card, exercise.id
    for test_id in load_atlas().tests:
        card = text.split(f'id="gallery-test-{test_id}"', 1)[1].split("</article>", 1)[0]
        assert card.count("<svg") == 2, test_id


def test_exercise_filter_by_kind_and_words(client: Any) -> None:
    lib = load_exercises().exercises
    stretches = client.get("/exercises", params={"kind": "stretch"}).text
    shown = set(re.findall(r'<article class="card exercise" id="ex-([\w]+)"', stretches))
    assert shown == {e.id for e in lib if e.kind == "stretch"}
    chair = client.get("/exercises", params={"q": "CHAIR"}).text
    shown = set(re.findall(r'<article class="card exercise" id="ex-([\w]+)"', chair))
    assert shown == {e.id for e in lib if "chair" in f"{e.name} {e.purpose}".lower()} and shown
    none = client.get("/exercises", params={"q": "zzzz"}).text
    assert "No exercise matches" in none


def test_player_shows_the_moving_picture_and_controls_first(client: Any) -> None:
    text = client.get("/play/bridge").text
    assert text.count('class="frame f') == 5
    assert text.index('id="start"') < text.index('class="figure player-figure"')


def test_wheel_legend_names_every_level_it_draws_differently() -> None:
    legend = wheel.render_legend()
    for level in EVIDENCE_LEVELS:
        assert f"ev-{level}" in legend
    words = re.findall(r"</svg> ([^<]+)</li>", legend)
    assert len(set(words)) == len(EVIDENCE_LEVELS)
    assert (
        "purple" in legend
        and "established (solid green)" in legend
        and "biomechanical (solid blue)" in legend
    )


def test_chart_and_wheel_text_stays_legible_on_a_phone() -> None:
    """At 390 px the chart and the wheel are about 360 CSS px wide; their text must stay >= 12 px."""
    shown_px = 390 - 2 * 14.4 - 2 * 17  # main padding and card padding and border
    style = (Path(wheel.__file__).parent / "static" / "app.css").read_text(encoding="utf-8")
    chart_font = float(re.findall(r"\.chart text \{ font-size: (\d+)px", style)[-1])
    wheel_font = float(re.findall(r"\.wheel-region text \{ font-size: (\d+)px", style)[-1])
    assert chart_font * shown_px / charts.WIDTH >= 12.0
    wheel_units = wheel.SIZE + 240
    assert wheel_font * (390 - 2 * 14.4) / wheel_units >= 12.0


def test_an_exercise_without_a_picture_still_has_a_page_section() -> None:
    from psoas.web import figure_html as figures

    assert figures.exercise_figure(None, "an_exercise_added_later") == ""
    assert figures.exercise_figure("bridge", "an_exercise_added_later").count("<svg") == 2

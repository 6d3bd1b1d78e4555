"""One presentation for every face: for the same intake, the CLI, the API and the library answer the same JSON,
and the text report, the web results page and the clinician summary show the same causes in the same order
with the same words (each face's output is parsed back, so a face that picks or words causes on its own fails).
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import psoas
from psoas.cli import app as cli_app
from psoas.intake.examples import example_names, load_example

runner = CliRunner()
CAUSE_LINE = re.compile(
    r"^\s+[█░]+ (?P<likely>\S+ \(before your answers \S+\)) (?P<label>.+) \[(?P<evidence>\w+)\] · (?P<explains>.+)$"
)
WEB_CAUSE = re.compile(r'<li class="cause" data-cause="[^"]*" data-side="[^"]*">(.*?)\n</li>', re.S)
SERIES = re.compile(r'<g class="series s\d"[^>]*>.*?</g>', re.S)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from psoas.web import create_app

    db = tmp_path_factory.mktemp("present") / "journal.sqlite3"
    with TestClient(create_app(f"sqlite:///{db}")) as test_client:
        test_client.db_url = f"sqlite:///{db}"  # type: ignore[attr-defined]
        yield test_client


def _cli(*args: str) -> str:
    result = runner.invoke(cli_app, list(args), env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _text_causes(report: str) -> list[tuple[str, str, str, list[str]]]:
    """(label, likely, evidence, explains parts) of each cause line of the text report."""
    rows = []
    for line in report.splitlines():
        found = CAUSE_LINE.match(line)
        if found:
            explains = found["explains"]
            parts = (
                explains.removeprefix("may explain ").split(", ")
                if explains.startswith("may ")
                else [explains]
            )
            rows.append((found["label"], found["likely"], found["evidence"], parts))
    return rows


def _web_causes(page: str) -> list[tuple[str, str, str, list[str]]]:
    """The same four things read from the results page's cause list items."""
    rows = []
    for block in WEB_CAUSE.findall(page):
        label = re.search(r'<span class="cause-label">(.*?)</span>', block)
        evidence = re.search(r'class="badge ev-(\w+)"', block)
        probs = re.findall(r'<span class="prob">(.*?)</span>', block)
        shares = re.findall(r"<li>(.*?)</li>", block.split('<ul class="chains">')[0])
        assert label and evidence and probs
        parts = [html.unescape(s.strip()) for s in shares] or [html.unescape(probs[1])]
        rows.append((html.unescape(label[1]), html.unescape(probs[0]), evidence[1], parts))
    return rows


def _saved_page(client: Any, intake: dict[str, Any]) -> tuple[int, str]:
    pid = client.post("/api/v1/people", json={"name": f"p{len(client.get('/api/v1/people').json())}"}).json()[
        "id"
    ]
    saved = client.post(f"/api/v1/people/{pid}/assessments", json=intake)
    assert saved.status_code == 201, saved.text
    page = client.get(f"/people/{pid}/assessments/{saved.json()['id']}")
    assert page.status_code == 200
    return pid, page.text


@pytest.mark.parametrize("name", example_names())
def test_text_report_and_results_page_show_the_same_causes(client: Any, name: str, tmp_path: Path) -> None:
    intake = load_example(name)
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(intake))
    text = _text_causes(_cli("assess", str(path)))
    markdown = _text_causes(_cli("assess", str(path), "--format", "markdown"))
    _pid, page = _saved_page(client, intake)
    web = _web_causes(page)
    assert text == web == markdown
    shown = psoas.assess(intake).top_causes
    assert len(text) == len(shown)  # every cause the one rule picks, and no other
    assert [row[2] for row in text] == [c.evidence for c in shown]


def test_the_faces_show_more_than_nothing() -> None:
    """The comparison above is not vacuous: most examples show several causes, with shares and without."""
    counts = [len(psoas.assess(load_example(n)).top_causes) for n in example_names()]
    assert sum(1 for n in counts if n >= 3) >= len(counts) // 2
    rows = _text_causes(_cli("demo"))
    assert any(parts[0].endswith("of left knee pain") for *_x, parts in rows)
    assert any(parts == ["explains none of the places you marked"] for *_x, parts in rows)


@pytest.mark.parametrize("name", ["basketball_knee", "saddle_numbness", "no_pain", "runner_itb"])
def test_cli_api_and_library_json_are_equal(client: Any, name: str, tmp_path: Path) -> None:
    intake = load_example(name)
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(intake))
    cli = json.loads(_cli("assess", str(path), "--format", "json"))
    api = client.post("/api/v1/assess", json=intake)
    assert api.status_code == 200
    assert cli == api.json() == psoas.assess(intake).to_dict()


def test_atlas_json_is_the_same_document_on_the_cli_and_the_api(client: Any) -> None:
    cli = json.loads(_cli("atlas", "--format", "json"))
    assert cli == client.get("/api/v1/atlas").json()
    assert {"regions", "causes", "links", "references"} <= set(cli)
    tree = json.loads(_cli("atlas", "psoas", "--format", "json"))  # one cause: its tree, as before
    assert tree["id"] == "psoas_tight" and tree["children"]


def test_summary_lists_the_results_page_causes_in_its_order(client: Any) -> None:
    from psoas.documents import summary_html
    from psoas.documents.sections import SEE_SECTIONS
    from psoas.journal.service import Journal

    intake = load_example("basketball_knee")
    pid, page = _saved_page(client, intake)
    web = [row[0] for row in _web_causes(page)]
    name = client.get(f"/api/v1/people/{pid}").json()["name"]
    with Journal(client.db_url) as journal:
        summary = summary_html(journal, name)
    table = summary.split('<section id="causes">')[1].split("</table>")[0]
    listed = [html.unescape(t) for t in re.findall(r"<tr><td>\d+</td><td>(.*?)</td>", table)]
    assert listed == web[:SEE_SECTIONS] and len(listed) >= 3


def test_the_progress_file_is_the_web_chart(client: Any, tmp_path: Path) -> None:
    from psoas.journal.service import Journal
    from psoas.present.progress_chart import series_colours

    pid = client.post("/api/v1/people", json={"name": "Chart"}).json()["id"]
    for day, level in ((1, 6), (3, 4), (9, 2)):
        rows = [{"region": "knee", "side": "left", "intensity": level}, {"region": "neck", "intensity": 3}]
        logged = client.post(
            f"/api/v1/people/{pid}/pain", json={"entries": rows, "at": f"2026-01-0{day}T09:00"}
        )
        assert logged.status_code == 201, logged.text
    web = client.get(f"/people/{pid}/progress").text
    with Journal(client.db_url) as journal:
        svg = journal.write_progress_chart("Chart", tmp_path / "chart.svg", "svg").read_text()
        png = journal.progress_chart("Chart", "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert _has_colour(png, series_colours()[0]) and _has_colour(
        png, series_colours()[1]
    )  # the web's colours
    drawn = SERIES.findall(svg)
    assert drawn == SERIES.findall(web) and len(drawn) == 2
    assert "left knee" in svg and "2026-01-09" in svg and ".chart .visit-mark" in svg  # legend, axis, styles


def _has_colour(png: bytes, colour: str) -> bool:
    from io import BytesIO

    from PIL import Image

    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(BytesIO(png)).convert("RGB")
    return any(
        image.getpixel((x, y)) == wanted for x in range(0, image.width, 2) for y in range(image.height)
    )


def test_a_result_stored_before_explanations_shows_its_causes_and_says_so() -> None:
    from psoas.present.assessment_view import NOT_WORKED_OUT, assessment_view, stored_view

    fresh = psoas.assess(load_example("basketball_knee"))
    old = fresh.to_dict()
    for cause in old["causes"]:
        del cause["explains"]
    view = stored_view(old)
    # nothing was ruled out: the first eight are shown, plus those the evidence more than doubled
    assert [(c.id, c.side) for c in view.causes[:8]] == [(c["id"], c["side"]) for c in old["causes"][:8]]
    assert all(c.probability > 2 * c.prior for c in view.causes[8:])
    assert {c.explains_words for c in view.causes} == {NOT_WORKED_OUT}
    assert [c.label for c in stored_view(fresh.to_dict()).causes] == [
        c.label for c in assessment_view(fresh).causes
    ]

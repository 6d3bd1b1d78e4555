"""The annotated article on the web: API, pages, the wheel's spokes and every badge linking to a claim."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from tests.web.conftest import KNEE_INTAKE

from psoas.knowledge.atlas import load_atlas
from psoas.knowledge.claims import load_claims
from psoas.web.wheel import render_wheel

BADGE = re.compile(r'<(a|span) class="badge ev-(\w+)"(?: href="([^"]*)")?')


def test_api_lists_every_claim_and_answers_404_for_an_unknown_one(client: Any) -> None:
    data = client.get("/api/v1/claims").json()
    assert [c["id"] for c in data["claims"]] == list(load_claims().claims)
    ankle = client.get("/api/v1/claims/ankle_foot").json()
    assert ankle["level"] == "unsupported" and ankle["regions"] == ["ankle", "foot"]
    missing = client.get("/api/v1/claims/spleen")
    assert missing.status_code == 404 and "unknown claim 'spleen'" in missing.json()["detail"][0]["msg"]
    spec = client.get("/openapi.json").json()["paths"]["/api/v1/claims/{claim_id}"]["get"]["responses"]
    assert "404" in spec
    atlas = client.get("/api/v1/atlas").json()
    assert all(link["claim"] in load_claims().claims for link in atlas["links"])
    assert atlas["sources"]["heino1990"]["pmid"] == "18796868"


def test_claim_page_shows_paraphrase_numbers_sources_and_self_test(client: Any) -> None:
    page = client.get("/claims/tilts_pelvis")
    assert page.status_code == 200
    text = page.text
    assert "What the article says (in our words)" in text and "Test it on yourself" in text
    assert "r = -0.04 (n = 25)" in text
    assert 'href="https://doi.org/10.2519/jospt.1990.12.6.243"' in text
    assert "Not confirmed:" in text  # schache2000 is shown as unconfirmed, with its reason
    assert "being lowered from weak to unsupported" in text or "unsupported" in text
    assert client.get("/claims/spleen").status_code == 404


def _spokes(svg: str) -> list[tuple[str, str, str]]:
    """(claim id, spoke class, tooltip) of every linked spoke in the wheel SVG (the legend after it aside)."""
    root = ET.fromstring(svg[: svg.index("</svg>") + len("</svg>")])
    out = []
    for a in root.iter("a"):
        line = a.find("line")
        if line is None:  # the hub, which opens the hub-of-the-wheel claim
            assert a.get("href") == "/claims/hub_of_the_wheel"
            continue
        out.append(
            (a.get("href", "").removeprefix("/claims/"), line.get("class", ""), line.findtext("title", ""))
        )
    return out


def test_wheel_has_an_ankle_and_a_foot_spoke_with_their_level() -> None:
    spokes = _spokes(render_wheel(load_atlas(), None, None))
    for region in ("Ankle", "Foot"):
        hits = [s for s in spokes if s[2].endswith(f"→ {region} pain: unsupported")]
        assert hits, region
        claim, cls, _ = hits[0]
        assert claim == "ankle_foot" and "ev-unsupported" in cls.split()


def test_every_wheel_spoke_opens_a_claim_no_stronger_than_the_spoke() -> None:
    claims = load_claims()
    rank = {
        lv: i for i, lv in enumerate(("established", "biomechanical", "weak", "unsupported", "contradicted"))
    }
    spokes = _spokes(render_wheel(load_atlas(), None, None))
    assert len(spokes) >= 25
    for claim_id, cls, title in spokes:
        level = next(c[3:] for c in cls.split() if c.startswith("ev-"))
        assert title.endswith(f": {level}")
        assert rank[claims.get(claim_id).level] >= rank[level], (claim_id, title)


def test_claims_page_has_the_wheel_and_every_claim(client: Any) -> None:
    text = client.get("/claims").text
    assert 'class="wheel"' in text and 'href="/claims/ankle_foot"' in text
    for claim_id in load_claims().claims:
        assert f'id="c-{claim_id}"' in text


def _badges(html: str) -> list[tuple[str, str, str | None]]:
    return [(tag, level, href) for tag, level, href in BADGE.findall(html)]


def test_every_badge_in_results_program_and_library_links_to_its_claim(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    saved = client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE).json()
    pages = [f"/people/{pid}/assessments/{saved['id']}", f"/people/{pid}/program", "/exercises"]
    claims = load_claims()
    for url in pages:
        badges = _badges(client.get(url).text)
        assert badges, url
        for tag, level, href in badges:
            assert tag == "a" and href and href.startswith("/claims/"), (url, level, href)
            assert href.removeprefix("/claims/") in claims.claims

"""The results wheel: the psoas as the hub, spokes through mechanisms out to the body regions.

Layout (SVG user units): a 520 x 520 box centred at (260, 260). Regions sit on the outer ring in
vocabulary order (head at the top, clockwise to the foot); each mechanism sits on an inner ring
by its depth from the hub, at the circular mean angle of the regions it can reach. Every atlas
path from ``psoas_tight`` is drawn faintly with a line style for its evidence level
(``ev-<level>``: solid green for established, solid blue for biomechanical, dotted amber for weak,
dashed grey for unsupported, dashed purple for contradicted; :func:`render_legend` names each);
this person's chains from the assessment are drawn bold on top, styled by their weakest link.
Painful regions are highlighted. Region labels are 24 units tall so they stay at least 12 CSS px
on a 390 px phone; to keep them apart only the painful regions and those the person's chains
reach are labelled (every region keeps its name as a tooltip), unless there are none.

Every spoke is a link (``<a href="/claims/<id>">``) to the claim it stands for in
``data/claims.toml``, and its tooltip names its evidence level; ``highlight`` marks the spokes of
one claim (class ``chosen``) on that claim's page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any

from psoas.knowledge.vocab import REGIONS

SIZE = 520
CENTER = SIZE / 2
REGION_RADIUS = 220.0
HUB_CAUSE = "psoas_tight"
HUB_CLAIM = "hub_of_the_wheel"


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def region_angle_rad(region: str) -> float:
    """Angle of a region on the outer ring (0 = top, clockwise)."""
    return 2 * math.pi * REGIONS.index(region) / len(REGIONS)


def _polar(angle_rad: float, radius: float) -> Point:
    return Point(CENTER + radius * math.sin(angle_rad), CENTER - radius * math.cos(angle_rad))


def _circular_mean(angles: list[float]) -> float:
    s = sum(math.sin(a) for a in angles)
    c = sum(math.cos(a) for a in angles)
    return math.atan2(s, c)


def layout(paths: list[list[tuple[str, str]]]) -> dict[str, Point]:
    """Positions of the hub, every mechanism on the paths and every region.

    ``paths`` are lists of (target node, evidence) steps from the hub, ending at ``pain:<region>``.
    """
    depth: dict[str, int] = {}
    reach: dict[str, list[float]] = defaultdict(list)
    for path in paths:
        region = path[-1][0].removeprefix("pain:")
        for i, (node, _level) in enumerate(path[:-1]):
            depth[node] = min(depth.get(node, i + 1), i + 1)
            reach[node].append(region_angle_rad(region))
    max_depth = max(depth.values(), default=1)
    step = (REGION_RADIUS - 70.0) / (max_depth + 1)
    where = {"hub": Point(CENTER, CENTER)}
    for node, d in depth.items():
        where[node] = _polar(_circular_mean(reach[node]), 40.0 + step * d)
    for region in REGIONS:
        where[f"pain:{region}"] = _polar(region_angle_rad(region), REGION_RADIUS)
    return where


def _line(a: Point, b: Point, cls: str, title: str, claim: str | None = None) -> str:
    ends = f'x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" y2="{b.y:.1f}"'
    line = f'<line {ends} class="{cls}"><title>{escape(title)}</title></line>'
    if not claim:
        return line
    # a wide transparent twin makes the spoke easy to tap on a phone
    return (
        f'<a href="/claims/{escape(claim)}" data-claim="{escape(claim)}" aria-label="{escape(title)}">{line}'
        f'<line {ends} class="spoke-hit"><title>{escape(title)}</title></line></a>'
    )


def _claim_of(atlas: Any) -> Any:
    """A function (source, target) -> the id of the claim that speaks for that link (or None)."""
    from psoas.knowledge.claims import load_claims

    claims = load_claims()
    return lambda source, target: claims.for_link(source, target)


def _atlas_paths(atlas: Any) -> list[list[tuple[str, str]]]:
    return [[(link.target, link.evidence) for link in path] for path in atlas.paths_from(HUB_CAUSE)]


def _person_chains(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not result:
        return []
    chains = []
    for cause in result.get("causes") or []:
        if cause.get("id") == HUB_CAUSE:
            for chain in cause.get("chains") or []:
                chains.append(chain | {"probability": cause.get("probability", 0.0)})
    return chains


def _painful(intake: dict[str, Any] | None) -> set[str]:
    return {str(p.get("region")) for p in (intake or {}).get("pain") or [] if (p.get("intensity") or 0) > 0}


def render_wheel(
    atlas: Any,
    result: dict[str, Any] | None,
    intake: dict[str, Any] | None,
    highlight: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """The wheel as an SVG string for one assessment (or the bare atlas when both are None).

    ``highlight`` holds (source, target) atlas links drawn as chosen (one claim's spokes).
    """
    paths = _atlas_paths(atlas)
    claim_of = _claim_of(atlas)
    where = layout(paths)
    parts = [
        f'<svg class="wheel" viewBox="-120 -34 {SIZE + 240} {SIZE + 72}" role="group" '
        'aria-labelledby="wheel-title wheel-desc">'
        '<title id="wheel-title">The psoas wheel</title>'
        '<desc id="wheel-desc">The iliopsoas in the middle; lines run through mechanisms to the body regions it '
        "could affect. Solid lines have biomechanical or established support, dotted lines weak support, dashed "
        "lines none or contrary evidence. Your painful regions are highlighted; bold lines are your chains.</desc>",
        '<g class="spokes">',
    ]
    drawn: set[tuple[str, str]] = set()
    for path in paths:
        prev = "hub"
        for node, level in path:
            if (prev, node) not in drawn:
                drawn.add((prev, node))
                source = HUB_CAUSE if prev == "hub" else prev
                title = f"{atlas.node_label(source)} → {atlas.node_label(node)}: {level}"
                chosen = " chosen" if (source, node) in highlight else ""
                cls = f"spoke ev-{level}{chosen}"
                parts.append(_line(where[prev], where[node], cls, title, claim_of(source, node)))
            prev = node
    parts.append('</g><g class="chains">')
    for chain in _person_chains(result):
        steps = ["hub", *chain.get("path", [])[1:]]
        points = " ".join(f"{where[s].x:.1f},{where[s].y:.1f}" for s in steps if s in where)
        level = escape(str(chain.get("evidence", "")))
        title = escape(
            f"{chain.get('side', '')} {chain.get('region', '')}: evidence {chain.get('evidence')}, "
            f"contribution {float(chain.get('contribution') or 0):.2f}"
        )
        parts.append(
            f'<polyline points="{points}" class="chain ev-{level}"><title>{title}</title></polyline>'
        )
    parts.append("</g>")
    reached = {str(c.get("path", [""])[-1]).removeprefix("pain:") for c in _person_chains(result)}
    parts += _nodes(atlas, where, _painful(intake), reached)
    return "".join(parts) + "</svg>" + render_legend()


LEGEND: dict[str, str] = {
    "established": "established (solid green)",
    "biomechanical": "biomechanical (solid blue)",
    "weak": "weak (dotted amber)",
    "unsupported": "unsupported (dashed grey)",
    "contradicted": "contradicted (dashed purple)",
}


def render_legend() -> str:
    """The legend under the wheel: one entry per evidence level it can draw, and the painful dot."""
    items = "".join(
        f'<li><svg width="44" height="12" aria-hidden="true" focusable="false"><line x1="2" y1="6" x2="42" y2="6" '
        f'class="chain ev-{level}"/></svg> {escape(words)}</li>'
        for level, words in LEGEND.items()
    )
    return (
        f'<ul class="legend wheel-legend" aria-label="Line styles of the wheel">{items}'
        '<li><span class="dot painful"></span> your painful regions (bold lines: your chains)</li></ul>'
    )


def _nodes(atlas: Any, where: dict[str, Point], painful: set[str], reached: set[str]) -> list[str]:
    parts = ['<g class="mechanisms">']
    for node, p in where.items():
        if node == "hub" or node.startswith("pain:"):
            continue
        parts.append(
            f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="5" class="mechanism">'
            f"<title>{escape(atlas.node_label(node))}</title></circle>"
        )
    parts.append('</g><g class="regions">')
    labelled = (painful | reached) or set(REGIONS)
    for region in REGIONS:
        p = where[f"pain:{region}"]
        cls = "wheel-region painful" if region in painful else "wheel-region"
        anchor = "start" if p.x > CENTER + 5 else ("end" if p.x < CENTER - 5 else "middle")
        dx = 14 if anchor == "start" else (-14 if anchor == "end" else 0)
        dy = -16 if p.y < CENTER - REGION_RADIUS + 10 else (30 if p.y > CENTER + REGION_RADIUS - 10 else 8)
        label = atlas.regions[region].short
        text = (
            f'<text x="{p.x + dx:.1f}" y="{p.y + dy:.1f}" text-anchor="{anchor}">{escape(label)}</text>'
            if region in labelled
            else ""
        )
        parts.append(
            f'<g class="{cls}" data-region="{region}"><title>{escape(label)}</title>'
            f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="9"/>{text}</g>'
        )
    parts.append(
        f'</g><a href="/claims/{HUB_CLAIM}" aria-label="The psoas as the hub of the wheel: see the claim">'
        f'<g class="hub"><circle cx="{CENTER}" cy="{CENTER}" r="42"/>'
        f'<text x="{CENTER}" y="{CENTER + 8}" text-anchor="middle">psoas</text></g></a>'
    )
    return parts

"""The trial report in the spirit of the CENT 2015 checklist: plan, dates, adherence,
completeness, each region's result with a chart (phases shaded), the trait change, the verdict in
plain words and the caveats. Text for the terminal, JSON for tools, SVG charts for the web page.

Charts: x is calendar days over the plan, y pain 0–10; release phases are shaded green, baseline
and pause phases grey, washout days hatched lighter; dots are daily means.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from psoas.trial.words import CAVEATS, label, verdict_words

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 10, 28


def build(evaluation: dict[str, Any], charts: bool = False) -> dict[str, Any]:
    """The report's data: the evaluation plus the verdict, caveats and (optionally) SVG charts."""
    out = dict(evaluation)
    out["verdict"] = verdict_words(evaluation)
    caveats = list(CAVEATS)
    if evaluation.get("edits"):
        caveats.append(
            f"{evaluation['edits']} diary entries were edited or deleted after logging (history kept)."
        )
    if evaluation["design"] == "ab":
        caveats.append("AB design: the weaker answer; the trend in the baseline is modelled, not ruled out.")
    out["caveats"] = caveats
    if charts:
        out["charts"] = {
            f"{r['region']}:{r['side']}": chart_svg(evaluation, r) for r in evaluation["regions"]
        }
    return out


def chart_svg(evaluation: dict[str, Any], region: dict[str, Any]) -> str:
    """One region's daily means over the plan with the phases shaded."""
    plan = evaluation["plan"]
    first = date.fromisoformat(plan["start"]).toordinal()
    last = date.fromisoformat(plan["end"]).toordinal()
    span = max(1, last - first)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return LEFT + plot_w * (day - first) / span

    def y(pain: float) -> float:
        return TOP + plot_h * (1 - pain / 10)

    name = escape(label(region["region"], region["side"]))
    parts = [
        f'<svg class="trial-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Pain in {name} '
        'over the trial, phases shaded">'
    ]
    for phase in plan["phases"]:
        a, b = date.fromisoformat(phase["start"]).toordinal(), date.fromisoformat(phase["end"]).toordinal()
        cls = "ph-release" if phase["kind"] == "release" else "ph-rest"
        parts.append(
            f'<rect class="{cls}" x="{x(a):.1f}" y="{TOP}" width="{x(b) - x(a):.1f}" height="{plot_h}"/>'
        )
        if phase["washout_days"]:
            w = x(a + phase["washout_days"]) - x(a)
            parts.append(
                f'<rect class="ph-washout" x="{x(a):.1f}" y="{TOP}" width="{w:.1f}" height="{plot_h}"/>'
            )
        parts.append(
            f'<text class="ph-label" x="{x(a) + 3:.1f}" y="{TOP + 11}">{escape(phase["kind"])}</text>'
        )
    for pain in (0, 5, 10):
        parts.append(
            f'<text class="axis" x="{LEFT - 6}" y="{y(pain) + 4:.1f}" text-anchor="end">{pain}</text>'
        )
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(pain):.1f}" y2="{y(pain):.1f}"/>'
        )
    parts.append(f'<text class="axis" x="{LEFT}" y="{HEIGHT - 8}">{plan["start"]}</text>')
    parts.append(
        f'<text class="axis" x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">{plan["end"]}</text>'
    )
    for d in region.get("days", []):
        day = date.fromisoformat(d["date"]).toordinal()
        if first <= day < last:
            parts.append(
                f'<circle class="pt" cx="{x(day) + 0.5 * plot_w / span:.1f}" cy="{y(d["mean"]):.1f}" r="3"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def text(report: dict[str, Any]) -> str:
    """The report as plain text (one page)."""
    plan, adh = report["plan"], report["adherence"]
    target = plan.get("target") or {}
    lines = [
        f"Per-person trial ({'randomised reversal' if plan['design'] == 'reversal' else 'AB'} design), "
        f"{plan['start']} to {plan['end']}",
        f"Question: does releasing {str(target.get('label') or 'the pull').lower()} lower the pain?",
        f"Meaningful change fixed in advance: {plan['change_points']:g} points or {100 * plan['change_fraction']:.0f}%.",
        f"Logging times: {', '.join(plan['times'])}.",
        "Phases:",
    ]
    for p in plan["phases"]:
        wash = f" (first {p['washout_days']} days washout, not analysed)" if p["washout_days"] else ""
        lines.append(f"  {p['start']} to {p['end']}  {p['kind']}{wash}")
    lines += [
        f"Adherence: {adh['ratings']} of {adh['ratings_planned']} planned ratings "
        f"({_pct(adh['completeness'])}); practice on {adh['release_days_practised']} of "
        f"{adh['release_days_so_far']} release days ({_pct(adh['practice_adherence'])}); "
        f"practice on {adh['practice_on_rest_days']} baseline/pause days.",
        "Results per region:",
    ]
    lines += [f"  {r['summary']}" for r in report["regions"]]
    lines += ["Chain question: " + report["chain"]["text"], "Verdict: " + report["verdict"], "Caveats:"]
    lines += [f"  - {c}" for c in report["caveats"]]
    return "\n".join(lines)

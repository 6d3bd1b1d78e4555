"""Human-readable reports of an assessment: text (Rich markup) and Markdown, from the same facts.

Both render the dict from :meth:`psoas.assessment.pipeline.Assessment.to_dict`, so a saved result can be
re-rendered later without re-running the engine.
"""

from __future__ import annotations

from typing import Any

from psoas.knowledge.atlas import load_atlas

EVIDENCE_STYLE = {
    "established": "bold green",
    "biomechanical": "cyan",
    "weak": "yellow",
    "unsupported": "magenta",
    "contradicted": "bold red",
}
URGENCY_TITLE = {
    "emergency": "EMERGENCY: get medical help today",
    "urgent": "URGENT: see a doctor within days",
    "soon": "See a clinician soon",
}
MAX_CAUSES = 8
BAR_WIDTH = 24


def bar(probability: float, width: int = BAR_WIDTH) -> str:
    """A text probability bar, e.g. ``bar(0.5, 4) == "██░░"``."""
    filled = round(max(0.0, min(1.0, probability)) * width)
    return "█" * filled + "░" * (width - filled)


def _percent(share: float) -> str:
    """A share as a percentage, with tiny non-zero shares shown as "<0.1%" rather than 0.0%."""
    return " <0.1%" if 0 < share < 0.001 else f"{share * 100:5.1f}%"


def _side_label(side: str) -> str:
    return "" if side == "center" else f"{side} "


def _region_label(region: str, side: str) -> str:
    return f"{_side_label(side)}{load_atlas().regions[region].label.lower()}"


def _cause_label(cause: dict[str, Any]) -> str:
    return f"{cause['label']}{'' if cause['side'] == 'center' else ' (' + cause['side'] + ')'}"


def _path_text(path: list[str]) -> str:
    atlas = load_atlas()
    return " → ".join(
        atlas.node_label(step)
        if step in atlas.causes or step.startswith("pain:") or step in atlas.mechanisms
        else step
        for step in path
    )


MOVED = 0.005
"""A cause whose probability moved this far from its prior is shown even if it explains no marked region."""


def shown_causes(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Causes worth showing: those that may explain a painful region or that the evidence moved, most likely
    first (at most MAX_CAUSES, plus any that evidence more than doubled)."""
    causes = [
        c
        for c in result["causes"]
        if any(s["share"] > 0 for s in c.get("explains", [])) or abs(c["probability"] - c["prior"]) > MOVED
    ]
    shown = causes[:MAX_CAUSES]
    return shown + [c for c in causes[MAX_CAUSES:] if c["probability"] > 2 * c["prior"]]


def _explains_text(cause: dict[str, Any]) -> str:
    """ "explains left knee 12.0%, low back <0.1%" (the regions this cause may explain, largest first)."""
    shares = [s for s in cause.get("explains", []) if s["share"] > 0][:3]
    if not shares:
        return "explains no marked region"
    return "explains " + ", ".join(
        f"{_region_label(s['region'], s['side'])} {_percent(s['share']).strip()}" for s in shares
    )


def region_explanations(
    result: dict[str, Any],
) -> dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """For each painful region: (cause, chain) pairs, largest contribution first."""
    out: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for cause in result["causes"]:
        for chain in cause["chains"]:
            out.setdefault((chain["region"], chain["side"]), []).append((cause, chain))
    for pairs in out.values():
        pairs.sort(key=lambda pair: -pair[1]["contribution"])
    return out


def render_text(result: dict[str, Any]) -> str:
    """Rich-markup text report (print with ``rich.console.Console().print``)."""
    lines = [
        f"[bold]psoas assessment[/bold]  [dim]engine {result['engine_version']} · {result.get('date', '')}[/dim]"
    ]
    lines.append(f"[dim]{result['disclaimer']}[/dim]")
    lines.append("")
    referral = result["referral"]
    if referral:
        style = (
            "bold white on red" if referral["urgency"] in ("emergency", "urgent") else "bold black on yellow"
        )
        lines.append(f"[{style}] {URGENCY_TITLE[referral['urgency']]} [/{style}]")
        lines += [f"  • {reason}" for reason in referral["reasons"]]
        lines.append(f"  {referral['advice']}")
        lines.append("")
    for caution in result.get("red_flag_cautions", []):
        lines.append(f"[yellow]! {caution}[/yellow]")
    if result.get("red_flags_unanswered"):
        lines.append(
            f"[yellow]Not yet screened:[/yellow] {len(result['red_flags_unanswered'])} red-flag question(s) were left "
            f"unanswered ({', '.join(result['red_flags_unanswered'][:6])}{'…' if len(result['red_flags_unanswered']) > 6 else ''}). "
            "Unanswered is not the same as no."
        )
        lines.append("")
    lines += _cause_lines(result)
    lines += _region_lines(result)
    if result["next_tests"]:
        lines += ["", "[bold]The next self-test that would settle the most[/bold]"]
        for test in result["next_tests"][:3]:
            lines.append(
                f"  • {test['label']}{'' if test['side'] == 'center' else ', ' + test['side']} "
                f"[dim]({test['information_gain_bits']:.2f} bits)[/dim]"
            )
    lines += ["", *_program_text(result)]
    return "\n".join(lines)


def _cause_lines(result: dict[str, Any]) -> list[str]:
    """Each shown cause: how likely you have it (bar, prior) beside how much of each region it may explain."""
    lines = [
        "[bold]Likely sources of the pull or pain[/bold] (how likely you have it, prior in brackets; "
        "how much of each painful region it may explain)"
    ]
    listed = shown_causes(result)
    if not listed:
        lines.append(
            "  Nothing points anywhere yet: mark where it hurts, or take one of the self-tests below."
        )
    for cause in listed:
        style = EVIDENCE_STYLE[cause["evidence"]]
        lines.append(
            f"  {bar(cause['probability'])} {cause['probability'] * 100:5.1f}% "
            f"[dim]({cause['prior'] * 100:4.1f}%)[/dim] {_cause_label(cause)} "
            f"[{style}]\\[{cause['evidence']}][/{style}] [dim]· {_explains_text(cause)}[/dim]"
        )
    return lines


def _region_lines(result: dict[str, Any]) -> list[str]:
    """Per painful region, the chains that may explain it (largest share first, weakest link shown)."""
    explanations = region_explanations(result)
    if not explanations:
        return []
    lines = [
        "",
        "[bold]What could explain each painful region[/bold] (share of the explanation; weakest link)",
    ]
    for (region, side), pairs in sorted(explanations.items()):
        lines.append(f"  [bold]{_region_label(region, side).capitalize()}[/bold]")
        # the three largest shares, plus every chain of a cause the evidence raised above its prior
        shown = [pair for i, pair in enumerate(pairs) if i < 3 or pair[0]["probability"] > pair[0]["prior"]]
        for _cause, chain in shown:
            style = EVIDENCE_STYLE[chain["evidence"]]
            lines.append(
                f"    {_percent(chain['contribution'])}  {_path_text(chain['path'][:-1])} "
                f"[{style}]\\[{chain['evidence']}][/{style}]"
            )
    return lines


def _dose_text(dose: dict[str, Any]) -> str:
    if dose.get("duration_min"):
        text = f"{dose['duration_min']:g} min"
    else:
        parts = []
        if dose.get("hold_s"):
            parts.append(f"hold {dose['hold_s']:g} s")
        if dose.get("reps"):
            parts.append(f"× {dose['reps']}")
        if dose.get("sets") and dose["sets"] > 1:
            parts.append(f"× {dose['sets']} sets")
        text = " ".join(parts)
    if dose.get("days_per_week"):
        text += f", {dose['days_per_week']} days/week"
    if dose.get("every_weeks"):
        text += f", every {dose['every_weeks']} weeks"
    return text


def _program_text(result: dict[str, Any]) -> list[str]:
    program = result["program"]
    if program is None:
        if result["referral"]:
            return ["[bold]Release programme[/bold]: held back until a clinician has looked (see above)."]
        return ["[bold]Release programme[/bold]: none."]
    lines = [
        f"[bold]Release programme[/bold] (about {program['minutes_per_day']} min a day; "
        f"review after {program['review_after_weeks']} weeks, on {program['review_date']})"
    ]
    lines += [f"  [yellow]! {c}[/yellow]" for c in program.get("cautions", [])]
    for item in program["items"]:
        sides = f" ({', '.join(item['sides'])})" if item.get("sides") and item["sides"] != ["center"] else ""
        optional = " [dim](optional)[/dim]" if item.get("optional") else ""
        lines.append(f"  • [bold]{item['name']}[/bold]{sides}: {_dose_text(item['dose'])}{optional}")
        if item.get("why"):
            lines.append(f"    [dim]{item['why']}[/dim]")
    for advice in program.get("advice", []):
        text = advice.get("text") or advice.get("message") or ""
        if text:
            lines.append(f"  → {text}")
    return lines


def render_markdown(result: dict[str, Any]) -> str:
    """Markdown report with the same content as the text report."""
    from rich.text import Text

    out = []
    for line in render_text(result).splitlines():
        plain = Text.from_markup(line).plain
        if line.startswith("[bold]") and not line.startswith("  "):
            out.append(f"\n## {plain}\n" if not plain.startswith("psoas assessment") else f"# {plain}\n")
        else:
            out.append(plain)
    return "\n".join(out).strip() + "\n"

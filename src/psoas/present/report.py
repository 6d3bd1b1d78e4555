"""Human-readable reports of an assessment: text (Rich markup) and Markdown, from the same facts.

Both render an :class:`~psoas.present.assessment_view.AssessmentView` (built from a fresh assessment or from
a stored result), so the causes, their order and their words are the ones the web page and the documents
show; this module only lays them out as lines.
"""

from __future__ import annotations

from psoas.present.assessment_view import AssessmentView, CauseView, ProgramView

EVIDENCE_STYLE = {
    "established": "bold green",
    "biomechanical": "cyan",
    "weak": "yellow",
    "unsupported": "magenta",
    "contradicted": "bold red",
}
BAR_WIDTH = 24
NEXT_TESTS = 3
UNANSWERED_NAMED = 6


def bar(probability: float, width: int = BAR_WIDTH) -> str:
    """A text probability bar, e.g. ``bar(0.5, 4) == "██░░"``."""
    filled = round(max(0.0, min(1.0, probability)) * width)
    return "█" * filled + "░" * (width - filled)


def _badge(evidence: str) -> str:
    style = EVIDENCE_STYLE.get(evidence, "dim")
    return f"[{style}]\\[{evidence}][/{style}]"


def render_text(view: AssessmentView) -> str:
    """Rich-markup text report (print with ``rich.console.Console().print``)."""
    lines = [f"[bold]psoas assessment[/bold]  [dim]engine {view.engine_version} · {view.date}[/dim]"]
    lines += [f"[dim]{view.disclaimer}[/dim]", ""]
    referral = view.referral
    if referral:
        style = "bold white on red" if referral.urgency in ("emergency", "urgent") else "bold black on yellow"
        lines.append(f"[{style}] {referral.urgency.upper()}: {referral.words} [/{style}]")
        lines += [f"  • {reason}" for reason in referral.reasons]
        lines += [f"  {referral.advice}", ""]
    lines += [f"[yellow]! {caution}[/yellow]" for caution in view.red_flag_cautions]
    unanswered = view.red_flags_unanswered
    if unanswered:
        named = ", ".join(unanswered[:UNANSWERED_NAMED]) + ("…" if len(unanswered) > UNANSWERED_NAMED else "")
        lines += [
            f"[yellow]Not yet screened:[/yellow] {len(unanswered)} red-flag question(s) were left "
            f"unanswered ({named}). Unanswered is not the same as no.",
            "",
        ]
    lines += _cause_lines(view.causes)
    lines += _region_lines(view)
    if view.next_tests:
        lines += ["", "[bold]The next self-test that would settle the most[/bold]"]
        lines += [f"  • {t.words}: {t.settles_words}" for t in view.next_tests[:NEXT_TESTS]]
    lines += ["", *_program_lines(view.program, held_back=view.referral is not None)]
    return "\n".join(lines)


def cause_line(cause: CauseView) -> str:
    """One cause: bar, how likely you have it, its name and evidence, and what it may explain."""
    return (
        f"  {bar(cause.probability)} {cause.likely_words} {cause.label} {_badge(cause.evidence)} "
        f"[dim]· {cause.explains_words}[/dim]"
    )


def _cause_lines(causes: list[CauseView]) -> list[str]:
    lines = [
        "[bold]Likely sources of the pull or pain[/bold] (how likely you have it; "
        "how much of each painful region it may explain)"
    ]
    if not causes:
        lines.append(
            "  Nothing points anywhere yet: mark where it hurts, or take one of the self-tests below."
        )
    return lines + [cause_line(c) for c in causes]


def _region_lines(view: AssessmentView) -> list[str]:
    """Per painful region, the chains that may explain it (share of the explanation; weakest link)."""
    if not view.regions:
        return []
    lines = [
        "",
        "[bold]What could explain each painful region[/bold] (share of the explanation; weakest link)",
    ]
    for region in view.regions:
        lines.append(f"  [bold]{region.words.capitalize()}[/bold]")
        lines += [
            f"    {ch.contribution_words:>4}  {ch.path_words} {_badge(ch.evidence)}" for ch in region.chains
        ]
    return lines


def _program_lines(program: ProgramView | None, held_back: bool) -> list[str]:
    if program is None:
        if held_back:
            return ["[bold]Release programme[/bold]: held back until a clinician has looked (see above)."]
        return ["[bold]Release programme[/bold]: none."]
    lines = [
        f"[bold]Release programme[/bold] (about {program.minutes_per_day} min a day; "
        f"review after {program.review_after_weeks} weeks, on {program.review_date})"
    ]
    lines += [f"  [yellow]! {c}[/yellow]" for c in program.cautions]
    for item in program.items:
        sides = f" ({item.sides_words})" if item.sides_words else ""
        optional = " [dim](optional)[/dim]" if item.optional else ""
        lines.append(f"  • [bold]{item.name}[/bold]{sides}: {item.dose_line}{optional}")
        if item.why:
            lines.append(f"    [dim]{item.why}[/dim]")
    lines += [f"  → {text}" for text in program.advice]
    return lines


def render_markdown(view: AssessmentView) -> str:
    """Markdown report with the same content as the text report."""
    from rich.text import Text

    out = []
    for line in render_text(view).splitlines():
        plain = Text.from_markup(line).plain
        if line.startswith("[bold]") and not line.startswith("  "):
            out.append(f"\n## {plain}\n" if not plain.startswith("psoas assessment") else f"# {plain}\n")
        else:
            out.append(plain)
    return "\n".join(out).strip() + "\n"

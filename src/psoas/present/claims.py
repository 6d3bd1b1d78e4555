"""The annotated article as JSON-ready dicts, plain text and Markdown (CLI, API, web and README).

One function builds the dict of a claim (:func:`claim_dict`); every face renders from it, so the page,
the API and the CLI cannot drift apart. :func:`readme_table` is the short table the README carries
between ``<!-- claims-table:start -->`` and ``<!-- claims-table:end -->`` (``scripts/claims_table.py``
writes it; ``tests/test_claims.py`` fails when it differs).
"""

from __future__ import annotations

from typing import Any

from psoas.knowledge.claims import Claim, Claims, program_value

TABLE_START = "<!-- claims-table:start -->"
TABLE_END = "<!-- claims-table:end -->"


def claim_dict(claims: Claims, claim: Claim) -> dict[str, Any]:
    """Everything known about one claim, with its sources resolved to full references."""
    refs = claims.references
    out: dict[str, Any] = {
        "id": claim.id,
        "origin": claim.origin,
        "title": claim.title,
        "says": claim.says,
        "known": claim.known,
        "level": claim.level,
        "regions": list(claim.regions),
        "maps_to": {
            key: list(getattr(claim, key))
            for key in ("links", "muscles", "exercises", "modifiers", "program", "tests", "causes")
            if getattr(claim, key)
        },
        "numbers": [{"what": n.what, "value": n.value, "source": n.source} for n in claim.numbers],
        "sources": [refs[key].to_dict() for key in claim.sources],
        "self_test": claim.self_test,
    }
    if claim.correction:
        out["correction"] = claim.correction
    if claim.program:
        out["program_rules"] = {
            rule: dict(zip(("words", "value"), program_value(rule), strict=True)) for rule in claim.program
        }
    return out


def claims_dict(claims: Claims) -> dict[str, Any]:
    """The whole annotated article."""
    return {
        "version": claims.version,
        "article": claims.article,
        "claims": [claim_dict(claims, c) for c in claims.claims.values()],
    }


def render_text(claims: Claims) -> str:
    """Plain text: one block per claim, article claims first in article order."""
    lines = [f"The article, annotated ({claims.article}; claims {claims.version})", ""]
    for claim in claims.claims.values():
        lines.append(f"[{claim.level}] {claim.title}  ({claim.id}, {claim.origin})")
        lines.append(f"  says:  {claim.says}")
        lines.append(f"  known: {claim.known}")
        for n in claim.numbers:
            lines.append(f"  number: {n.what}: {n.value} [{n.source}]")
        if claim.self_test:
            lines.append(f"  test it: {claim.self_test}")
        lines.append("  sources: " + "; ".join(_source_word(claims, key) for key in claim.sources))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _source_word(claims: Claims, key: str) -> str:
    ref = claims.references[key]
    link = ref.link
    mark = " (unconfirmed)" if ref.unconfirmed else ""
    return f"{key}{mark}" + (f" <{link}>" if link else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(claims: Claims) -> str:
    """Markdown: a section per claim with its numbers, self-test and linked sources."""
    out = [f"# The article, annotated\n\n{claims.article}; claims version {claims.version}.\n"]
    for claim in claims.claims.values():
        who = "the article" if claim.origin == "article" else "psoas adds"
        out.append(f"## {claim.title}\n\n**{claim.level}** ({who}; `{claim.id}`)\n")
        out.append(f"- **Says:** {claim.says}\n- **Known:** {claim.known}")
        if claim.correction:
            out.append(f"- **Correction:** {claim.correction}")
        out.extend(f"- **Number:** {n.what}: {n.value} ({n.source})" for n in claim.numbers)
        if claim.self_test:
            out.append(f"- **Test it yourself:** {claim.self_test}")
        for key in claim.sources:
            ref = claims.references[key]
            link = f" <{ref.link}>" if ref.link else ""
            out.append(f"- **Source** `{key}`: {ref.citation}{link}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def readme_table(claims: Claims) -> str:
    """The README's short table of the article's claims and their levels (Markdown, no markers)."""
    rows = ["| The article's claim (paraphrased) | Evidence | More |", "|---|---|---|"]
    for claim in claims.article_claims():
        rows.append(f"| {_cell(claim.title)} | {claim.level} | `psoas claims {claim.id}` |")
    return "\n".join(rows)


def replace_table(readme: str, table: str) -> str:
    """The README text with the block between the markers replaced by ``table``."""
    start, end = readme.index(TABLE_START) + len(TABLE_START), readme.index(TABLE_END)
    return readme[:start] + "\n" + table + "\n" + readme[end:]

"""The parts of the documents, as plain data for the templates (and for the FHIR export).

Each function reads an assessment result, an intake or journal output and returns rows for the
templates; nothing here renders. Causes and chains come from the presentation layer
(:mod:`psoas.present.assessment_view`), as on the results page. Angles are degrees, pain is NRS 0-10,
probabilities are 0-1.
Where another part of psoas is still growing (cause traits and explanations, the N-of-1 trial),
one function here is the only place that reads it, so the documents follow when it lands.
"""

from __future__ import annotations

from typing import Any

from psoas.knowledge import vocab

SEE_SECTIONS = 6
"""How many ranked causes the clinician summary lists."""


def one_line(text: str) -> str:
    """The first sentence of ``text`` (the "why in one line" of an exercise)."""
    text = " ".join(str(text or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def therapist_name(history: list[dict[str, Any]], given: str | None) -> str:
    """The therapist to print: the one given, else who led the latest visit, else ''."""
    if given:
        return given.strip()
    for entry in reversed(history):
        if entry.get("kind") == "visit" and entry.get("who"):
            return str(entry["who"])
    return ""


def red_flag_rows(intake: dict[str, Any], result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every red-flag question with the answer given (yes, no, not sure or unanswered) and whether a rule fired."""
    from psoas.assessment.redflags import QUESTIONS

    answers = intake.get("red_flags") or {}
    unsure = set(intake.get("red_flags_unsure") or [])
    fired = set(result.get("red_flag_rules") or [])
    rows = []
    for flag, question in QUESTIONS.items():
        answer = answers.get(flag)
        rows.append(
            {
                "flag": flag,
                "question": question,
                "answer": _answer_words(answer, flag in unsure),
                "fired": flag in fired or f"unsure_{flag}" in fired,
            }
        )
    return rows


def _answer_words(answer: bool | None, unsure: bool) -> str:
    if unsure:
        return "not sure"
    return "unanswered" if answer is None else ("yes" if answer else "no")


def cause_rows(result: dict[str, Any], limit: int = SEE_SECTIONS) -> list[dict[str, Any]]:
    """The first ``limit`` causes the reports and the results page show, in their order and words.

    ``trait`` says what the cause is (the atlas's description); ``explanation`` how much of each
    painful region it may explain, beside the probability of having it (:mod:`psoas.present.assessment_view`).
    """
    from psoas.present.assessment_view import stored_view
    from psoas.present.words import percent

    rows = []
    for c in stored_view(result).causes[:limit]:
        rows.append(
            {
                "id": c.id,
                "label": c.label,
                "side": c.side,
                "probability": c.probability,
                "prior": c.prior,
                "likely": f"{percent(c.probability)} ({percent(c.prior)})",
                "evidence": c.evidence,
                "trait": c.about,
                "explanation": c.explains_words[:1].upper() + c.explains_words[1:] + ".",
                "chains": c.chains,
            }
        )
    return rows


def chain_rows(result: dict[str, Any], limit: int = SEE_SECTIONS) -> tuple[list[dict[str, Any]], list[str]]:
    """Each chain of the ranked causes as links with evidence levels, and the numbered citations."""
    from psoas.knowledge.atlas import load_atlas
    from psoas.present.words import node_words

    atlas = load_atlas()
    by_pair = {(link.source, link.target): link for link in atlas.links}
    keys: list[str] = []
    rows = []
    for cause in cause_rows(result, limit):
        for chain in cause["chains"]:
            links = []
            for source, target in zip(chain.path, chain.path[1:], strict=False):
                link = by_pair.get((source, target))
                cite = link.cite if link else ""
                if cite and cite not in keys:
                    keys.append(cite)
                links.append(
                    {
                        "to": node_words(target),
                        "evidence": link.evidence if link else "",
                        "ref": keys.index(cite) + 1 if cite else None,
                    }
                )
            rows.append(
                {
                    "cause": cause["label"],
                    "region": chain.region,
                    "side": chain.side,
                    "evidence": chain.evidence,
                    "contribution": chain.contribution,
                    "region_words": chain.region_words,
                    "contribution_words": chain.contribution_words,
                    "links": links,
                }
            )
    citations = [atlas.references.get(k, k) for k in keys]
    return rows, citations


def self_test_rows(intake: dict[str, Any]) -> list[dict[str, Any]]:
    """Every measured or scored self-test value: test, side, field, value, unit, label and method."""
    from psoas.knowledge.test_guides import test_guide

    rows = []
    for test, sides in (intake.get("tests") or {}).items():
        guide = test_guide(test)
        labels = {name: label for name, _kind, label in (guide.fields if guide else ())}
        title = guide.title.split(":")[0] if guide else test.replace("_", " ")
        for side in vocab.BODY_SIDES:
            values = (sides or {}).get(side)
            if values is None:
                continue
            if isinstance(values, str):
                values = {"result": values}
            method = str(values.get("method") or f"{title}, done at home as psoas describes it")
            for name, value in values.items():
                if name == "method" or value is None:
                    continue
                rows.append(
                    {
                        "test": test,
                        "title": title,
                        "side": side,
                        "field": name,
                        "value": value,
                        "unit": "deg" if name.endswith("_deg") else "",
                        "label": labels.get(name, name.replace("_", " ")),
                        "method": method,
                    }
                )
    return rows


def painful_parts(intake: dict[str, Any]) -> frozenset[tuple[str, str]]:
    """(region, body side) pairs to shade on the pain map."""
    chosen = set()
    for entry in intake.get("pain") or []:
        region = str(entry.get("region"))
        for side in vocab.sides_of(region, entry.get("side") or "center"):
            chosen.add((region, side))
    return frozenset(chosen)


def pain_map(intake: dict[str, Any]) -> str:
    """The body map (front and back) with the painful regions shaded."""
    from psoas.draw.bodymap import render_bodymap

    return render_bodymap(painful_parts(intake))


def trial_result(journal: Any, person: str) -> dict[str, Any] | None:
    """The person's active per-person trial for the summary (None when there is none).

    ``verdict`` (plain words), ``design``, and per rated region its change with the 90% interval,
    from the same report as ``psoas trial report`` (:mod:`psoas.trial.cent_report`).
    """
    from psoas.draw.bodymap import region_label
    from psoas.errors import NotFoundError

    try:
        report = journal.trial_report(person)
    except NotFoundError:
        return None
    designs = {"ab": "Baseline then release (AB)", "reversal": "Randomised reversal (pairs of periods)"}
    regions = [
        {
            "label": region_label(r["region"], r["side"]),
            "effect": r.get("effect"),
            "interval_90": r.get("interval_90"),
            "verdict": str(r.get("verdict", "")).replace("_", " "),
        }
        for r in report["regions"]
    ]
    return {
        "design": designs.get(report["design"], report["design"]),
        "verdict": report["verdict"],
        "regions": regions,
        "dates": f"{report['plan']['start']} to {report['plan']['end']}",
    }

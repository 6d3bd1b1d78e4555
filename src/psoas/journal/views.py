"""Read models built from the repository: history, progress series and the verify report.

Times in the returned dicts are ISO-8601 UTC (``…Z``); days are UTC calendar days; pain is NRS
points 0–10.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from psoas.journal import repo
from psoas.journal.parse import iso
from psoas.knowledge.vocab import REGIONS, sides_of

_EPOCH = datetime(1970, 1, 1)


def day_number(moment: datetime) -> float:
    """Days (fractional) since 1970-01-01 UTC."""
    return (moment - _EPOCH).total_seconds() / 86400.0


def _pain(r: Any) -> dict[str, Any]:
    sensations = [x for x in r.sensations.split(",") if x]
    row = {"kind": "pain", "id": r.id, "at": iso(r.at), "region": r.region, "side": r.side}
    return row | {"intensity": r.intensity, "sensations": sensations, "note": r.note}


def _practice(r: Any) -> dict[str, Any]:
    row = {"kind": "practice", "id": r.id, "at": iso(r.at), "exercise_id": r.exercise_id}
    return row | {"minutes": r.minutes, "holds": r.holds, "reps": r.reps, "felt": r.felt}


def _visit(r: Any) -> dict[str, Any]:
    row = {"kind": "visit", "id": r.id, "at": iso(r.at), "visit_kind": r.kind, "who": r.who}
    return row | {"notes": r.notes}


def _assessment(a: Any) -> dict[str, Any]:
    return {"kind": "assessment", "id": a.id, "at": iso(a.created_at), "engine_version": a.engine_version}


_KINDS = {
    "pain": (0, _pain),
    "practice": (1, _practice),
    "visit": (2, _visit),
    "assessment": (3, _assessment),
}
"""Each entry kind: its place among entries logged at the same moment, and its row builder."""


def history(session: Session, person_id: int, since: datetime | None) -> list[dict[str, Any]]:
    """All entries of one person, oldest first, each tagged with its ``kind``."""
    items: list[tuple[datetime, int, dict[str, Any]]] = []
    items += [(r.at, 0, _pain(r)) for r in repo.pain_rows(session, person_id, since)]
    items += [(r.at, 1, _practice(r)) for r in repo.practice_rows(session, person_id, since)]
    items += [(r.at, 2, _visit(r)) for r in repo.visit_rows(session, person_id, since)]
    items += [(a.created_at, 3, _assessment(a)) for a in repo.assessments(session, person_id, since)]
    items.sort(key=lambda item: (item[0], item[1], item[2]["id"]))
    return [item[2] for item in items]


def newest(session: Session, person_id: int, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` newest entries, newest first: the end of :func:`history` in reverse, read with
    ``limit`` rows at most from each table."""
    items: list[tuple[datetime, int, int, Any]] = []
    for kind, (order, _build) in _KINDS.items():
        for r in repo.newest_rows(session, kind, person_id, limit):
            items.append((r.created_at if kind == "assessment" else r.at, order, r.id, r))
    items.sort(key=lambda item: item[:3], reverse=True)
    builders = [build for _order, build in _KINDS.values()]
    return [builders[order](r) for _at, order, _id, r in items[:limit]]


def _region_order(key: tuple[str, str]) -> tuple[int, str]:
    region, side = key
    return (REGIONS.index(region) if region in REGIONS else len(REGIONS), side)


def pain_series(session: Session, person_id: int) -> dict[tuple[str, str], list[tuple[datetime, int]]]:
    """(region, side) → [(at, intensity), …] in time order."""
    series: dict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)
    for r in repo.pain_rows(session, person_id):
        series[(r.region, r.side)].append((r.at, r.intensity))
    return dict(sorted(series.items(), key=lambda kv: _region_order(kv[0])))


def progress(session: Session, person_id: int, name: str) -> dict[str, Any]:
    """Daily mean pain per region/side, practice minutes per day and the visits."""
    out_series = []
    for (region, side), points in pain_series(session, person_id).items():
        days: dict[str, list[int]] = defaultdict(list)
        for at, value in points:
            days[at.date().isoformat()].append(value)
        out_series.append(
            {
                "region": region,
                "side": side,
                "days": [
                    {"date": d, "mean": round(sum(v) / len(v), 3), "n": len(v)}
                    for d, v in sorted(days.items())
                ],
            }
        )
    practice: dict[str, dict[str, float]] = defaultdict(lambda: {"minutes": 0.0, "sessions": 0})
    for r in repo.practice_rows(session, person_id):
        slot = practice[r.at.date().isoformat()]
        slot["minutes"] += r.minutes or 0.0
        slot["sessions"] += 1
    visits = [{"at": iso(r.at), "kind": r.kind} for r in repo.visit_rows(session, person_id)]
    return {
        "person": name,
        "series": out_series,
        "practice": [{"date": d} | v for d, v in sorted(practice.items())],
        "visits": visits,
    }


def _chains_for(result: dict[str, Any] | None, region: str, side: str) -> list[dict[str, Any]]:
    """Chains of the assessment result that explain this region on this side."""
    if not result:
        return []
    wanted = set(sides_of(region, side)) | {side}
    found = []
    for cause in result.get("causes") or []:
        for chain in cause.get("chains") or []:
            if chain.get("region") == region and chain.get("side") in wanted:
                found.append({"cause": cause.get("id")} | dict(chain))
    found.sort(key=lambda c: -float(c.get("contribution") or 0.0))
    return found


def verify(session: Session, person_id: int, name: str, start: datetime | None) -> dict[str, Any]:
    """The verify report: one entry per painful region and a plain-language summary."""
    import numpy as np

    from psoas.journal.verify import estimate_dose, estimate_effect

    minutes_by_day: dict[int, float] = defaultdict(float)
    for r in repo.practice_rows(session, person_id):
        minutes_by_day[int(day_number(r.at) // 1)] += r.minutes or 0.0
    began = start or repo.first_release_at(session, person_id)
    start_day = day_number(began) if began is not None else None
    active = repo.active_program(session, person_id)
    result = active[1].result if active and active[1] is not None else None
    regions = []
    for (region, side), points in pain_series(session, person_id).items():
        if max(v for _, v in points) == 0:
            continue
        days = np.fromiter((day_number(at) for at, _ in points), float, len(points))
        values = np.fromiter((v for _, v in points), float, len(points))
        est = estimate_effect(days, values, start_day)
        dose = estimate_dose(days, values, minutes_by_day) if minutes_by_day else None
        regions.append(
            {
                "region": region,
                "side": side,
                "baseline": _round(est.baseline),
                "effect": _round(est.effect),
                "interval_90": None if est.interval_90 is None else [_round(x) for x in est.interval_90],
                "n_before": est.n_before,
                "n_after": est.n_after,
                "verdict": est.verdict,
                "chain": _chains_for(result, region, side),
                "dose": None
                if dose is None
                else {"per_10_min_a_day": _round(dose[0]), "interval_90": [_round(x) for x in dose[1]]},
            }
        )
    from psoas.journal.edits import edit_count

    edited = edit_count(session, person_id)
    summary = summarise(regions, began)
    if edited:
        summary += f"\n{edited} diary entries were edited or deleted after logging (the history is kept)."
    return {
        "person": name,
        "start": None if began is None else iso(began),
        "program_active": active is not None,
        "regions": regions,
        "edits": edited,
        "summary": summary,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _label(item: dict[str, Any]) -> str:
    region = item["region"].replace("_", " ")
    return region if item["side"] == "center" else f"{region} ({item['side']})"


def summarise(regions: list[dict[str, Any]], began: datetime | None) -> str:
    """A few plain sentences: what changed, how sure, and which chains the data support."""
    from psoas.journal.verify import MEANINGFUL_CHANGE_POINTS, MIN_DAYS_AFTER, MIN_DAYS_BEFORE

    if not regions:
        return "No pain logged yet: log pain a few days before and after starting the release program."
    if began is None:
        return (
            "No practice or visit logged yet, so every diary day so far is baseline. Keep logging pain; "
            "once you start the program, log practice and psoas can compare before and after."
        )
    lines = [f"Release work began {began.date().isoformat()}."]
    for item in regions:
        label = _label(item)
        if item["verdict"] == "insufficient_data":
            lines.append(
                f"{label}: not enough data yet ({item['n_before']} of {MIN_DAYS_BEFORE} baseline days, "
                f"{item['n_after']} of {MIN_DAYS_AFTER} days since)."
            )
            continue
        lo, hi = item["interval_90"]
        change = "fell" if item["effect"] < 0 else "rose"
        text = (
            f"{label}: pain {change} by {abs(item['effect']):.1f} points from a baseline of "
            f"{item['baseline']:.1f} (90% interval {lo:+.1f} to {hi:+.1f})"
        )
        if item["verdict"] == "supported":
            reaches = -item["effect"] >= MEANINGFUL_CHANGE_POINTS
            text += "; your own data support an improvement" + (
                f" reaching the {MEANINGFUL_CHANGE_POINTS:g} points usually felt as meaningful"
                if reaches
                else f", smaller than the {MEANINGFUL_CHANGE_POINTS:g} points usually felt as meaningful"
            )
            causes = sorted({str(c["cause"]) for c in item["chain"] if c.get("cause")})
            if causes:
                text += ", consistent with the chain from " + ", ".join(c.replace("_", " ") for c in causes)
        else:
            text += "; your data do not (yet) show an improvement"
        lines.append(text + ".")
    lines.append("This is an observation of one person over time, not a diagnosis or proof of cause.")
    return "\n".join(lines)

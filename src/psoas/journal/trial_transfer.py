"""Trials in the JSON export: the plan, its programme by position and the trait measurements.

An export without ``trials`` (older files) imports unchanged. Database ids never appear: a trial
points at its programme by the programme's position in the person's ``programs`` list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.errors import InputError
from psoas.journal import parse
from psoas.journal.models import Trial, TrialMeasurement


def dump(session: Session, person_id: int, program_index: dict[int, int]) -> list[dict[str, Any]]:
    """The person's trials, oldest first."""
    out = []
    trials = session.scalars(
        select(Trial).where(Trial.person_id == person_id).order_by(Trial.created_at, Trial.id)
    )
    for t in trials:
        query = select(TrialMeasurement).where(TrialMeasurement.trial_id == t.id)
        found = session.scalars(query.order_by(TrialMeasurement.at, TrialMeasurement.id))
        out.append(
            {
                "program": None if t.program_id is None else program_index.get(t.program_id),
                "created_at": parse.iso(t.created_at),
                "active": bool(t.active),
                "plan": t.plan,
                "measurements": [
                    {"at": parse.iso(m.at), "side": m.side, "hip_angle_deg": m.hip_angle_deg}
                    | {"method": m.method, "probability": m.probability}
                    for m in found
                ],
            }
        )
    return out


def load(session: Session, items: Any, path: str, person_id: int, program_ids: list[int]) -> int:
    """Import the ``trials`` of one person; the first bad field raises :class:`InputError`."""
    from psoas.trial.plan import TrialPlan

    if not isinstance(items, list):
        raise InputError(path, "must be a list")
    if sum(1 for t in items if isinstance(t, dict) and t.get("active") is True) > 1:
        raise InputError(path, "more than one trial is active")
    for i, item in enumerate(items):
        p = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InputError(p, "must be an object")
        ref = item.get("program")
        if ref is not None and (not isinstance(ref, int) or not 0 <= ref < len(program_ids)):
            raise InputError(f"{p}.program", f"no programme number {ref}")
        try:
            plan = TrialPlan.from_dict(item["plan"]).to_dict()
            created = parse.to_utc(datetime.fromisoformat(str(item["created_at"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{p}.plan", f"not a trial plan ({exc})") from exc
        row = Trial(
            person_id=person_id,
            program_id=None if ref is None else program_ids[ref],
            created_at=created,
            active=bool(item.get("active")),
            plan=plan,
        )
        session.add(row)
        session.flush()
        for k, m in enumerate(item.get("measurements") or []):
            try:
                session.add(
                    TrialMeasurement(
                        trial_id=row.id,
                        at=parse.to_utc(datetime.fromisoformat(str(m["at"]))),
                        side=str(m["side"]),
                        hip_angle_deg=float(m["hip_angle_deg"]),
                        method=str(m["method"]),
                        probability=None if m.get("probability") is None else float(m["probability"]),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{p}.measurements[{k}]", f"not a measurement ({exc})") from exc
        session.flush()
    return len(items)

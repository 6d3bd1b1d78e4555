"""Photos a person chose to keep: saved in their journal, listed, shown, compared, deleted.

Only the cleaned photo is kept (EXIF-free JPEG, at most 1280 px), with the landmarks as placed and
the readings. Nothing is kept unless asked; the journal's export leaves photos out. A re-test is
compared with the first photo of the same view and side: the change in each angle against the
minimum detectable change (MDC95 = 1.96 × √(SEM₁² + SEM₂²), the SEM of each photo's method).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psoas.errors import NotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.service import Journal
    from psoas.photo.image import Photo
    from psoas.photo.measure import Measurement

COMPARED = ("hip_angle_deg", "knee_angle_deg", "trunk_lean_deg", "ear_shoulder_angle_deg")


def _row(photo: Any) -> dict[str, Any]:
    return {
        "id": photo.id,
        "taken_at": photo.taken_at.isoformat(timespec="seconds"),
        "view": photo.view,
        "side": photo.side,
        "method": photo.method,
        "values": photo.reading.get("values", {}),
    }


def keep(journal: Journal, person_id: int, m: Measurement, photo: Photo) -> dict[str, Any]:
    """Save a measured photo for a person; returns its listing row."""
    from psoas.journal.models import Person
    from psoas.journal.models import Photo as PhotoRow

    with journal.transaction() as s:
        if s.get(Person, person_id) is None:
            raise NotFoundError(f"no person with id {person_id}")
        reading = m.to_dict()
        reading.pop("intake", None)
        row = PhotoRow(
            person_id=person_id,
            taken_at=datetime.now(UTC).replace(tzinfo=None),
            view=m.view,
            side=m.side,
            method=m.method,
            reading=reading,
            jpeg=photo.jpeg(),
        )
        s.add(row)
        s.flush()
        return _row(row)


def listing(journal: Journal, person_id: int) -> list[dict[str, Any]]:
    """A person's kept photos, oldest first (without the pixels)."""
    from sqlalchemy import select

    from psoas.journal.models import Photo as PhotoRow

    with journal.transaction() as s:
        rows = s.scalars(
            select(PhotoRow).where(PhotoRow.person_id == person_id).order_by(PhotoRow.taken_at, PhotoRow.id)
        )
        return [_row(r) | {"reading": r.reading} for r in rows]


def _get(s: Any, person_id: int, photo_id: int) -> Any:
    from psoas.journal.models import Photo as PhotoRow

    row = s.get(PhotoRow, photo_id)
    if row is None or row.person_id != person_id:
        raise NotFoundError(f"no photo {photo_id} for person {person_id}")
    return row


def jpeg(journal: Journal, person_id: int, photo_id: int) -> bytes:
    with journal.transaction() as s:
        data: bytes = _get(s, person_id, photo_id).jpeg
        return data


def delete(journal: Journal, person_id: int, photo_id: int) -> None:
    with journal.transaction() as s:
        s.delete(_get(s, person_id, photo_id))


def overlay(journal: Journal, person_id: int, photo_id: int) -> str:
    """The kept photo with its landmarks and readings, as SVG."""
    import io

    from PIL import Image

    from psoas.photo import overlay as draw
    from psoas.photo.image import Photo as Cleaned

    with journal.transaction() as s:
        row = _get(s, person_id, photo_id)
        reading, data = row.reading, row.jpeg
    picture = Image.open(io.BytesIO(data))
    picture.load()
    cleaned = Cleaned(image=picture, original_size=picture.size)
    return draw.svg(measurement_from(reading), cleaned)


def measurement_from(reading: dict[str, Any]) -> Measurement:
    """A Measurement rebuilt from its stored JSON (for drawing)."""
    from psoas.photo import views
    from psoas.photo.measure import Measurement

    marks = reading["landmarks"]
    m = Measurement(
        view=reading["view"],
        side=reading["side"],
        side_from=reading.get("side_from", "given"),
        size=(reading["image"]["width"], reading["image"]["height"]),
        rotation=reading["image"].get("rotation_tried", 0),
        points={k: (v["x"], v["y"]) for k, v in marks.items()},
        confidence={k: v["confidence"] for k, v in marks.items()},
    )
    m.corrected = {k for k, v in marks.items() if v.get("corrected")}
    level = reading.get("level")
    m.level = ((level[0][0], level[0][1]), (level[1][0], level[1][1])) if level else None
    m.reading = views.Reading(values=dict(reading["values"]), missing=dict(reading.get("missing", {})))
    return m


def compare(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """First against latest kept photo per (view, side): the change and whether it beats the MDC."""
    from psoas.reasoning.traits import method_sem_deg

    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["view"], row["side"]), []).append(row)
    out = []
    for (view, side), group in groups.items():
        if len(group) < 2:
            continue
        first, last = group[0], group[-1]
        mdc = 1.96 * math.sqrt(method_sem_deg(first["method"]) ** 2 + method_sem_deg(last["method"]) ** 2)
        changes = []
        for name in COMPARED:
            a, b = first["values"].get(name), last["values"].get(name)
            if a is not None and b is not None:
                change = b - a
                changes.append(
                    {"name": name, "before": a, "after": b, "change": change, "beyond_mdc": abs(change) > mdc}
                )
        out.append(
            {"view": view, "side": side, "before": first, "after": last, "mdc_deg": mdc, "changes": changes}
        )
    return out

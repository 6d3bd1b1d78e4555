"""The one place a photo measurement becomes intake values (the wizard, the API and the CLI use it).

Thomas → ``tests.thomas.<side>`` with ``hip_angle_deg`` and ``knee_angle_deg``; standing side view →
``posture.trunk_lean_deg`` and ``posture.ear_shoulder_angle_deg``; the front view has no intake field.
The test side (and the posture block) carries ``"method": "photo_corrected"`` when a landmark was
moved, else ``"photo"``, as soon as the intake schema has the optional ``method`` field (the engine
adds it); until then the field is left out so that the intake stays valid. A value outside the intake's range is left out
(the photo was probably misread) rather than breaking the assessment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from psoas.photo.measure import Measurement

INTAKE_FIELDS = {
    "thomas": {"hip_angle_deg": "hip_angle_deg", "knee_angle_deg": "knee_angle_deg"},
    "side": {"trunk_lean_deg": "trunk_lean_deg", "ear_shoulder_angle_deg": "ear_shoulder_angle_deg"},
}


def _model_fields(model: Any) -> dict[str, Any]:
    fields: dict[str, Any] = model.model_fields
    return fields


def _in_range(model: Any, name: str, value: float) -> bool:
    info = _model_fields(model)[name]
    for rule in info.metadata:
        low, high = getattr(rule, "ge", None), getattr(rule, "le", None)
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    return True


def method_supported(view: str = "thomas") -> bool:
    """Whether the intake schema takes ``method`` on a test side / on posture (the engine's addition)."""
    from psoas.intake.schema import Posture, ThomasSide

    return "method" in _model_fields(ThomasSide if view == "thomas" else Posture)


def intake_values(m: Measurement) -> dict[str, Any]:
    """The intake fragment for a measurement (merge it into an intake's ``tests`` / ``posture``)."""
    from psoas.intake.schema import Posture, ThomasSide

    model = ThomasSide if m.view == "thomas" else Posture
    chosen: dict[str, Any] = {}
    for source, target in INTAKE_FIELDS.get(m.view, {}).items():
        value = m.reading.values.get(source)
        if value is not None and _in_range(model, target, value):
            chosen[target] = round(value, 1)
    if not chosen:
        return {}
    if method_supported(m.view):
        chosen["method"] = m.method
    if m.view == "thomas":
        return {"tests": {"thomas": {m.side: chosen}}}
    return {"posture": chosen}

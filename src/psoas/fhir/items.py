"""The Questionnaire's item type and the self-tests' fields (shared by the Questionnaire and the code system)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """One question (``type`` integer, decimal, boolean or string, with ``options`` the allowed words) or group."""

    key: str
    type: str
    text: str = ""
    repeats: bool = False
    options: tuple[str, ...] = ()
    items: tuple[Item, ...] = field(default_factory=tuple)


def _num(key: str, text: str, kind: str = "decimal") -> Item:
    return Item(key, kind, text)


def _choice(key: str, options: tuple[str, ...], text: str = "", repeats: bool = False) -> Item:
    # a string question with its allowed words as answerOption: answers are valueString, as the
    # spec's item-type table has it for "string" (a "choice" item would want valueCoding)
    return Item(key, "string", text or key.replace("_", " "), repeats, options)


_TEST_FIELDS: dict[str, tuple[Item, ...]] = {
    "thomas": (
        _num("hip_angle_deg", "Thigh above horizontal (degrees)"),
        _num("knee_angle_deg", "Hanging knee bend (degrees)"),
        Item("thigh_abducts", "boolean", "The thigh drifts outwards"),
    ),
    "knee_extension_90_90": (_num("deficit_deg", "Degrees short of straight"),),
    "straight_leg_raise": (
        _num("angle_deg", "Leg angle from the floor (degrees)"),
        Item("reproduces_leg_pain", "boolean", "It brings on pain below the knee"),
    ),
    "hip_internal_rotation": (_num("angle_deg", "Shin angle from vertical (degrees)"),),
}

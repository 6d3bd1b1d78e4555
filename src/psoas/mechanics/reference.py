"""The reference body: one definition, read from ``data/mechanics/params_v1.toml`` (``[reference_body]``).

Every default height and mass (CLI ``simulate``, the web API, the drawings, the calibration and the
precomputed finding distributions) comes from here, so the model's reference person is declared once.
Reading it needs only the TOML file (no solver, no numpy), so faces may use it for their defaults.

The intake calls body mass ``weight_kg`` (a person's word); the mechanics call it ``mass_kg`` (a physics
word). Both names are public contracts; :func:`body_of` is the one place that maps one to the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from psoas.errors import AtlasError

INTAKE_MASS_KEY: Final[str] = "weight_kg"
"""The intake's name for body mass (psoas.intake.schema.Person)."""
MECHANICS_MASS_KEY: Final[str] = "mass_kg"
"""The mechanics' name for body mass (simulate, infer-tightness, the web API)."""


@dataclass(frozen=True)
class ReferenceBody:
    """The model's reference person (de Leva 1996 male table)."""

    height_m: float
    mass_kg: float

    @property
    def height_cm(self) -> float:
        return round(self.height_m * 100.0, 6)


@cache
def reference_body() -> ReferenceBody:
    """The reference body of the bundled parameters (validated: both numbers present and positive)."""
    import tomllib
    from pathlib import Path

    from psoas.mechanics.params import _numbers

    # read straight from the package folder: the CLI's option defaults need this at import, cheaply
    text = (Path(__file__).resolve().parents[1] / "data" / "mechanics" / "params_v1.toml").read_text("utf-8")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AtlasError(f"mechanics/params_v1.toml is not valid TOML: {exc}") from exc
    table = _numbers(doc.get("reference_body"), "reference_body")
    missing = [key for key in ("height_m", "mass_kg") if key not in table]
    if missing:
        raise AtlasError(f"mechanics data: reference_body needs {', '.join(missing)}")
    if table["height_m"] <= 0 or table["mass_kg"] <= 0:
        raise AtlasError("mechanics data: reference_body height_m and mass_kg must be positive")
    return ReferenceBody(table["height_m"], table["mass_kg"])


REFERENCE: Final[ReferenceBody] = reference_body()
REFERENCE_HEIGHT_M: Final[float] = REFERENCE.height_m
REFERENCE_HEIGHT_CM: Final[float] = REFERENCE.height_cm
REFERENCE_MASS_KG: Final[float] = REFERENCE.mass_kg


def body_of(person: Mapping[str, Any] | None) -> tuple[Any, Any]:
    """(height_cm, mass_kg) of a person given in intake words (``weight_kg``) or mechanics words (``mass_kg``).

    Missing values fall back to the reference body; the values are not range-checked here (the
    mechanics' ``validate_body`` does that and names the field).
    """
    person = person or {}
    height = person.get("height_cm")
    mass = person.get(MECHANICS_MASS_KEY, person.get(INTAKE_MASS_KEY))
    return (
        REFERENCE_HEIGHT_CM if height is None else height,
        REFERENCE_MASS_KG if mass is None else mass,
    )

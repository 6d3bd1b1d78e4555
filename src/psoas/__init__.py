"""psoas: trace musculoskeletal pain to the pull behind it, and release it — honestly.

The library faces are :func:`assess` and :func:`compare`; nothing heavy is imported until it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psoas.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from psoas.assessment.comparison import Comparison
    from psoas.assessment.pipeline import Assessment
    from psoas.photo.measure import Measurement

__all__ = ["__version__", "assess", "compare", "measure"]


def assess(intake: dict[str, Any] | str) -> Assessment:
    """Assess one intake (a dict, or a JSON string) and return an :class:`~psoas.assessment.pipeline.Assessment`.

    >>> import psoas
    >>> a = psoas.assess({"person": {"age": 40}, "pain": []})
    >>> a.referral is None
    True
    """
    from psoas.assessment.pipeline import assess as _assess

    return _assess(intake)


def compare(before: dict[str, Any] | str, after: dict[str, Any] | str) -> Comparison:
    """Compare two intakes of one person (before and after): trait probabilities and measured angles.

    Each angle's change is set against the minimum detectable change of the methods used (see
    :mod:`psoas.assessment.comparison`).
    """
    from psoas.assessment.comparison import compare as _compare

    return _compare(before, after)


def measure(
    photo: bytes | str, view: str, side: str | None = None, landmarks: dict[str, Any] | None = None
) -> Measurement:
    """Measure a photo (bytes or a path) for ``view`` ``thomas``, ``side`` or ``front``.

    ``landmarks`` are corrections (``{"landmarks": {"left_knee": [x, y]}, "level": [[x, y], [x, y]]}``
    in the cleaned photo's pixels). ``.to_dict()`` gives the JSON of ``psoas measure --format json``.
    The photo is read on this machine only; nothing is stored or logged.
    """
    from psoas.photo.measure import measure as _measure

    return _measure(photo, view, side, landmarks)

"""psoas: trace musculoskeletal pain to the pull behind it, and release it — honestly.

The library faces are :func:`assess` and :func:`compare`; nothing heavy is imported until it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from psoas.assessment import Assessment
    from psoas.comparison import Comparison

__all__ = ["__version__", "assess", "compare"]


def assess(intake: dict[str, Any] | str) -> Assessment:
    """Assess one intake (a dict, or a JSON string) and return an :class:`~psoas.assessment.Assessment`.

    >>> import psoas
    >>> a = psoas.assess({"person": {"age": 40}, "pain": []})
    >>> a.referral is None
    True
    """
    from psoas.assessment import assess as _assess

    return _assess(intake)


def compare(before: dict[str, Any] | str, after: dict[str, Any] | str) -> Comparison:
    """Compare two intakes of one person (before and after): trait probabilities and measured angles.

    Each angle's change is set against the minimum detectable change of the methods used (see
    :mod:`psoas.comparison`).
    """
    from psoas.comparison import compare as _compare

    return _compare(before, after)

"""psoas: trace musculoskeletal pain to the pull behind it, and release it — honestly.

The library face is :func:`assess`; nothing heavy is imported until it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from psoas.assessment import Assessment

__all__ = ["__version__", "assess"]


def assess(intake: dict[str, Any] | str) -> Assessment:
    """Assess one intake (a dict, or a JSON string) and return an :class:`~psoas.assessment.Assessment`.

    >>> import psoas
    >>> a = psoas.assess({"person": {"age": 40}, "pain": []})
    >>> a.referral is None
    True
    """
    from psoas.assessment import assess as _assess

    return _assess(intake)

"""A trial plan: phases on the calendar, the regions to rate, the logging times and the meaningful
change, all fixed before the data come in.

Designs:

- ``ab``: a baseline phase (default 7 days, no release work) then a release phase (default 14 days).
  Pain already logged in the last two weeks, before any practice, counts as baseline.
- ``reversal``: pairs of periods (default 3 pairs of 7 days), each pair one ``pause`` and one
  ``release`` period in random order (a seeded coin per pair). The first ``washout_days`` of every
  period after a switch are left out of the analysis (carry-over).

Dates are calendar days; a phase covers ``start`` up to but not including ``end``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from psoas.errors import InputError

DESIGNS = ("ab", "reversal")
KINDS = ("baseline", "release", "pause")
DEFAULT_BASELINE_DAYS = 7
DEFAULT_RELEASE_DAYS = 14
DEFAULT_PERIOD_DAYS = 7
DEFAULT_PAIRS = 3
DEFAULT_WASHOUT_DAYS = 2
DEFAULT_TIMES = ("08:00", "20:00")
DEFAULT_CHANGE_POINTS = 2.0
DEFAULT_CHANGE_FRACTION = 0.30
LOOKBACK_DAYS = 14
MAX_PHASE_DAYS = 120

REVERSAL_NOTE = (
    "A reversal design pauses the release work in some weeks and resumes it in others, in random "
    "order, so a change that follows the practice on and off is hard to explain by chance or by a "
    "slow drift. It suits effects that come and go within days. It is unsuitable when a gain "
    "persists after you stop (a stretch that lengthens tissue for weeks, a pain that has settled), "
    "when pausing would be unsafe or unpleasant, or when your pain changes by itself from week to "
    "week. Then use the AB design (a baseline, then release work): its answer is weaker, because "
    "anything else that changed at the same time could explain it, and the report says so."
)


@dataclass(frozen=True)
class Phase:
    """One stretch of days: ``baseline``/``pause`` (no release work) or ``release``."""

    kind: str
    start: date
    days: int
    washout_days: int = 0
    pair: int | None = None

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days)

    @property
    def release(self) -> bool:
        return self.kind == "release"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "start": self.start.isoformat(), "days": self.days}
        out |= {"end": self.end.isoformat(), "washout_days": self.washout_days, "pair": self.pair}
        return out


@dataclass(frozen=True)
class Region:
    """A region to rate; ``distant`` when the targeted pull reaches it through other structures."""

    region: str
    side: str
    distant: bool = False
    via: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"region": self.region, "side": self.side, "distant": self.distant}
        return out | {"via": list(self.via)}


@dataclass(frozen=True)
class TrialPlan:
    """The whole plan, as stored (``to_dict``/``from_dict`` round-trip)."""

    design: str
    phases: tuple[Phase, ...]
    regions: tuple[Region, ...]
    times: tuple[str, ...] = DEFAULT_TIMES
    change_points: float = DEFAULT_CHANGE_POINTS
    change_fraction: float = DEFAULT_CHANGE_FRACTION
    target: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    prior_baseline_days: int = 0

    @property
    def start(self) -> date:
        return self.phases[0].start

    @property
    def end(self) -> date:
        return self.phases[-1].end

    def phase_on(self, day: date) -> Phase | None:
        for phase in self.phases:
            if phase.start <= day < phase.end:
                return phase
        return None

    def counts(self, day: date) -> bool:
        """Whether a diary day enters the analysis (inside a phase, past its washout)."""
        phase = self.phase_on(day)
        return phase is not None and (day - phase.start).days >= phase.washout_days

    def to_dict(self) -> dict[str, Any]:
        return {
            "design": self.design,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "phases": [p.to_dict() for p in self.phases],
            "regions": [r.to_dict() for r in self.regions],
            "times": list(self.times),
            "change_points": self.change_points,
            "change_fraction": self.change_fraction,
            "target": dict(self.target),
            "seed": self.seed,
            "prior_baseline_days": self.prior_baseline_days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrialPlan:
        phases = tuple(
            Phase(
                p["kind"], date.fromisoformat(p["start"]), int(p["days"]), int(p["washout_days"]), p["pair"]
            )
            for p in data["phases"]
        )
        regions = tuple(
            Region(r["region"], r["side"], bool(r["distant"]), tuple(r["via"])) for r in data["regions"]
        )
        return cls(
            design=data["design"],
            phases=phases,
            regions=regions,
            times=tuple(data["times"]),
            change_points=float(data["change_points"]),
            change_fraction=float(data["change_fraction"]),
            target=dict(data.get("target") or {}),
            seed=data.get("seed"),
            prior_baseline_days=int(data.get("prior_baseline_days") or 0),
        )


def validate_phases(phases: list[Phase]) -> tuple[Phase, ...]:
    """Check kinds, lengths and order; overlapping phases are an error naming both."""
    if not phases:
        raise InputError("phases", "a plan needs at least one baseline and one release phase")
    for i, phase in enumerate(phases):
        if phase.kind not in KINDS:
            raise InputError(f"phases[{i}].kind", f"unknown phase kind {phase.kind!r}", KINDS)
        if isinstance(phase.days, bool) or not 1 <= phase.days <= MAX_PHASE_DAYS:
            raise InputError(f"phases[{i}].days", f"{phase.days} days is not a phase", f"1-{MAX_PHASE_DAYS}")
        if not 0 <= phase.washout_days < phase.days:
            raise InputError(f"phases[{i}].washout_days", f"{phase.washout_days}", f"0-{phase.days - 1}")
    ordered = sorted(phases, key=lambda p: p.start)
    for i in range(1, len(ordered)):
        before, after = ordered[i - 1], ordered[i]
        if after.start < before.end:
            raise InputError(
                "phases",
                f"the {after.kind} phase from {after.start} overlaps the {before.kind} phase "
                f"{before.start} to {before.end - timedelta(days=1)}",
            )
    kinds = {p.kind for p in ordered}
    if "release" not in kinds or not kinds & {"baseline", "pause"}:
        raise InputError("phases", "a plan needs a release phase and a baseline or pause phase")
    return tuple(ordered)


def validate_times(times: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Logging times ``HH:MM`` (1 to 4 a day), sorted."""
    out = []
    for text in times:
        parts = str(text).strip().split(":")
        ok = len(parts) == 2 and all(p.isdigit() for p in parts)
        if not ok or not (0 <= int(parts[0]) < 24 and 0 <= int(parts[1]) < 60):
            raise InputError("times", f"{text!r} is not a time of day", "HH:MM, e.g. 08:00")
        out.append(f"{int(parts[0]):02d}:{int(parts[1]):02d}")
    if not 1 <= len(out) <= 4:
        raise InputError("times", f"{len(out)} logging times", "1-4 a day")
    return tuple(sorted(set(out)))


def _days(field_name: str, value: int, low: int, high: int = MAX_PHASE_DAYS) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(field_name, f"{value} is out of range", f"{low}-{high}")
    return value


def ab_phases(start: date, baseline_days: int, release_days: int) -> list[Phase]:
    base = _days("baseline_days", baseline_days, 1)
    rel = _days("release_days", release_days, 1)
    return [Phase("baseline", start, base), Phase("release", start + timedelta(days=base), rel)]


def reversal_phases(start: date, pairs: int, period_days: int, washout_days: int, seed: int) -> list[Phase]:
    """Pairs of (pause, release) periods, each pair's order drawn by a seeded coin."""
    n = _days("pairs", pairs, 3, 12)
    length = _days("period_days", period_days, 3, 28)
    wash = _days("washout_days", washout_days, 0, length - 2)
    rng = random.Random(seed)
    phases: list[Phase] = []
    day, previous = start, None
    for k in range(n):
        order = ["pause", "release"] if rng.random() < 0.5 else ["release", "pause"]
        for kind in order:
            washout = wash if previous is not None and previous != kind else 0
            phases.append(Phase(kind, day, length, washout, k))
            day += timedelta(days=length)
            previous = kind
    return phases


def prior_baseline_start(logged: set[date], practice: set[date], today: date) -> date | None:
    """The first day of a baseline already logged: pain entries in the last LOOKBACK_DAYS days
    after the last practice day, on at least half of the days up to today."""
    floor = today - timedelta(days=LOOKBACK_DAYS)
    earlier_practice = [d for d in practice if d < today]
    if earlier_practice:
        floor = max(floor, max(earlier_practice) + timedelta(days=1))
    candidates = sorted(d for d in logged if floor <= d < today)
    for first in candidates:
        span = (today - first).days
        if sum(1 for d in candidates if d >= first) * 2 >= span:
            return first
    return None


def with_region_list(plan: TrialPlan, regions: list[Region]) -> TrialPlan:
    if not regions:
        raise InputError("regions", "the trial needs at least one region to rate")
    return replace(plan, regions=tuple(regions))

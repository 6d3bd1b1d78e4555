"""Propose a trial plan from an assessment: what to rate, which pull to re-test, when to log.

The regions are the painful regions of the intake (plus any the person adds); each is marked
``distant`` when the programme's target reaches it only through other structures (or not at all,
as far as the atlas knows). The target is the programme's most probable targeted cause; its trait
test (the Thomas test for the hip flexors) is re-measured at each phase boundary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from psoas.errors import InputError
from psoas.trial import plan as P

TRAIT_TESTS = {"psoas_tight": "thomas", "rectus_femoris_tight": "thomas", "tfl_itb_tight": "thomas"}
"""Causes whose trait a home test re-measures (the test's name in the intake)."""


def target_of(result: dict[str, Any]) -> dict[str, Any]:
    """The programme's main target: the most probable cause its exercises aim at."""
    targets = {t for item in (result.get("program") or {}).get("items", []) for t in item.get("targets", [])}
    best: dict[str, Any] | None = None
    for cause in result.get("causes") or []:
        if cause.get("id") in targets and (best is None or cause["probability"] > best["probability"]):
            best = cause
    if best is None:
        return {}
    test = TRAIT_TESTS.get(str(best["id"]))
    return {
        "cause": best["id"],
        "side": best.get("side", "center"),
        "label": best.get("label", best["id"]),
        "probability": float(best["probability"]),
        "test": test,
    }


def regions_of(intake: dict[str, Any], result: dict[str, Any], target: dict[str, Any]) -> list[P.Region]:
    """Painful intake regions, each with the target's chain to it (``via``) and ``distant``."""
    chains: dict[tuple[str, str], list[str]] = {}
    for cause in result.get("causes") or []:
        if cause.get("id") != target.get("cause") or cause.get("side") != target.get("side"):
            continue
        for chain in cause.get("chains") or []:
            chains.setdefault((chain["region"], chain["side"]), list(chain.get("path") or []))
    out = []
    for pain in intake.get("pain") or []:
        key = (str(pain["region"]), str(pain.get("side") or "center"))
        path = chains.get(key, [])
        via = tuple(p for p in path[1:-1])
        out.append(P.Region(key[0], key[1], distant=len(path) != 2, via=via))
    return out


def extra_region(token: str) -> P.Region:
    """``REGION[:SIDE]`` as given on the CLI or a form."""
    from psoas.journal.parse import validate_pain

    if not isinstance(token, str):
        raise InputError("regions", f"{token!r} is not REGION[:SIDE]")
    region, _, side = token.partition(":")
    try:
        checked = validate_pain(region.strip(), side.strip() or None, 0, ())
    except InputError as exc:
        raise InputError("regions", f"{token!r}: {exc.reason}", exc.allowed) from None
    return P.Region(checked.region, checked.side, distant=True)


def propose(
    intake: dict[str, Any],
    result: dict[str, Any],
    today: date,
    options: dict[str, Any] | None = None,
    logged: set[date] | None = None,
    practice: set[date] | None = None,
) -> P.TrialPlan:
    """The proposed plan; ``options`` override the defaults (see :func:`build`)."""
    target = target_of(result)
    regions = regions_of(intake, result, target)
    return build(today, target, regions, options or {}, logged or set(), practice or set())


def build(
    today: date,
    target: dict[str, Any],
    regions: list[P.Region],
    options: dict[str, Any],
    logged: set[date],
    practice: set[date],
) -> P.TrialPlan:
    """A validated plan. Options: design, start, baseline_days, release_days, pairs, period_days,
    washout_days, times, change_points, change_fraction, seed, regions (extra ``REGION[:SIDE]``),
    phases (explicit ``{"kind", "start", "days", "washout_days"}`` items)."""
    opts = dict(options)
    design = str(opts.pop("design", "ab") or "ab")
    if design not in P.DESIGNS:
        raise InputError("design", f"unknown design {design!r}", P.DESIGNS)
    for token in opts.pop("regions", None) or []:
        extra = extra_region(token)
        if all((r.region, r.side) != (extra.region, extra.side) for r in regions):
            regions.append(extra)
    seed = int(opts.pop("seed", None) or today.toordinal())
    start, prior_days = _start(opts.pop("start", None), design, logged, practice, today)
    phases = _phases(design, start, today, prior_days, seed, opts)
    plan = P.TrialPlan(
        design=design,
        phases=P.validate_phases(phases),
        regions=(),
        times=P.validate_times(opts.pop("times", None) or P.DEFAULT_TIMES),
        change_points=_number("change_points", opts.pop("change_points", None), P.DEFAULT_CHANGE_POINTS, 10),
        change_fraction=_number(
            "change_fraction", opts.pop("change_fraction", None), P.DEFAULT_CHANGE_FRACTION, 1
        ),
        target=target,
        seed=seed if design == "reversal" else None,
        prior_baseline_days=prior_days,
    )
    if opts:
        raise InputError(sorted(opts)[0], "unknown plan option", _OPTION_NAMES)
    return P.with_region_list(plan, regions)


_OPTION_NAMES = (
    "design, start, baseline_days, release_days, pairs, period_days, washout_days, times, "
    "change_points, change_fraction, seed, regions, phases"
)


def _start(given: Any, design: str, logged: set[date], practice: set[date], today: date) -> tuple[date, int]:
    if given:
        try:
            return (given if isinstance(given, date) else date.fromisoformat(str(given))), 0
        except ValueError:
            raise InputError("start", f"{given!r} is not a date", "YYYY-MM-DD") from None
    if design == "ab":
        first = P.prior_baseline_start(logged, practice, today)
        if first is not None:
            return first, (today - first).days
    return today, 0


def _phases(
    design: str, start: date, today: date, prior_days: int, seed: int, opts: dict[str, Any]
) -> list[P.Phase]:
    explicit = opts.pop("phases", None)
    baseline = opts.pop("baseline_days", P.DEFAULT_BASELINE_DAYS)
    release = opts.pop("release_days", P.DEFAULT_RELEASE_DAYS)
    pairs = opts.pop("pairs", P.DEFAULT_PAIRS)
    period = opts.pop("period_days", P.DEFAULT_PERIOD_DAYS)
    washout = opts.pop("washout_days", P.DEFAULT_WASHOUT_DAYS)
    if explicit is not None:
        return [_explicit_phase(i, item) for i, item in enumerate(explicit)]
    if design == "reversal":
        return P.reversal_phases(start, pairs, period, washout, seed)
    baseline = P._days("baseline_days", baseline, 1)
    if prior_days:  # already-logged days count; the baseline ends no earlier than today
        baseline = max(baseline, prior_days)
    return P.ab_phases(start, baseline, release)


def _explicit_phase(i: int, item: Any) -> P.Phase:
    if not isinstance(item, dict):
        raise InputError(f"phases[{i}]", "must be an object with kind, start and days")
    try:
        start = date.fromisoformat(str(item.get("start")))
    except ValueError:
        raise InputError(f"phases[{i}].start", f"{item.get('start')!r} is not a date", "YYYY-MM-DD") from None
    days = item.get("days")
    if isinstance(days, bool) or not isinstance(days, int):
        raise InputError(f"phases[{i}].days", f"{days!r} is not a whole number of days", "1-120")
    washout = item.get("washout_days", 0)
    pair = item.get("pair")
    return P.Phase(
        str(item.get("kind")), start, days, int(washout or 0), pair if isinstance(pair, int) else None
    )


def _number(name: str, value: Any, default: float, high: float) -> float:
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(name, f"{value!r} is not a number", f"0-{high:g}") from None
    if not 0 < number <= high:
        raise InputError(name, f"{value} is out of range", f"above 0, at most {high:g}")
    return number

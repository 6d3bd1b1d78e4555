"""Plain words for a trial's results: one region, the chain question and the caveats.

A result informs a decision (keep the practice, change it, see someone); it is never a cure claim
and never proof of a cause.
"""

from __future__ import annotations

from typing import Any

from psoas.trial.plan import TrialPlan

DESIGN_WORDS = {"ab": "baseline, then release", "reversal": "randomised reversal"}
"""A trial's design in a few words (the trial page and the therapist's dashboard)."""
PHASE_WORDS = {"baseline": "baseline", "release": "release work", "pause": "pause"}
"""What a phase asks of the person, in a word or two."""

CAVEATS = (
    "This is one person's experiment: it informs a decision about your own practice; it is not a "
    "diagnosis, not proof of a cause and not a cure claim.",
    "In an AB design anything else that changed when the release work began (sleep, work, "
    "painkillers, the weather) could explain a change; a reversal design guards against that better.",
    "Ratings you skipped or logged only on bad days can bias the result; fixed logging times help.",
)


def label(region: str, side: str) -> str:
    """``knee``/``left`` → "left knee"; ``low_back``/``center`` → "low back"."""
    name = region.replace("_", " ")
    return name if side == "center" else f"{side} {name}"


def region_words(item: dict[str, Any], plan: TrialPlan) -> str:
    """One region's result in a sentence or two."""
    name = label(item["region"], item["side"])
    if item["verdict"] == "insufficient_data":
        when = item.get("enough_on")
        tail = (
            f"If you log every planned day, it will be enough on {when}."
            if when
            else "The plan's remaining days cannot make it enough: extend the plan or start a new one."
        )
        return f"{name.capitalize()}: insufficient data so far ({item['missing']}). {tail}"
    lo, hi = item["interval_90"]
    direction = "fell" if item["effect"] < 0 else "rose"
    text = (
        f"{name.capitalize()}: pain {direction} by {abs(item['effect']):.1f} points on release days compared with "
        f"{'baseline' if plan.design == 'ab' else 'pause'} days (90% interval {lo:+.1f} to {hi:+.1f}; "
        f"{'baseline' if plan.design == 'ab' else 'pause-day'} mean {item['baseline']:.1f})."
    )
    pct = f"{100 * plan.change_fraction:.0f}%"
    meaningful = (
        f" Probability of a drop of at least {plan.change_points:g} points: {item['p_drop_points']:.0%}"
    )
    if item.get("p_drop_fraction") is not None:
        meaningful += f"; of at least {pct}: {item['p_drop_fraction']:.0%}."
    else:
        meaningful += "."
    if item["verdict"] == "supported":
        verdict = " Your data support a drop in pain while releasing."
    else:
        verdict = " Your data do not show a drop in pain while releasing."
    meaningful += _drift_words(item, plan)
    dose = item.get("dose")
    if dose is not None:
        lo_d, hi_d = dose["interval_90"]
        meaningful += (
            f" Dose: {dose['per_10_min_a_day']:+.1f} points per 10 min a day of practice "
            f"(90% interval {lo_d:+.1f} to {hi_d:+.1f})."
        )
    return text + verdict + meaningful


DRIFT_POINTS_PER_WEEK = 0.3
"""A shared trend at least this steep (points a week) is pointed out in an AB result."""


def _drift_words(item: dict[str, Any], plan: TrialPlan) -> str:
    """In an AB design a gradual effect of the release work and a drift look alike: say so."""
    trend = item.get("trend_per_week")
    if plan.design != "ab" or trend is None or abs(trend) < DRIFT_POINTS_PER_WEEK:
        return ""
    way = "down" if trend < 0 else "up"
    return (
        f" Pain also drifted {way} by about {abs(trend):.1f} points a week across the whole trial; an AB "
        "design cannot tell such a drift from a gradual effect of the release work, so part of the "
        "change may belong to either (a reversal design would separate them)."
    )


def _trait_words(trait: dict[str, Any], target: dict[str, Any]) -> str:
    what = str(target.get("label") or target.get("cause") or "the pull").lower()
    if trait["verdict"] == "not_measured":
        return f"The trait ({what}) was not re-measured: {trait.get('reason', '')}."
    return _angle_words(trait, what) + _probability_words(trait)


def _probability_words(trait: dict[str, Any]) -> str:
    before, after = trait["before"].get("probability"), trait["after"].get("probability")
    if before is None or after is None:
        return ""
    return f" The engine's probability of this pull went from {before:.0%} to {after:.0%}."


def _angle_words(trait: dict[str, Any], what: str) -> str:
    change = trait["change_deg"]
    mdc = trait["mdc90_deg"]
    if trait["verdict"] == "improved":
        return f"The Thomas angle fell by {-change:.0f}° (more than the {mdc:.0f}° measurement error): {what} eased."
    if trait["verdict"] == "worse":
        return f"The Thomas angle rose by {change:.0f}° (more than the {mdc:.0f}° measurement error)."
    return f"The Thomas angle changed by {change:+.0f}°, within the {mdc:.0f}° measurement error: no clear change."


def chain_answer(evaluation: dict[str, Any]) -> dict[str, Any]:
    """Did the distant region improve together with the trait and the practice dose?"""
    target = evaluation["plan"]["target"]
    trait = evaluation["trait"]
    distant = [r for r in evaluation["regions"] if r["distant"]] or evaluation["regions"]
    lines = [_trait_words(trait, target)]
    answer = "insufficient_data"
    for r in distant:
        name = label(r["region"], r["side"])
        dose = r.get("dose")
        dose_helps = dose is not None and dose["interval_90"][1] < 0
        if r["verdict"] == "insufficient_data":
            lines.append(f"{name.capitalize()}: not enough diary data yet.")
            continue
        pain_fell = r["verdict"] == "supported"
        if pain_fell and trait["verdict"] == "improved":
            answer = "consistent"
            text = f"{name.capitalize()} improved together with the trait"
            text += ", and more practice went with less pain." if dose_helps else "."
        elif pain_fell:
            answer = "pain_only" if answer != "consistent" else answer
            text = f"{name.capitalize()} improved, but the trait did not improve beyond measurement error, so the improvement cannot be credited to releasing this pull."
        elif trait["verdict"] == "improved":
            answer = "trait_only" if answer == "insufficient_data" else answer
            text = f"The pull eased but {name} did not follow: your data speak against this chain for you."
        else:
            answer = "neither" if answer == "insufficient_data" else answer
            text = f"Neither {name} nor the trait changed clearly."
        lines.append(text)
    return {"answer": answer, "text": " ".join(lines)}


def verdict_words(evaluation: dict[str, Any]) -> str:
    """The overall verdict in plain words."""
    regions = evaluation["regions"]
    if not regions:
        return "No regions to rate."
    done = [r for r in regions if r["verdict"] != "insufficient_data"]
    if not done:
        return "Not enough data for a verdict yet: keep logging at the planned times."
    good = [label(r["region"], r["side"]) for r in done if r["verdict"] == "supported"]
    if good:
        head = "Pain credibly fell while releasing in: " + ", ".join(good) + "."
    else:
        head = "Your diary does not show a credible drop in pain while releasing."
    return head + " " + evaluation["chain"]["text"]

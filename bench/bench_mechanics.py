"""Posture model timings: forward standing solve, Thomas test, inverse (median of repeated warm calls)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm: builds the solvers and caches once
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


def run() -> list[dict]:
    from psoas.mechanics import infer_tightness
    from psoas.mechanics.clinical import solve_clinical
    from psoas.mechanics.forward import _neutral, _p_vector, _solve, validate_tightness
    from psoas.mechanics.params import MUSCLES
    from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG

    started = time.perf_counter()
    _neutral(REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG)
    build_ms = (time.perf_counter() - started) * 1000.0
    _, start, _ = _neutral(REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG)
    tights = [{"psoas": s} for s in (0.05, 0.1, 0.15, 0.2)] + [{"hamstrings": 0.1, "rectus_femoris": 0.1}]
    vectors = [_p_vector(validate_tightness(t), REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG) for t in tights]
    state = {"i": 0}

    def forward() -> None:
        state["i"] += 1
        _solve(vectors[state["i"] % len(vectors)], start)

    def thomas() -> None:
        state["i"] += 1
        solve_clinical(
            [0.1 * (state["i"] % 3)] * 2
            + [0.0] * (len(MUSCLES) - 2)
            + [REFERENCE_HEIGHT_CM / 100.0, REFERENCE_MASS_KG],
            tests=("thomas",),
        )

    thomas_positive = {
        "thomas": {"left": {"hip_angle_deg": 8.0, "knee_angle_deg": 80.0}, "right": {"hip_angle_deg": -12.0}},
        "knee_extension_90_90": {"left": {"deficit_deg": 20.0}},
    }
    with_posture = {"thomas": {"left": {"hip_angle_deg": -5.0}}, "posture": {"pelvic_tilt_deg": 15.0}}
    forward_ms = _median_ms(forward, 40)
    thomas_ms = _median_ms(thomas, 60)
    inverse_ms = _median_ms(lambda: infer_tightness(thomas_positive), 15)
    inverse_posture_ms = _median_ms(lambda: infer_tightness(with_posture), 15)
    return [
        _row("forward standing solve (IPOPT, warm start), median", forward_ms, 10.0),
        _row("Thomas test solve (Newton + sensitivities), median", thomas_ms, 10.0),
        _row("inverse, Thomas both sides + 90-90, median", inverse_ms, 100.0),
        _row("inverse, Thomas + pelvic tilt, median", inverse_posture_ms, 100.0)
        | {"note": "the posture linearisation (9 standing solves, about 50 ms) is computed once per process"},
        {
            "name": "first solve incl. building the NLP (cold)",
            "value": build_ms,
            "unit": "ms",
            "target": "info",
            "ok": True,
            "note": "once per process; IPOPT NLP with exact derivatives built from CasADi expressions",
        },
    ]


def _row(name: str, value_ms: float, target_ms: float) -> dict:
    return {
        "name": name,
        "value": value_ms,
        "unit": "ms",
        "target": f"<= {target_ms:g} ms",
        "ok": value_ms <= target_ms,
    }

"""Forward standing posture: the least-effort static equilibrium for given muscle tightness.

Decision variables: segment leans q (8, rad), activations a (11, 0..1) and the hip rotation angle rho (deg,
internal +). Parameters: tightness (11 fractions), height (m) and mass (kg). Constraints: static equilibrium
of every generalised coordinate (N*m), equilibrium of femoral rotation with the foot held straight (the knee
and hip capsule resist it), whole-body COM over the feet, and level gaze (head lean fixed at 0). Cost: sum of
squared activations plus a small preference for the skeleton's neutral joint angles. Built once as an IPOPT
``nlpsol`` with parameters and warm-started from the neutral solution of the same body.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from psoas.mechanics import body
from psoas.mechanics.outputs import POSTURE_KEYS
from psoas.mechanics.params import JOINTS, LEG_MUSCLES, MUSCLES, load_params

N_Q = 8
N_A = len(MUSCLES)
N_X = N_Q + N_A + 1
OUTPUT_NAMES = (
    *POSTURE_KEYS,
    "l5s1_compression_n",
    "l5s1_shear_n",
    "iliopsoas_force_n",
    "hamstring_force_n",
    "knee_torsion_nm",
    "hamstring_length_mm",
    "com_ahead_of_ankle_mm",
)


@dataclass
class StandingProblem:
    """The compiled NLP and helper functions of the standing model."""

    solver: Any
    outputs: Any  # Function(x, p) -> outputs in OUTPUT_NAMES order
    residual: Any  # Function(x, p) -> equilibrium residuals (N*m)
    points: Any  # Function(x, p) -> named points, flattened (x, y) pairs
    point_names: tuple[str, ...]
    lbx: list[float]
    ubx: list[float]
    lbg: list[float]
    ubg: list[float]


def _equations(ca: Any, x: Any, p: Any) -> dict[str, Any]:
    params = load_params()
    q, act, rho_deg = x[:N_Q], x[N_Q : N_Q + N_A], x[N_X - 1]
    tight, height, mass = p[:N_A], p[N_A], p[N_A + 1]
    g = params.values["reference_body"][""]["gravity_m_s2"]
    pts = body.segment_points(ca, params, q, height)
    masses = body.segment_masses(params, mass)
    seg_keys = [k for k in masses if k != "feet"]
    potential = sum(masses[k] * g * pts[f"com_{k}"][1] for k in seg_keys)
    angles = body.joint_angles(q)
    gen_force = -ca.gradient(potential, q)
    for joint in JOINTS:
        moment = body.passive_joint_moment(ca, params, joint, angles[joint])
        copies = 2 if joint in ("ankle", "knee", "hip") else 1
        gen_force += copies * moment * ca.gradient(angles[joint], q)
    forces: dict[str, Any] = {}
    lengths: dict[str, Any] = {}
    rot_moment: Any = 0.0
    for i, name in enumerate(MUSCLES):
        muscle = params.muscles[name]
        l_norm = body.norm_fibre_length_expr(muscle, angles, tight[i])
        force = body.muscle_force_expr(ca, muscle, l_norm, act[i])
        dl = body.length_change_expr(muscle, angles)
        forces[name], lengths[name] = force, dl
        gen_force += -body.muscle_multiplicity(name) * force * ca.gradient(dl, q)
        if "hip_rotation" in muscle.arms and name in LEG_MUSCLES:
            rot_moment += force * body.arm_expr(muscle.arms["hip_rotation"], angles["hip"])
    j = params.values["joints"]
    k_rot = j["hip_rotation"]["k_lin_nm_per_deg"] + j["knee_torsion"]["k_lin_nm_per_deg"]
    rot_residual = rot_moment - k_rot * rho_deg
    masses_all = sum(masses.values())
    com_x = (sum(masses[k] * pts[f"com_{k}"][0] for k in seg_keys) + masses["feet"] * 0.0) / masses_all
    foot = params.values["segments"]["foot"]["com_ahead_of_ankle_fraction"] * height
    com_x = com_x + masses["feet"] * foot / masses_all
    return {
        "q": q,
        "act": act,
        "rho_deg": rho_deg,
        "pts": pts,
        "angles": angles,
        "forces": forces,
        "lengths": lengths,
        "gen_force": gen_force,
        "rot_residual": rot_residual,
        "com_x": com_x,
        "masses": masses,
        "height": height,
        "g": g,
    }


def _l5s1_loads(ca: Any, eq: dict[str, Any]) -> tuple[Any, Any]:
    """Compression and anterior shear (N) at L5/S1 along the lower lumbar axis."""
    params = load_params()
    seg = params.values["segments"]["lumbar_lower"]
    alpha = eq["q"][3] + seg["neutral_lean_deg"] * body.DEG
    m = eq["masses"]
    weight = eq["g"] * (m["lumbar_lower"] + m["lumbar_upper"] + m["thorax"] + m["neck"] + m["head"])
    comp = weight * ca.cos(alpha)
    shear = weight * ca.sin(alpha)
    for name, line_deg in params.l5s1_lines_deg.items():
        force = eq["forces"][name] * body.muscle_multiplicity(name)
        comp += force * ca.cos(line_deg * body.DEG)
        shear += force * ca.sin(line_deg * body.DEG)
    return comp, shear


def _outputs(ca: Any, eq: dict[str, Any]) -> Any:
    params = load_params()
    post = params.values["posture"][""]
    pts, ang, deg = eq["pts"], eq["angles"], 1.0 / body.DEG
    trunk = pts["c7"] - pts["hip"]
    ear = pts["tragus"] - pts["shoulder"]
    comp, shear = _l5s1_loads(ca, eq)
    k_knee = params.values["joints"]["knee_torsion"]["k_lin_nm_per_deg"]
    spine_flexion = ang["l5s1"] + ang["l3l4"] + ang["t12l1"]
    return ca.vertcat(
        eq["q"][2] * deg + post["pelvic_tilt_offset_deg"],
        post["lordosis_offset_deg"] - spine_flexion * deg,
        ang["hip"] * deg,
        ang["knee"] * deg,
        ca.atan2(trunk[0], trunk[1]) * deg,
        ear[0] * 1000.0,
        ca.atan2(ear[1], ear[0]) * deg,
        comp,
        shear,
        eq["forces"]["psoas"] + eq["forces"]["iliacus"],
        eq["forces"]["hamstrings"],
        k_knee * eq["rho_deg"],
        eq["lengths"]["hamstrings"] * 1000.0,
        eq["com_x"] * 1000.0,
    )


@cache
def build_problem() -> StandingProblem:
    """Compile the standing NLP once per process."""
    import casadi as ca

    params = load_params()
    x = ca.SX.sym("x", N_X)
    p = ca.SX.sym("p", N_A + 2)
    eq = _equations(ca, x, p)
    w = params.values["posture"][""]["deviation_weight_per_deg2"]
    cost = ca.sumsqr(eq["act"]) + w * sum((a / body.DEG) ** 2 for a in eq["angles"].values())
    g = ca.vertcat(eq["gen_force"], eq["rot_residual"], eq["com_x"] / eq["height"])
    opts: dict[str, Any] = {
        "print_time": False,
        "ipopt.print_level": 0,
        "ipopt.sb": "yes",
        "ipopt.tol": 1e-10,
        "ipopt.constr_viol_tol": 1e-10,
        "ipopt.max_iter": 200,
        "ipopt.warm_start_init_point": "yes",
        "ipopt.mu_init": 1e-3,
    }
    solver = ca.nlpsol("standing", "ipopt", {"x": x, "p": p, "f": cost, "g": g}, opts)
    post = params.values["posture"][""]
    lim = 60.0 * body.DEG
    lbx = [-lim] * (N_Q - 1) + [0.0] + [0.0] * N_A + [-90.0]
    ubx = [lim] * (N_Q - 1) + [0.0] + [1.0] * N_A + [90.0]
    lbg = [0.0] * (N_Q + 1) + [post["com_ahead_min_fraction"]]
    ubg = [0.0] * (N_Q + 1) + [post["com_ahead_max_fraction"]]
    names = tuple(k for k in eq["pts"])
    flat = ca.vertcat(*[eq["pts"][k] for k in names])
    return StandingProblem(
        solver=solver,
        outputs=ca.Function("outputs", [x, p], [_outputs(ca, eq)]),
        residual=ca.Function("residual", [x, p], [ca.vertcat(eq["gen_force"], eq["rot_residual"])]),
        points=ca.Function("points", [x, p], [flat]),
        point_names=names,
        lbx=lbx,
        ubx=ubx,
        lbg=lbg,
        ubg=ubg,
    )

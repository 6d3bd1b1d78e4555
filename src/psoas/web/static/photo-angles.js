/* Angles from 2D landmarks: a line-for-line mirror of psoas/photo/angles.py and the confidence and
   view checks of psoas/photo/views.py, so the photo page recomputes live while a landmark is dragged.
   tests/photo/test_js_mirror.py checks that both give the same numbers on random landmark sets.
   Points are image pixels {name: [x, y]} (y down); level is null or [[x1, y1], [x2, y2]]. */
(function (root) {
  "use strict";
  var SIDES = ["left", "right"];
  var HUGGED_MAX_DEG = 90.0, LEVEL_TOLERANCE_DEG = 15.0, MIN_CONFIDENCE = 0.5, SHORT_THIGH = 0.6;
  var SIDE_VIEW_MAX_WIDTH = 0.35, LYING_MAX_TILT_DEG = 35.0, STANDING_MAX_LEAN_DEG = 45.0;
  var NEEDS = {
    thomas: {
      hip_angle_deg: ["{s}_hip", "{s}_knee"],
      knee_angle_deg: ["{s}_hip", "{s}_knee", "{s}_ankle"]
    },
    side: {
      trunk_lean_deg: ["{s}_shoulder", "{s}_hip"],
      hip_flexion_deg: ["{s}_shoulder", "{s}_hip", "{s}_knee"],
      knee_flexion_deg: ["{s}_hip", "{s}_knee", "{s}_ankle"],
      ear_shoulder_angle_deg: ["{s}_ear", "{s}_shoulder", "nose"],
      head_forward_ratio: ["{s}_ear", "{s}_shoulder", "{s}_hip", "nose"]
    },
    front: {
      shoulder_level_deg: ["left_shoulder", "right_shoulder"],
      pelvis_level_deg: ["left_hip", "right_hip"],
      left_knee_valgus_deg: ["left_hip", "right_hip", "left_knee", "left_ankle"],
      right_knee_valgus_deg: ["left_hip", "right_hip", "right_knee", "right_ankle"]
    }
  };

  function other(side) { return side === "left" ? "right" : "left"; }
  function deg(r) { return r * 180 / Math.PI; }

  function levelAngle(level) {
    if (!level) return 0;
    var x1 = level[0][0], y1 = level[0][1], x2 = level[1][0], y2 = level[1][1];
    if (x1 === x2 && y1 === y2) return 0;
    var a = Math.atan2(y2 - y1, x2 - x1);
    if (a > Math.PI / 2) a -= Math.PI;
    else if (a <= -Math.PI / 2) a += Math.PI;
    return a;
  }

  function toLevelFrame(points, level) {
    var a = levelAngle(level), c = Math.cos(a), s = Math.sin(a), out = {};
    Object.keys(points).forEach(function (name) {
      var x = points[name][0], y = points[name][1];
      out[name] = [c * x + s * y, -(-s * x + c * y)];
    });
    return out;
  }

  function sub(p, q) { return [p[0] - q[0], p[1] - q[1]]; }
  function mid(p, q) { return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]; }
  function signed(u, v) { return deg(Math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1])); }
  function unsigned(u, v) { return Math.abs(signed(u, v)); }
  function norm(v) { return Math.hypot(v[0], v[1]); }
  function trunkOf(p) {
    return sub(mid(p.left_shoulder, p.right_shoulder), mid(p.left_hip, p.right_hip));
  }

  function thighToTrunk(p, side) { return unsigned(trunkOf(p), sub(p[side + "_knee"], p[side + "_hip"])); }

  function hangingSide(points, level) {
    var p = toLevelFrame(points, level);
    return thighToTrunk(p, "right") > thighToTrunk(p, "left") ? "right" : "left";
  }

  function thomas(points, side, level) {
    var p = toLevelFrame(points, level);
    var hip = p[side + "_hip"], knee = p[side + "_knee"], ankle = p[side + "_ankle"];
    var thigh = sub(knee, hip), shank = sub(ankle, knee), trunk = trunkOf(p);
    return {
      hip_angle_deg: deg(Math.atan2(thigh[1], Math.abs(thigh[0]))),
      knee_angle_deg: unsigned(thigh, shank),
      other_thigh_to_trunk_deg: thighToTrunk(p, other(side)),
      trunk_tilt_deg: deg(Math.atan2(trunk[1], Math.abs(trunk[0]))),
      thigh_to_trunk: norm(thigh) / (norm(trunk) || 1.0)
    };
  }

  function facing(points, level) {
    var p = toLevelFrame(points, level);
    return p.nose[0] >= mid(p.left_ear, p.right_ear)[0] ? 1 : -1;
  }

  function sideView(points, side, level, faces) {
    var p = toLevelFrame(points, level), f = (faces === 1 || faces === -1) ? faces : facing(points, level);
    var ear = p[side + "_ear"], shoulder = p[side + "_shoulder"];
    var hip = p[side + "_hip"], knee = p[side + "_knee"], ankle = p[side + "_ankle"];
    var trunk = sub(shoulder, hip), thigh = sub(knee, hip), shank = sub(ankle, knee), head = sub(ear, shoulder);
    return {
      trunk_lean_deg: deg(Math.atan2(f * trunk[0], trunk[1])),
      hip_flexion_deg: f * signed([-trunk[0], -trunk[1]], thigh),
      knee_flexion_deg: -f * signed(thigh, shank),
      ear_shoulder_angle_deg: deg(Math.atan2(head[1], f * head[0])),
      head_forward_ratio: f * head[0] / norm(trunk)
    };
  }

  function levelDiff(p, joint) {
    var l = p["left_" + joint], r = p["right_" + joint];
    return deg(Math.atan2(l[1] - r[1], Math.abs(l[0] - r[0])));
  }

  function valgus(p, side) {
    var hip = p[side + "_hip"], knee = p[side + "_knee"], ankle = p[side + "_ankle"];
    var magnitude = unsigned(sub(knee, hip), sub(ankle, knee));
    var axis = sub(ankle, hip), midline = mid(p.left_hip, p.right_hip);
    var kneeSide = axis[0] * (knee[1] - hip[1]) - axis[1] * (knee[0] - hip[0]);
    var midSide = axis[0] * (midline[1] - hip[1]) - axis[1] * (midline[0] - hip[0]);
    return kneeSide * midSide > 0 ? magnitude : -magnitude;
  }

  function frontView(points, level) {
    var p = toLevelFrame(points, level);
    return {
      shoulder_level_deg: levelDiff(p, "shoulder"),
      pelvis_level_deg: levelDiff(p, "hip"),
      left_knee_valgus_deg: valgus(p, "left"),
      right_knee_valgus_deg: valgus(p, "right")
    };
  }

  function viewProblem(view, points, level) {
    var p = toLevelFrame(points, level), t = trunkOf(p);
    var length = Math.hypot(t[0], t[1]) || 1.0;
    var fromVertical = deg(Math.atan2(Math.abs(t[0]), Math.abs(t[1])));
    var ls = p.left_shoulder, rs = p.right_shoulder;
    var width = Math.hypot(ls[0] - rs[0], ls[1] - rs[1]) / length;
    if (view === "thomas") {
      return 90 - fromVertical > LYING_MAX_TILT_DEG ?
        "the person does not look like they are lying on a table (Thomas position)" : null;
    }
    if (fromVertical > STANDING_MAX_LEAN_DEG) return "the person does not look like they are standing";
    if (view === "side" && width > SIDE_VIEW_MAX_WIDTH) return "this looks like a front or back view; take the photo from the side";
    if (view === "front" && width <= SIDE_VIEW_MAX_WIDTH) return "this looks like a side view; take the photo from the front";
    return null;
  }

  /* The readings of a view: {values: {name: number|null}, missing: {name: reason}, checks: {...}}. */
  function read(view, points, confidence, side, level, faces) {
    var names = Object.keys(NEEDS[view]), values = {}, missing = {}, checks = {};
    var problem = viewProblem(view, points, level);
    if (problem) {
      names.forEach(function (n) { values[n] = null; missing[n] = "cannot be measured: " + problem; });
      return { values: values, missing: missing, checks: checks };
    }
    var raw = view === "thomas" ? thomas(points, side, level) :
      view === "side" ? sideView(points, side, level, faces) : frontView(points, level);
    if (view === "thomas") {
      checks.other_knee_hugged = raw.other_thigh_to_trunk_deg <= HUGGED_MAX_DEG;
      checks.level = Math.abs(raw.trunk_tilt_deg) <= LEVEL_TOLERANCE_DEG;
      checks.thigh_length = raw.thigh_to_trunk >= SHORT_THIGH;
    }
    names.forEach(function (n) {
      var unsure = null;
      NEEDS[view][n].some(function (t) {
        var mark = t.replace("{s}", side), c = confidence[mark] || 0;
        if (c < MIN_CONFIDENCE) { unsure = mark.replace(/_/g, " ") + " not found with confidence"; return true; }
        return false;
      });
      values[n] = unsure ? null : raw[n];
      if (unsure) missing[n] = "cannot be measured: " + unsure + "; drag it into place to measure";
    });
    return { values: values, missing: missing, checks: checks };
  }

  root.PsoasAngles = {
    SIDES: SIDES, NEEDS: NEEDS, toLevelFrame: toLevelFrame, hangingSide: hangingSide, thomas: thomas,
    facing: facing, sideView: sideView, frontView: frontView, viewProblem: viewProblem, read: read
  };
})(typeof window !== "undefined" ? window : globalThis);

/* Photo measurement widget: upload (or take) a photo, show the landmarks over it as handles that can
   be dragged with a mouse or a finger or moved with the arrow keys, recompute the angles live with
   PsoasAngles (photo-angles.js, the mirror of psoas/photo/angles.py), and put the values into the
   wizard's form. The photo goes only to this machine's own server (POST /api/v1/measure). */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var BONES = [["left_ear", "left_shoulder"], ["right_ear", "right_shoulder"], ["left_shoulder", "right_shoulder"],
    ["left_shoulder", "left_hip"], ["right_shoulder", "right_hip"], ["left_hip", "right_hip"],
    ["left_hip", "left_knee"], ["right_hip", "right_knee"], ["left_knee", "left_ankle"], ["right_knee", "right_ankle"]];
  var LABELS = {
    hip_angle_deg: "Thigh above horizontal", knee_angle_deg: "Hanging knee bend",
    trunk_lean_deg: "Trunk lean (forward +)", hip_flexion_deg: "Hip flexion (proxy)",
    knee_flexion_deg: "Knee bend (hyperextension -)", ear_shoulder_angle_deg: "Ear-shoulder angle",
    head_forward_ratio: "Head forward / trunk length", shoulder_level_deg: "Shoulder level (left higher +)",
    pelvis_level_deg: "Pelvis level (left higher +)", left_knee_valgus_deg: "Left knee valgus (proxy)",
    right_knee_valgus_deg: "Right knee valgus (proxy)"
  };
  var FILL = {
    thomas: { hip_angle_deg: "hip_angle_deg", knee_angle_deg: "knee_angle_deg" },
    side: { trunk_lean_deg: "trunk_lean_deg", ear_shoulder_angle_deg: "ear_shoulder_angle_deg" }
  };

  function el(name, attrs) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function words(name) { return name.replace(/_/g, " "); }
  function fmt(name, v) { return /_deg$/.test(name) ? v.toFixed(1) + "°" : v.toFixed(2); }

  function Widget(root) {
    this.root = root;
    this.view = root.dataset.view;
    this.fill = root.dataset.fill || "";
    this.flat = root.dataset.fillFlat === "1";  /* the form's own fields: hip_angle_deg, method */
    this.methodField = root.dataset.methodField === "1";
    this.status = root.querySelector(".photo-status");
    this.stage = root.querySelector(".photo-stage");
    this.sideSelect = root.querySelector(".photo-side");
    this.useButton = root.querySelector(".photo-use");
    var self = this;
    root.querySelector(".photo-input").addEventListener("change", function (e) {
      if (e.target.files && e.target.files[0]) self.upload(e.target.files[0]);
    });
    if (this.useButton) this.useButton.addEventListener("click", function () { self.use(); });
    if (this.sideSelect) this.sideSelect.addEventListener("change", function () { if (self.result) self.recompute(); });
  }

  Widget.prototype.say = function (text, bad) {
    this.status.textContent = text;
    this.status.classList.toggle("error", !!bad);
  };

  Widget.prototype.upload = function (file) {
    var self = this, body = new FormData();
    this.file = file;
    body.append("photo", file);
    body.append("view", this.view);
    if (this.sideSelect) body.append("side", this.sideSelect.value);
    body.append("image", "1");
    this.say("Reading the photo on this computer…");
    fetch("/api/v1/measure", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (answer) {
        if (!answer.ok) {
          var d = (answer.data.detail || [])[0] || {};
          self.say((d.msg || "The photo could not be measured") + (d.allowed ? " (" + d.allowed + ")" : "") + ".", true);
          return;
        }
        self.show(answer.data);
      })
      .catch(function () { self.say("The photo could not be sent to psoas on this computer.", true); });
  };

  Widget.prototype.show = function (data) {
    var self = this, w = data.image.width, h = data.image.height;
    this.result = data;
    this.original = {};
    this.points = {};
    this.confidence = {};
    Object.keys(data.landmarks).forEach(function (name) {
      var m = data.landmarks[name];
      self.points[name] = [m.x, m.y];
      self.original[name] = [m.x, m.y];
      self.confidence[name] = m.confidence;
    });
    var y = this.view === "thomas" ? (this.points.left_hip[1] + this.points.right_hip[1]) / 2 : h * 0.95;
    this.level = [[w * 0.1, y], [w * 0.9, y]];
    this.r = Math.max(6, Math.max(w, h) / 90);
    this.stage.textContent = "";
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, class: "photo-svg", role: "group", "aria-label": "Photo with movable points" });
    svg.appendChild(el("image", { href: data.image_data_url, width: w, height: h }));
    this.bones = el("g", { class: "bones" });
    svg.appendChild(this.bones);
    this.levelLine = el("line", { class: "level-line", "stroke-dasharray": this.r * 1.5, "stroke-width": this.r / 3 });
    svg.appendChild(this.levelLine);
    this.handles = {};
    Object.keys(this.points).forEach(function (name) { self.addHandle(svg, name, words(name)); });
    this.addHandle(svg, "level_a", "level line, left end");
    this.addHandle(svg, "level_b", "level line, right end");
    this.svg = svg;
    this.stage.appendChild(svg);
    this.stage.hidden = false;
    this.root.querySelector(".photo-help").hidden = false;
    if (this.useButton) this.useButton.hidden = false;
    var keep = this.root.querySelector(".photo-keep-label");
    if (keep) keep.hidden = false;
    this.say("Found the joints. Check each point and drag any that is off.");
    this.redraw();
    this.recompute();
  };

  Widget.prototype.addHandle = function (svg, name, label) {
    var self = this, level = name.indexOf("level_") === 0;
    var node = el(level ? "rect" : "circle", {
      class: "handle" + (level ? " level" : "") + (name.indexOf("right_") === 0 ? " right" : ""),
      tabindex: "0", role: "button", "data-name": name, "aria-label": label + ": drag, or use the arrow keys"
    });
    node.appendChild(el("title")).textContent = label;
    node.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      node.setPointerCapture(e.pointerId);
      node.focus();
      self.dragging = name;
    });
    node.addEventListener("pointermove", function (e) {
      if (self.dragging !== name) return;
      var pt = self.svg.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      var p = pt.matrixTransform(self.svg.getScreenCTM().inverse());
      self.move(name, p.x, p.y);
    });
    node.addEventListener("pointerup", function () { self.dragging = null; });
    node.addEventListener("pointercancel", function () { self.dragging = null; });
    node.addEventListener("keydown", function (e) {
      var step = Math.max(1, self.result.image.width / 300) * (e.shiftKey ? 5 : 1);
      var d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
      if (!d) return;
      e.preventDefault();
      var at = self.position(name);
      self.move(name, at[0] + d[0], at[1] + d[1]);
    });
    this.handles[name] = node;
    svg.appendChild(node);
  };

  Widget.prototype.position = function (name) {
    if (name === "level_a") return this.level[0];
    if (name === "level_b") return this.level[1];
    return this.points[name];
  };

  Widget.prototype.move = function (name, x, y) {
    var w = this.result.image.width, h = this.result.image.height;
    var p = [Math.min(Math.max(x, 0), w), Math.min(Math.max(y, 0), h)];
    if (name === "level_a") this.level[0] = p;
    else if (name === "level_b") this.level[1] = p;
    else {
      this.points[name] = p;
      this.confidence[name] = 1.0;  // placed by a person
    }
    this.redraw();
    this.recompute();
  };

  Widget.prototype.corrected = function () {
    var self = this;
    return Object.keys(this.points).filter(function (n) {
      return Math.hypot(self.points[n][0] - self.original[n][0], self.points[n][1] - self.original[n][1]) > 1.0;
    });
  };

  Widget.prototype.redraw = function () {
    var self = this, r = this.r, moved = this.corrected();
    this.bones.textContent = "";
    BONES.forEach(function (b) {
      var a = self.points[b[0]], c = self.points[b[1]];
      self.bones.appendChild(el("line", { x1: a[0], y1: a[1], x2: c[0], y2: c[1], class: b[0].indexOf("right") === 0 ? "right" : "left", "stroke-width": r / 2.5 }));
    });
    Object.keys(this.handles).forEach(function (name) {
      var node = self.handles[name], p = self.position(name);
      if (node.tagName === "rect") {
        node.setAttribute("x", p[0] - r * 0.8); node.setAttribute("y", p[1] - r * 0.8);
        node.setAttribute("width", r * 1.6); node.setAttribute("height", r * 1.6);
      } else {
        node.setAttribute("cx", p[0]); node.setAttribute("cy", p[1]); node.setAttribute("r", r);
        node.classList.toggle("moved", moved.indexOf(name) >= 0);
        node.classList.toggle("unsure", (self.confidence[name] || 0) < 0.5);
      }
    });
    this.levelLine.setAttribute("x1", this.level[0][0]); this.levelLine.setAttribute("y1", this.level[0][1]);
    this.levelLine.setAttribute("x2", this.level[1][0]); this.levelLine.setAttribute("y2", this.level[1][1]);
  };

  Widget.prototype.recompute = function () {
    var A = window.PsoasAngles, side;
    if (this.view === "thomas") side = A.hangingSide(this.points, this.level);
    else side = this.result.landmark_side;
    var out = A.read(this.view, this.points, this.confidence, side, this.level, this.result.facing);
    this.values = out.values;
    var dl = this.root.querySelector(".photo-values");
    dl.textContent = "";
    Object.keys(out.values).forEach(function (name) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = LABELS[name] || words(name);
      dd.dataset.name = name;
      dd.className = "photo-value";
      dd.textContent = out.values[name] === null ? (out.missing[name] || "cannot be measured") : fmt(name, out.values[name]);
      dl.appendChild(dt); dl.appendChild(dd);
    });
    var checks = this.root.querySelector(".photo-checks");
    checks.textContent = "";
    var text = { other_knee_hugged: ["The other knee is hugged (pelvis held).", "The other knee does not look hugged: hug it to the chest and retake."],
      level: ["The body lies level with the level line.", "Not level: hold the phone level, or drag the dashed line onto the table edge."],
      thigh_length: ["The hanging thigh is drawn at a plausible length.", "The hanging thigh looks too short: the knee point is probably off; drag it onto the knee."] };
    Object.keys(out.checks).forEach(function (id) {
      var li = document.createElement("li");
      li.textContent = text[id][out.checks[id] ? 0 : 1];
      li.className = out.checks[id] ? "ok" : "warn";
      checks.appendChild(li);
    });
    var moved = this.corrected();
    this.method = moved.length ? "photo_corrected" : "photo";
    this.root.querySelector(".photo-method").textContent = moved.length ?
      "You moved " + moved.length + " point(s): " + moved.map(words).join(", ") + " (method: photo, corrected)." :
      "No point moved yet (method: photo, uncorrected: a larger error is assumed).";
    this.root.dataset.method = this.method;
    if (!this.fill && !this.flat) this.showIntake();
  };

  Widget.prototype.showIntake = function () {
    var fields = FILL[this.view], values = {}, self = this, out = {};
    if (!fields) return;
    Object.keys(fields).forEach(function (n) {
      if (self.values[n] !== null) values[fields[n]] = Math.round(self.values[n] * 10) / 10;
    });
    if (this.methodField) values.method = this.method;
    if (this.view === "thomas") {
      out = { tests: { thomas: {} } };
      out.tests.thomas[this.targetSide()] = values;
    } else out = { posture: values };
    var pre = this.root.querySelector(".photo-intake");
    pre.textContent = "For an intake file (psoas assess):\n" + JSON.stringify(out, null, 2);
    pre.hidden = false;
  };

  Widget.prototype.targetSide = function () {
    return this.sideSelect ? this.sideSelect.value : "left";
  };

  Widget.prototype.use = function () {
    var form = this.root.closest("form"), fields = FILL[this.view] || {}, self = this, put = [];
    if (!form) return;
    var prefix = this.flat ? "" : this.view === "thomas" ? this.fill + "." + this.targetSide() + "." : this.fill + ".";
    Object.keys(fields).forEach(function (name) {
      var v = self.values[name];
      if (v === null || v === undefined) return;
      var field = prefix + fields[name], input = form.querySelector('[name="' + field + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden"; input.name = field;
        self.root.appendChild(input);
      }
      input.value = v.toFixed(1);
      put.push(words(name.replace(/_deg$/, "")) + " " + v.toFixed(1) + "°");
    });
    if (this.methodField && put.length) {
      var mname = prefix + "method", m = form.querySelector('[name="' + mname + '"]');
      if (!m) { m = document.createElement("input"); m.type = "hidden"; m.name = mname; this.root.appendChild(m); }
      m.value = this.method;
    }
    this.say(put.length ? "Put into the form: " + put.join(", ") + "." : "Nothing measurable to put into the form.", !put.length);
    var keep = this.root.querySelector(".photo-keep");
    if (put.length && keep && keep.checked) this.keep();
  };

  /* Keep the photo (cleaned again by the server) with the landmarks as placed: only when asked. */
  Widget.prototype.keep = function () {
    var self = this, body = new FormData(), fixes = {};
    this.corrected().forEach(function (n) { fixes[n] = self.points[n]; });
    body.append("photo", this.file);
    body.append("view", this.view);
    body.append("side", this.targetSide());
    body.append("landmarks", JSON.stringify({ landmarks: fixes, level: this.level }));
    fetch("/api/v1/people/" + this.root.dataset.person + "/photos", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) {
        self.say(self.status.textContent + (r.ok ? " The photo is kept with your records." : " The photo could not be kept."), !r.ok);
        if (r.ok) self.root.dataset.kept = "1";
      });
  };

  document.querySelectorAll(".photo-measure").forEach(function (root) { root.psoasPhoto = new Widget(root); });
})();

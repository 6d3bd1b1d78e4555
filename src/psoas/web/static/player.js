// Follow-along player: hold/rest/rep phases from the dose, or a constructive-rest timer with gentle
// cues. When the last phase ends (or "Finish now"), the practice is logged through the form.
(function () {
  "use strict";
  var box = document.getElementById("player");
  if (!box || !document.getElementById("start")) { return; }
  var d = box.dataset;
  var num = function (v, dflt) { var n = parseFloat(v); return isNaN(n) ? dflt : n; };
  var REST_CUES = [
    "Let the floor take the weight of your head.",
    "Let your breath come and go by itself.",
    "Let the back of your ribs spread onto the floor.",
    "Let the knees rest against each other, or point to the ceiling without effort.",
    "Let the front of the hips soften; nothing to do.",
    "Notice the weight of your pelvis on the floor.",
    "Let the shoulders widen away from each other."
  ];
  var CUE_EVERY_S = 150;
  var phases = [];
  var holdS = num(d.holdS, 0);

  function buildPhases() {
    phases = [];
    if (d.kind === "rest") {
      var input = document.getElementById("rest-minutes");
      var minutes = Math.min(20, Math.max(15, num(input && input.value, 15)));
      phases.push({ label: "Constructive rest: lie back, knees bent, feet flat", secs: minutes * 60, kind: "rest" });
      return;
    }
    var reps = Math.max(1, num(d.reps, 1));
    var sets = Math.max(1, num(d.sets, 1));
    var rest = num(d.restS, 0);
    var hold = Math.max(1, holdS || 5);
    // The sides the programme asks for (data-sides, e.g. "left"), else both for a sided exercise.
    var sides = d.sided === "true" ? (d.sides || "left,right").split(",").map(function (s) {
      return s.charAt(0).toUpperCase() + s.slice(1) + " side";
    }) : [""];
    sides.forEach(function (side) {
      phases.push({ label: (side ? side + ": " : "") + "get into position", secs: 5, kind: "ready" });
      for (var s = 1; s <= sets; s++) {
        for (var r = 1; r <= reps; r++) {
          var what = (side ? side + " — " : "") + (sets > 1 ? "set " + s + " of " + sets + ", " : "") +
            "rep " + r + " of " + reps + ": hold";
          phases.push({ label: what, secs: hold, kind: "hold" });
          if (rest > 0 && !(s === sets && r === reps)) { phases.push({ label: "Rest", secs: rest, kind: "pause" }); }
        }
      }
    });
  }

  var el = {
    phase: document.getElementById("phase"), clock: document.getElementById("clock"),
    cue: document.getElementById("cue"), fill: document.getElementById("progress-fill"),
    start: document.getElementById("start"), pause: document.getElementById("pause"),
    finish: document.getElementById("finish"), done: document.getElementById("done"),
    sound: document.getElementById("sound"), form: document.getElementById("log-form"),
    awake: document.getElementById("awake"), felt: document.getElementById("felt"),
    saveNow: document.getElementById("save-now")
  };
  var SAVE_AFTER_MS = 8000;
  var lock = null;

  // Keep the screen on while a timer runs (Screen Wake Lock; silently absent where unsupported).
  function wake(on) {
    if (on && !lock && navigator.wakeLock && navigator.wakeLock.request) {
      navigator.wakeLock.request("screen").then(function (l) {
        lock = l; el.awake.hidden = false;
        l.addEventListener("release", function () { lock = null; el.awake.hidden = true; });
      }).catch(function () { lock = null; });
    } else if (!on && lock) {
      lock.release(); lock = null;
    }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state.running) { wake(true); }
  });
  var state = { running: false, index: 0, phaseStart: 0, pausedAt: 0, activeMs: 0, lastTick: 0, holds: 0, timer: 0, cue: -1 };

  function fmt(secs) {
    secs = Math.max(0, Math.ceil(secs));
    var m = Math.floor(secs / 60), s = secs % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function chime() {
    if (!el.sound.checked || !window.AudioContext) { return; }
    var ctx = new AudioContext(), osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.frequency.value = 528; gain.gain.value = 0.05;
    osc.connect(gain); gain.connect(ctx.destination);
    osc.start(); osc.stop(ctx.currentTime + 0.25);
  }

  function total() { return phases.reduce(function (a, p) { return a + p.secs; }, 0); }

  function show(now) {
    var p = phases[state.index];
    var elapsed = (now - state.phaseStart) / 1000;
    el.phase.textContent = p.label;
    el.clock.textContent = fmt(p.secs - elapsed);
    var before = phases.slice(0, state.index).reduce(function (a, q) { return a + q.secs; }, 0);
    el.fill.style.width = Math.min(100, 100 * (before + elapsed) / total()) + "%";
    if (p.kind === "rest") {
      var k = Math.floor(elapsed / CUE_EVERY_S);
      if (k !== state.cue) { state.cue = k; el.cue.textContent = REST_CUES[k % REST_CUES.length]; if (k > 0) { chime(); } }
    } else {
      el.cue.textContent = p.kind === "hold" ? "Breathe out slowly; ease in, never force." : "";
    }
  }

  function tick() {
    var now = Date.now();
    state.activeMs += now - state.lastTick;
    state.lastTick = now;
    while (state.index < phases.length && (now - state.phaseStart) / 1000 >= phases[state.index].secs) {
      if (phases[state.index].kind === "hold") { state.holds += 1; }
      state.phaseStart += phases[state.index].secs * 1000;
      state.index += 1;
      chime();
    }
    if (state.index >= phases.length) { complete(); return; }
    show(now);
  }

  function start() {
    if (!phases.length || state.index >= phases.length) {
      buildPhases();
      state.index = 0; state.holds = 0; state.activeMs = 0; state.cue = -1;
      state.phaseStart = Date.now();
    } else {
      state.phaseStart += Date.now() - state.pausedAt;
    }
    state.lastTick = Date.now();
    state.running = true;
    el.start.hidden = true; el.pause.hidden = false; el.finish.disabled = false;
    state.timer = window.setInterval(tick, 200);
    wake(true);
    show(Date.now());
  }

  function pause() {
    window.clearInterval(state.timer);
    state.running = false; state.pausedAt = Date.now();
    el.start.textContent = "Resume"; el.start.hidden = false; el.pause.hidden = true;
    wake(false);
    el.phase.textContent = "Paused — " + el.phase.textContent;
  }

  function complete() {
    window.clearInterval(state.timer);
    state.running = false;
    el.start.hidden = true; el.pause.hidden = true; el.finish.disabled = true;
    wake(false);
    el.clock.textContent = "00:00"; el.fill.style.width = "100%";
    el.phase.textContent = "Finished";
    el.done.hidden = false;
    if (el.form) {
      el.form.querySelector("#log-minutes").value = (state.activeMs / 60000).toFixed(2);
      if (d.kind !== "rest" && state.holds > 0) {
        el.form.querySelector(holdS >= 10 ? "#log-holds" : "#log-reps").value = String(state.holds);
      }
      // "How did it feel" never holds the log back: it saves after a few seconds, or at once on
      // "Save now"; only while the person is typing in the field does it wait for them.
      el.saveNow.hidden = false;
      var save = function () {
        if (document.activeElement === el.felt && el.felt.value) { window.setTimeout(save, SAVE_AFTER_MS); return; }
        el.form.submit();
      };
      window.setTimeout(save, SAVE_AFTER_MS);
    }
  }

  el.start.addEventListener("click", start);
  el.pause.addEventListener("click", pause);
  el.finish.addEventListener("click", function () {
    if (state.running) { tick(); }
    complete();
  });
})();

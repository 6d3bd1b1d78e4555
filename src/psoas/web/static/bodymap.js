// The body map: choose regions (mouse or keyboard), then rate each with a slider 0-10.
// Each chosen region adds a range input named pain.<region>.<side> to the enclosing form.
// A choice remembers the views it was made in: choosing the knee in the back view when the front
// view already has it keeps it (one choice, both views); it goes only when every view that chose it
// lets go, or with its "remove" button. Choices are kept in sessionStorage, so the browser's Back
// and a reload bring them back. One shape per view is a tab stop; the arrow keys walk head to feet.
(function () {
  "use strict";

  function labelOf(shape) {
    return shape.getAttribute("aria-label").replace(/ \((front|back)\)$/, "");
  }

  function setup(section) {
    var list = section.querySelector(".chosen-list");
    var empty = section.querySelector("[data-empty]");
    var midline = (section.dataset.midline || "").split(",");
    var shapes = Array.prototype.slice.call(section.querySelectorAll(".region"));
    var views = {};  // key -> {front: true, back: true}
    var form = section.closest("form");
    var draftInput = form && form.querySelector('input[name="draft"]');
    var storeKey = "psoas-bodymap:" + (section.dataset.store || location.pathname);
    var MAX_AGE_MS = 2 * 60 * 60 * 1000;

    function keyOf(shape) { return shape.dataset.region + "." + shape.dataset.side; }
    function viewOf(shape) { return shape.closest("svg").dataset.view; }

    function save() {
      var items = Array.prototype.slice.call(list.children).map(function (li) {
        var sel = li.querySelector("select");
        return { key: li.dataset.key, value: li.querySelector('input[type="range"]').value,
          side: sel ? sel.value : "", views: Object.keys(views[li.dataset.key] || {}) };
      });
      try {
        sessionStorage.setItem(storeKey, JSON.stringify({ at: Date.now(), draft: draftInput ? draftInput.value : "", items: items }));
      } catch (e) { /* storage full or blocked: the form still works */ }
    }

    function saved() {
      try {
        var data = JSON.parse(sessionStorage.getItem(storeKey) || "null");
        if (!data || Date.now() - data.at > MAX_AGE_MS) { return null; }
        if (draftInput && data.draft !== draftInput.value) { return null; }
        return data.items;
      } catch (e) { return null; }
    }

    function mark(key, on, intensity) {
      shapes.forEach(function (s) {
        if (keyOf(s) !== key) { return; }
        s.setAttribute("aria-pressed", on ? "true" : "false");
        s.classList.toggle("selected", on);
        s.style.fillOpacity = on ? String(0.25 + 0.075 * intensity) : "";
      });
    }

    function refreshEmpty() { empty.hidden = list.children.length > 0; }

    function shapeOf(key) {
      for (var i = 0; i < shapes.length; i++) { if (keyOf(shapes[i]) === key) { return shapes[i]; } }
      return null;
    }

    // Make a chosen item live: its slider shades the region, its button removes it.
    function wire(item, shape) {
      var key = item.dataset.key;
      var range = item.querySelector('input[type="range"]');
      var out = item.querySelector("output");
      range.addEventListener("input", function () {
        out.textContent = range.value;
        mark(key, true, Number(range.value));
        save();
      });
      var sel = item.querySelector("select");
      if (sel) { sel.addEventListener("change", save); }
      item.querySelector("button").addEventListener("click", function () { unchoose(key); });
      if (!views[key]) { views[key] = {}; }
      mark(key, true, Number(range.value));
    }

    function add(shape) {
      var key = keyOf(shape);
      var region = shape.dataset.region;
      var item = document.createElement("li");
      item.dataset.key = key;
      var id = "int-" + key.replace(".", "-");
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = labelOf(shape);
      var range = document.createElement("input");
      range.type = "range"; range.min = "0"; range.max = "10"; range.step = "1"; range.value = "5";
      range.id = id; range.name = "pain." + key;
      range.setAttribute("aria-label", "How much it hurts: " + labelOf(shape) + " (0 none, 10 worst)");
      var out = document.createElement("output");
      out.setAttribute("for", id); out.textContent = "5";
      item.appendChild(label); item.appendChild(range); item.appendChild(out);
      if (midline.indexOf(region) >= 0) {
        var sel = document.createElement("select");
        sel.name = "side." + region;
        sel.setAttribute("aria-label", "Side of the " + labelOf(shape));
        ["center", "left", "right"].forEach(function (v) {
          var o = document.createElement("option"); o.value = v;
          o.textContent = v === "center" ? "middle / both sides" : v + " side";
          sel.appendChild(o);
        });
        item.appendChild(sel);
      }
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "link";
      remove.textContent = "remove";
      remove.setAttribute("aria-label", "Remove " + labelOf(shape));
      item.appendChild(remove);
      list.appendChild(item);
      wire(item, shape);
      refreshEmpty();
    }

    function unchoose(key) {
      var existing = list.querySelector('li[data-key="' + key + '"]');
      if (existing) { existing.remove(); }
      delete views[key];
      mark(key, false, 0);
      refreshEmpty();
      save();
    }

    // A click in a view adds that view to the choice; a second click in the same view takes it
    // back, and the choice goes when no view holds it any more.
    function toggle(shape) {
      var key = keyOf(shape), view = viewOf(shape);
      var existing = list.querySelector('li[data-key="' + key + '"]');
      if (!existing) {
        add(shape);
        views[key] = {}; views[key][view] = true;
      } else if (views[key] && views[key][view]) {
        delete views[key][view];
        if (!Object.keys(views[key]).length) { unchoose(key); return; }
      } else {
        views[key] = views[key] || {}; views[key][view] = true;
      }
      save();
    }

    // Roving tab stop: Tab enters a view once; arrows move head to feet (Down/Right) and back.
    function move(shape, step) {
      var own = shapes.filter(function (s) {
        return viewOf(s) === viewOf(shape) && (s === shape || !s.classList.contains("out-of-zoom"));
      });
      var next = own[Math.max(0, Math.min(own.length - 1, own.indexOf(shape) + step))];
      own.forEach(function (s) { s.setAttribute("tabindex", s === next ? "0" : "-1"); });
      next.focus();
    }

    var zoom = setupZoom(section, shapes);
    shapes.forEach(function (shape) {
      shape.addEventListener("click", function () {
        if (zoom.overview()) { zoom.to(shape.dataset.group); return; }  // a phone tap zooms first
        toggle(shape);
      });
      shape.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " " || ev.key === "Spacebar") {
          ev.preventDefault();
          toggle(shape);
        } else if (ev.key === "ArrowDown" || ev.key === "ArrowRight") {
          ev.preventDefault(); move(shape, 1);
        } else if (ev.key === "ArrowUp" || ev.key === "ArrowLeft") {
          ev.preventDefault(); move(shape, -1);
        } else if (ev.key === "Home" || ev.key === "End") {
          ev.preventDefault(); move(shape, ev.key === "Home" ? -shapes.length : shapes.length);
        }
      });
    });
    // Choices the page came with (a step that failed its checks, the wizard's Back), else the
    // ones this tab saved (the browser's Back or a reload).
    var stored = list.children.length ? null : saved();
    (stored || []).forEach(function (s) {
      var shape = shapeOf(s.key);
      if (!shape) { return; }
      add(shape);
      var li = list.querySelector('li[data-key="' + s.key + '"]');
      var range = li.querySelector('input[type="range"]');
      range.value = s.value; li.querySelector("output").textContent = s.value;
      var sel = li.querySelector("select");
      if (sel && s.side) { sel.value = s.side; }
      views[s.key] = {};
      (s.views || []).forEach(function (v) { views[s.key][v] = true; });
      mark(s.key, true, Number(s.value));
    });
    Array.prototype.slice.call(list.children).forEach(function (item) {
      var shape = shapeOf(item.dataset.key);
      if (!shape) { item.remove(); return; }
      if (!stored) { wire(item, shape); views[item.dataset.key] = { front: true, back: true }; }
    });
    refreshEmpty();
    save();
    if (form && !draftInput) {  // a diary entry is done once posted; the wizard keeps it for Back
      form.addEventListener("submit", function () { sessionStorage.removeItem(storeKey); });
    }
  }

  // Zoom: buttons for each region group (from the views' data-groups / data-zoom boxes). On a phone
  // (narrow screen or a touch pointer) the whole-body view only picks a group: a tap zooms in, where
  // every region is a big target; "Whole body" zooms out again.
  function setupZoom(section, shapes) {
    var svgs = Array.prototype.slice.call(section.querySelectorAll(".bodymap-view"));
    var groups = JSON.parse(svgs[0].dataset.groups || "[]");
    var phone = window.matchMedia("(max-width: 600px), (pointer: coarse)");
    var bar = document.createElement("div");
    bar.className = "zoom-bar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Zoom the body map");
    var buttons = {};
    var current = "";
    [["", "Whole body"]].concat(groups).forEach(function (g) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = g[1]; b.dataset.zoom = g[0];
      b.addEventListener("click", function () { to(g[0]); });
      bar.appendChild(b);
      buttons[g[0]] = b;
    });
    section.querySelector(".views").before(bar);

    function refresh() {
      section.classList.toggle("overview", phone.matches && !current);
      Object.keys(buttons).forEach(function (k) { buttons[k].setAttribute("aria-pressed", k === current ? "true" : "false"); });
    }
    function to(gid) {
      current = gid || "";
      svgs.forEach(function (svg) {
        var boxes = JSON.parse(svg.dataset.zoom || "{}");
        svg.setAttribute("viewBox", current && boxes[current] ? boxes[current] : "0 0 200 400");
      });
      section.classList.toggle("zoomed", !!current);
      shapes.forEach(function (s) { s.classList.toggle("out-of-zoom", !!current && s.dataset.group !== current); });
      refresh();
    }
    if (phone.addEventListener) { phone.addEventListener("change", refresh); }
    refresh();
    return { to: to, overview: function () { return phone.matches && !current; } };
  }

  document.querySelectorAll(".bodymap").forEach(setup);
})();

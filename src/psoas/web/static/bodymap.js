// The body map: choose regions (mouse or keyboard), then rate each with a slider 0-10.
// Each chosen region adds a range input named pain.<region>.<side> to the enclosing form.
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

    function keyOf(shape) { return shape.dataset.region + "." + shape.dataset.side; }

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
      });
      item.querySelector("button").addEventListener("click", function () { toggle(shape); });
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

    function toggle(shape) {
      var key = keyOf(shape);
      var existing = list.querySelector('li[data-key="' + key + '"]');
      if (existing) {
        existing.remove();
        mark(key, false, 0);
        refreshEmpty();
      } else {
        add(shape);
      }
    }

    shapes.forEach(function (shape) {
      shape.addEventListener("click", function () { toggle(shape); });
      shape.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " " || ev.key === "Spacebar") {
          ev.preventDefault();
          toggle(shape);
        }
      });
    });
    // Choices the page came with (after Back, or a step that failed its checks).
    Array.prototype.slice.call(list.children).forEach(function (item) {
      var shape = shapeOf(item.dataset.key);
      if (shape) { wire(item, shape); } else { item.remove(); }
    });
    refreshEmpty();
  }

  document.querySelectorAll(".bodymap").forEach(setup);
})();

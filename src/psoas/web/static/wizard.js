// Intake wizard helpers: when the person says none of the other warning signs apply, answer "no" to each
// red-flag question still unanswered (visibly; every answer can still be changed before sending).
(function () {
  "use strict";
  var button = document.getElementById("all-no");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var names = {};
    document.querySelectorAll('.flags input[type="radio"]').forEach(function (r) { names[r.name] = true; });
    Object.keys(names).forEach(function (name) {
      var picked = document.querySelector('input[name="' + name + '"]:checked');
      if (!picked) { document.querySelector('input[name="' + name + '"][value="no"]').checked = true; }
    });
  });
})();

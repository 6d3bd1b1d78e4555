// On-screen reminder of the trial's logging times: while a trial page is open, a banner appears
// when a planned time has passed and that rating is not logged yet (checked every 30 s).
(function () {
  "use strict";
  var box = document.getElementById("log-reminder");
  if (!box) { return; }
  var times = (box.getAttribute("data-times") || "").split(",").filter(Boolean);
  var done = parseInt(box.getAttribute("data-done") || "0", 10);
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function check() {
    var now = new Date();
    var hhmm = pad(now.getHours()) + ":" + pad(now.getMinutes());
    var due = times.filter(function (t) { return t <= hhmm; });
    if (due.length > done) {
      box.querySelector(".when").textContent = due[due.length - 1];
      box.hidden = false;
    } else {
      box.hidden = true;
    }
  }
  check();
  window.setInterval(check, 30000);
}());

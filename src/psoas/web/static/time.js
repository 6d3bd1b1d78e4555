// Stored moments are UTC; each <time class="local-time"> is shown in the reader's time zone.
// Without scripts (or on paper) the server's words stay, and they say UTC.
(function () {
  "use strict";
  var format;
  try {
    format = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  } catch (e) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("time.local-time[datetime]"), function (t) {
    var when = new Date(t.getAttribute("datetime"));
    if (isNaN(when.getTime())) { return; }
    t.title = t.textContent;
    t.textContent = format.format(when);
    t.classList.add("local");
  });
})();

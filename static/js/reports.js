// Reports page: show the custom date range only when "another period" is chosen.
(function () {
  "use strict";
  var part = document.querySelector("[data-report-part]");
  var custom = document.querySelector("[data-report-custom]");
  if (!part || !custom) { return; }
  function sync() {
    var shown = part.value === "custom";
    custom.hidden = !shown;
    custom.querySelectorAll("input").forEach(function (input) { input.disabled = !shown; });
  }
  part.addEventListener("change", sync);
  sync();
})();

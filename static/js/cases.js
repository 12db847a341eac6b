// Case page: open the step whose link was followed, and show the free-text reason only when
// "other" is chosen as the filing reason. Everything works without it.
(function () {
  "use strict";
  if (location.hash.indexOf("#step-") === 0) {
    var step = document.getElementById(location.hash.slice(1));
    if (step && step.tagName === "DETAILS") { step.open = true; }
  }
  var opened = document.querySelector("details.step[open] input, details.step[open] textarea, details.step[open] select");
  if (opened && document.querySelector(".field--error")) { opened.focus(); }
  document.querySelectorAll("select[name='reason_code']").forEach(function (select) {
    var form = select.form;
    var reason = form && form.querySelector("textarea[name='reason']");
    if (!reason) { return; }
    var field = reason.closest(".field");
    function sync() { field.hidden = select.value !== "other"; }
    select.addEventListener("change", sync);
    sync();
  });
})();

// Reception log form: show citizen rows as needed, the group rule, and route-specific fields.
(function () {
  "use strict";
  var form = document.querySelector(".visit-form");
  if (!form) { return; }

  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-citizen-row]"));
  var addButton = form.querySelector("[data-add-citizen]");
  function filled(row) {
    return Array.prototype.some.call(row.querySelectorAll("input"), function (input) {
      return input.value.trim() !== "";
    });
  }
  var lastShown = 0;
  rows.forEach(function (row, index) {
    if (filled(row) || row.querySelector(".field--error")) { lastShown = index; }
  });
  function refreshRows() {
    rows.forEach(function (row, index) {
      if (index <= lastShown) { row.removeAttribute("data-hidden"); } else { row.setAttribute("data-hidden", ""); }
    });
    if (addButton) { addButton.hidden = lastShown >= rows.length - 1; }
  }
  if (addButton) {
    addButton.addEventListener("click", function () {
      lastShown = Math.min(lastShown + 1, rows.length - 1);
      refreshRows();
      var input = rows[lastShown].querySelector("input");
      if (input) { input.focus(); }
    });
  }
  refreshRows();

  var people = form.querySelector("#people");
  var rule = form.querySelector("[data-group-rule]");
  function refreshRule() {
    if (!people || !rule) { return; }
    var n = parseInt(people.value, 10);
    if (n >= 11) {
      rule.textContent = rule.getAttribute("data-text-large").replace("{n}", n);
    } else if (n >= 5) {
      rule.textContent = rule.getAttribute("data-text-small").replace("{n}", n);
    } else {
      rule.textContent = "";
    }
  }
  if (people) { people.addEventListener("input", refreshRule); }
  refreshRule();

  var route = form.querySelector("#route");
  var blocks = form.querySelectorAll("[data-when-route]");
  function refreshRoute() {
    Array.prototype.forEach.call(blocks, function (block) {
      var wanted = block.getAttribute("data-when-route");
      var show = route && route.value === wanted;
      var hasError = block.querySelector(".field--error");
      block.hidden = !(show || hasError);
    });
  }
  if (route) { route.addEventListener("change", refreshRoute); }
  refreshRoute();
})();

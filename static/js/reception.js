// Reception log form: show citizen rows as needed, the group rule, and route-specific fields.
(function () {
  "use strict";
  var form = document.querySelector(".visit-form");
  if (!form) { return; }

  // Citizen rows: the empty ones after the last filled row stay hidden until "Thêm người";
  // past the rows the page came with, the button adds a blank copy of the last row, numbered
  // on (without this script the same button asks the server for the form with one row more).
  var list = form.querySelector("[data-citizen-rows]");
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-citizen-row]"));
  var addButton = form.querySelector("[data-add-citizen]");
  var max = addButton ? parseInt(addButton.getAttribute("data-max") || "0", 10) : 0;
  function filled(row) {
    return Array.prototype.some.call(row.querySelectorAll("input"), function (input) {
      return input.type === "checkbox" ? input.checked : input.value.trim() !== "";
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
    if (addButton) { addButton.hidden = max > 0 && lastShown >= max - 1; }
  }
  function copyOfLast() {
    var last = rows[rows.length - 1];
    var index = rows.length;
    var copy = last.cloneNode(true);
    copy.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (node) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value) { node.setAttribute(attr, value.replace(/citizens-\d+-/g, "citizens-" + index + "-")); }
      });
      if (node.type === "checkbox") { node.checked = false; } else if (node.tagName === "INPUT") { node.value = ""; }
    });
    copy.querySelectorAll(".field__error").forEach(function (node) { node.remove(); });
    copy.querySelectorAll(".field--error").forEach(function (node) { node.classList.remove("field--error"); });
    var legend = copy.querySelector("legend");
    if (legend) { legend.textContent = legend.textContent.replace(/\d+\s*$/, String(index + 1)); }
    list.appendChild(copy);
    rows.push(copy);
  }
  if (addButton && list && rows.length) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      if (lastShown >= rows.length - 1) { copyOfLast(); }
      lastShown += 1;
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

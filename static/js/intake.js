// Intake forms: unit filter, anonymous toggle, file checks, similar-case look-up at the desk.
// Every form works without this script; it only saves clicks and round trips.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // A search box that narrows a long <select> of units as one types, accents optional.
  document.querySelectorAll("[data-unit-filter]").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("data-unit-filter"));
    if (!select) { return; }
    box.hidden = false;
    var options = Array.prototype.slice.call(select.options).map(function (option) {
      return { option: option, text: fold(option.text + " " + option.value) };
    });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(" ").filter(Boolean);
      var firstMatch = null;
      options.forEach(function (entry) {
        var match = !entry.option.value || words.every(function (w) { return entry.text.indexOf(w) !== -1; });
        entry.option.hidden = !match;
        entry.option.disabled = !match && entry.option.value !== select.value;
        if (match && entry.option.value && !firstMatch) { firstMatch = entry.option; }
      });
      if (words.length && firstMatch && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = firstMatch.value;
      }
    });
  });

  // Anonymous: the identity fields do not apply; a complaint cannot be anonymous online.
  document.querySelectorAll("[data-intake-form]").forEach(function (form) {
    var toggle = form.querySelector("[data-anonymous-toggle]");
    var identity = form.querySelector("[data-identity]");
    var warning = form.querySelector("[data-anonymous-complaint]");
    function update() {
      if (!toggle || !identity) { return; }
      identity.hidden = toggle.checked;
      var kind = form.querySelector("input[name=kind]:checked");
      if (warning) { warning.hidden = !(toggle.checked && kind && kind.value === "complaint"); }
    }
    if (toggle) {
      toggle.addEventListener("change", update);
      form.querySelectorAll("input[name=kind]").forEach(function (radio) { radio.addEventListener("change", update); });
      update();
    }

    // Say at once when files are too many or too large; the server checks again.
    var files = form.querySelector("input[type=file][data-max-files]");
    var fileWarning = form.querySelector("[data-file-warning]");
    if (files && fileWarning) {
      files.addEventListener("change", function () {
        var maxFiles = parseInt(files.getAttribute("data-max-files"), 10);
        var maxBytes = parseInt(files.getAttribute("data-max-bytes"), 10);
        var problems = [];
        if (files.files.length > maxFiles) { problems.push("≤ " + maxFiles); }
        Array.prototype.forEach.call(files.files, function (file) {
          if (file.size > maxBytes) { problems.push(file.name + " > " + Math.round(maxBytes / 1048576) + " MB"); }
        });
        fileWarning.textContent = problems.join("; ");
        fileWarning.hidden = problems.length === 0;
      });
    }

    if (form.hasAttribute("data-desk")) { similarLookup(form); growingRows(form); }
  });

  // "Add a person": a blank copy of the last co-petitioner row, numbered on; without this
  // script the same button asks the server for the form with one row more.
  function growingRows(form) {
    var button = form.querySelector("[data-add-row]");
    var list = form.querySelector("[data-co-petitioners]");
    if (!button || !list) { return; }
    button.addEventListener("click", function (event) {
      var rows = list.querySelectorAll("[data-co-petitioner]");
      var last = rows[rows.length - 1];
      if (!last) { return; }
      event.preventDefault();
      var index = rows.length;
      var copy = last.cloneNode(true);
      copy.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (node) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = node.getAttribute(attr);
          if (value) { node.setAttribute(attr, value.replace(/co_petitioners-\d+-/g, "co_petitioners-" + index + "-")); }
        });
        if (node.type === "checkbox") { node.checked = false; } else if ("value" in node) { node.value = ""; }
      });
      copy.querySelectorAll(".field__error").forEach(function (node) { node.remove(); });
      var legend = copy.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent.replace(/\d+\s*$/, String(index + 1)); }
      list.appendChild(copy);
      var first = copy.querySelector("input");
      if (first) { first.focus(); }
      var max = parseInt(button.getAttribute("data-max") || "0", 10);
      if (max && index + 1 >= max) { button.hidden = true; }
    });
  }

  function similarLookup(form) {
    var url = form.getAttribute("data-similar-url");
    var list = form.querySelector("[data-similar-list]");
    var labels = document.getElementById("similar-labels");
    var checked = form.querySelector("input[name=similar_checked]");
    if (!url || !list || !labels) { return; }
    var timer = null;
    function input(name) { return form.querySelector("[data-similar-input=" + name + "]"); }
    function element(tag, text, className) {
      var node = document.createElement(tag);
      if (text) { node.textContent = text; }
      if (className) { node.className = className; }
      return node;
    }
    function choice(value, text, current) {
      var label = element("label");
      var radio = element("input");
      radio.type = "radio"; radio.name = "relation"; radio.value = value;
      radio.checked = value === current;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + text));
      return label;
    }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "relation") { form.setAttribute("data-relation-chosen", ""); }
    });
    function render(found) {
      var picked = form.querySelector("input[name=relation]:checked");
      // A strong match is never "not related" by default: nothing is ticked until chosen.
      var strong = found.some(function (row) { return row.strong; });
      var current = picked ? picked.value : (strong ? null : "");
      if (picked && picked.value === "" && strong && !form.hasAttribute("data-relation-chosen")) { current = null; }
      // A sealed case the officer may not see comes only as a notice, never by name.
      var rows = found.filter(function (row) { return !row.sealed; });
      list.textContent = "";
      found.forEach(function (row) {
        if (row.sealed) { list.appendChild(element("p", row.message, "notice")); }
      });
      if (!rows.length) {
        if (found.length) { return; }
        list.appendChild(element("p", labels.getAttribute("data-empty"), "muted"));
        return;
      }
      var ul = element("ul", null, "similar__list");
      rows.forEach(function (row) {
        var li = element("li", null, "similar__item");
        var head = row.tracking_code + " · " + row.received_on + " · " + row.kind + " · " + row.status;
        if (row.repeat_number > 1) { head += " · " + labels.getAttribute("data-times") + " " + row.repeat_number; }
        li.appendChild(element("p", head, "similar__title"));
        li.appendChild(element("p", row.title + " (" + row.unit + ")"));
        li.appendChild(element("p", row.reasons.join("; "), "muted"));
        var choices = element("div", null, "similar__choices");
        choices.appendChild(choice("repeat:" + row.id, labels.getAttribute("data-repeat"), current));
        choices.appendChild(choice("duplicate:" + row.id, labels.getAttribute("data-duplicate"), current));
        li.appendChild(choices);
        ul.appendChild(li);
      });
      list.appendChild(ul);
      var none = choice("", labels.getAttribute("data-none"), current);
      none.className = "similar__none";
      list.appendChild(none);
      // The officer has seen the list: the server need not stop to show it again.
      if (checked) { checked.value = "1"; }
    }
    function lookup() {
      // POST, never a query string: names and ID numbers must not land in access logs.
      var params = new URLSearchParams();
      ["id_number", "name", "content"].forEach(function (name) {
        var field = input(name);
        if (field && field.value.trim()) { params.set(name, field.value.trim()); }
      });
      if (!params.has("id_number") && !params.has("name")) { return; }
      var token = form.querySelector("input[name=csrf_token]");
      if (token) { params.set("csrf_token", token.value); }
      fetch(url, {
        method: "POST",
        body: params,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(render)
        .catch(function () { /* the server shows the list on submit anyway */ });
    }
    ["id_number", "name", "content"].forEach(function (name) {
      var field = input(name);
      if (field) {
        field.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(lookup, 250); });
      }
    });
  }
})();

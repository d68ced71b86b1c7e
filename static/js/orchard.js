/* Orchard: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]")) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Content that htmx loads on demand takes the keyboard focus, so a keyboard or screen-reader user
  // lands where the page changed: a form marked data-focus-first ("Add someone", "Add a unit", an
  // edit form) on its first field, or on the first field with an error when it comes back refused;
  // otherwise, when the control that asked has gone with the old content, the new content itself
  // (focus would else fall back to the top of the page).
  var FIELDS = "[aria-invalid=true], input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  function visible(el) { return el.getClientRects().length > 0; }
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.target;
    if (!root || !root.isConnected || root === document.body) return;
    var form = root.matches("form[data-focus-first]") ? root : root.querySelector("form[data-focus-first]");
    if (form) {
      var fields = Array.prototype.filter.call(form.querySelectorAll(FIELDS), visible);
      var invalid = fields.filter(function (el) { return el.getAttribute("aria-invalid") === "true"; });
      var field = invalid[0] || fields[0];
      if (field) { field.focus(); return; }
    }
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      if (!root.hasAttribute("tabindex")) root.setAttribute("tabindex", "-1");
      root.focus();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-hide-when-scripted]").forEach(function (el) { el.hidden = true; });
  });
})();

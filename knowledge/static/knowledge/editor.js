// The coordinator's article editor. Works without this file; with it, a warning before
// leaving a text with unsaved changes (beforeunload only while there are any, so an
// unchanged page leaves freely and back/forward caching still works). The character
// count and the error summary's focus come from portal.js, as on every form.
(function () {
  "use strict";

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (el.tagName === "TEXTAREA" || el.type === "text") && !el.disabled;
    });
  }

  function watchUnsaved(form) {
    var initial = new Map();
    fields(form).forEach(function (el) { initial.set(el, el.value); });
    // After a failed save the text on the page is not what is stored: it is unsaved.
    var dirty = !!form.querySelector(".field--error, [data-error-summary]");
    function warn(event) {
      event.preventDefault();
      event.returnValue = form.dataset.unsavedWarning || "";
      return event.returnValue;
    }
    function update() {
      var changed = fields(form).some(function (el) { return el.value !== initial.get(el); });
      var now = changed || dirty;
      if (now && !form.__warning) { window.addEventListener("beforeunload", warn); }
      if (!now && form.__warning) { window.removeEventListener("beforeunload", warn); }
      form.__warning = now;
    }
    form.addEventListener("input", update);
    form.addEventListener("submit", function () {
      window.removeEventListener("beforeunload", warn);
      form.__warning = false;
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-unsaved-warning]").forEach(watchUnsaved);
  });
})();

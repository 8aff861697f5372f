// The coordinator's article editor. Works without this file; with it:
// - a warning before leaving a text with unsaved changes (beforeunload only while there
//   are any, so an unchanged page leaves freely and back/forward caching still works);
// - a character count against each field's limit, announced politely after a pause;
// - the error summary takes focus after a failed save.
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
    form.addEventListener("input", function () { dirty = false; update(); });
    form.addEventListener("submit", function () {
      window.removeEventListener("beforeunload", warn);
      form.__warning = false;
    });
    update();
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function watchCount(counter) {
    var field = document.getElementById(counter.dataset.countFor);
    var max = field ? parseInt(field.getAttribute("maxlength") || "0", 10) : 0;
    if (!field || !max) { return; }
    var timer = null;
    counter.setAttribute("aria-live", "polite");
    function show() {
      var used = field.value.length;
      counter.textContent = used > max
        ? format(counter.dataset.countOver, { over: used - max })
        : format(counter.dataset.countText, { used: used, max: max });
      counter.classList.toggle("char-count--over", used > max);
    }
    field.addEventListener("input", function () {
      // Screen readers hear the count once typing pauses, not at every key.
      clearTimeout(timer);
      timer = setTimeout(show, 600);
    });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-unsaved-warning]").forEach(watchUnsaved);
    document.querySelectorAll("[data-count-for]").forEach(watchCount);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();

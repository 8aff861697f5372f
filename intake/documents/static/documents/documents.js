/* Documents: nothing typed is lost. htmx saves each input as it is typed (templates/
   documents/_field.html); this adds what htmx alone does not do:
   - a save that failed for want of a connection is retried until it goes through;
   - an input typed into but not yet saved when the page is left (reload, closed tab) is
     sent with navigator.sendBeacon, so a reload shows it. */
(function () {
  "use strict";
  var dirty = new Set();
  var RETRY_MS = 3000;

  function fieldOf(element) {
    return element && element.closest ? element.closest("[hx-post]") : null;
  }

  document.addEventListener("input", function (event) {
    if (event.target.closest("[data-document-form]")) dirty.add(event.target);
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest("[data-document-form]")) dirty.add(event.target);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail.elt;
    if (!source.closest || !source.closest("[data-document-form]")) return;
    if (event.detail.successful) {
      dirty.forEach(function (input) { if (fieldOf(input) === source || input === source) dirty.delete(input); });
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var source = event.detail.elt;
    if (!source.closest || !source.closest("[data-document-form]")) return;
    var key = source.getAttribute("hx-vals") ? JSON.parse(source.getAttribute("hx-vals")).key : "";
    var status = document.getElementById("s-" + key.split(".").join("-"));
    if (status) {
      status.className = "save-status save-status--error";
      status.textContent = status.closest("form").getAttribute("data-offline-text") || "…";
    }
    setTimeout(function () { htmx.trigger(source, "change"); }, RETRY_MS);
  });

  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon) return;
    dirty.forEach(function (input) {
      var source = fieldOf(input);
      var form = input.form;
      if (!source || !form) return;
      var key = input.name;
      var data = new FormData();
      data.append("key", key);
      if (input.type === "radio") {
        var checked = form.querySelector('input[name="' + CSS.escape(key) + '"]:checked');
        data.append(key, checked ? checked.value : "");
      } else {
        data.append(key, input.value);
      }
      var revision = form.querySelector('input[name="rev:' + CSS.escape(key) + '"]');
      if (revision) data.append("rev:" + key, revision.value);
      var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
      if (token) data.append("csrfmiddlewaretoken", token.value);
      navigator.sendBeacon(source.getAttribute("hx-post"), data);
    });
    dirty.clear();
  });
})();

// Knowledge base enhancements; every page works without this file.
(function () {
  "use strict";

  // Print button (hidden without JavaScript: the browser's own print works anyway).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { window.print(); }
  });

  // Referral check: show the single-cost question only when that need is chosen.
  function syncNeed(form) {
    var chosen = form.querySelector("input[name=need]:checked");
    form.querySelectorAll("[data-show-when-need]").forEach(function (box) {
      // A question with an error stays visible, so the error summary's link leads somewhere.
      box.hidden = !(chosen && chosen.value === box.dataset.showWhenNeed) &&
        !box.classList.contains("field--error");
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "need" && event.target.form) { syncNeed(event.target.form); }
  });

  // After an answer is swapped in, focus moves to it rather than staying on the submit
  // button. A submit with errors brings the error summary instead, which portal.js focuses.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".kb-referral__form");
    if (form) { syncNeed(form); }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var form = document.querySelector(".kb-referral__form");
    if (!form) { return; }
    syncNeed(form);
    if (document.querySelector("[data-error-summary]")) { return; }
    var result = document.getElementById("referral-result");
    if (result && result.dataset.outcome && document.activeElement !== result) { result.focus(); }
  });
})();

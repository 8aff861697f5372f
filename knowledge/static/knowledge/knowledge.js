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
      box.hidden = !(chosen && chosen.value === box.dataset.showWhenNeed);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "need" && event.target.form) { syncNeed(event.target.form); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".kb-referral__form");
    if (form) { syncNeed(form); }
  });

  // After htmx swaps in the referral answer, move focus to it so keyboard and screen
  // reader users land on the answer rather than stay at the submit button.
  document.addEventListener("htmx:afterSettle", function () {
    var result = document.getElementById("referral-result");
    if (result && result.dataset.outcome && document.activeElement !== result) { result.focus(); }
  });
})();

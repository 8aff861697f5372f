// Quick exit: leave for a neutral site at once, replacing this page in the history so
// the back button does not lead here again. The button is a plain link without
// JavaScript; with it, Escape pressed twice does the same.
(function () {
  "use strict";
  var ESCAPE_WINDOW_MS = 1500;
  var lastEscape = 0;

  function target() {
    var link = document.querySelector("a[data-quick-exit]");
    return link ? link.href : null;
  }

  function leave(url) {
    if (!url) { return; }
    // Hide the page first: the next site may take a moment to load.
    try {
      document.title = "";
      document.documentElement.classList.add("quick-exit-leaving");
      document.body.textContent = "";
    } catch (ignored) { /* leaving matters more than tidying */ }
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-quick-exit]") : null;
    if (!link || event.button !== 0) { return; }
    event.preventDefault();
    leave(link.href);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    if (event.repeat) { return; }
    var now = Date.now();
    if (now - lastEscape <= ESCAPE_WINDOW_MS) {
      lastEscape = 0;
      leave(target());
    } else {
      lastEscape = now;
    }
  });
})();

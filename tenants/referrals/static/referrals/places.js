// Free places, live: the search page listens on /ws/places/ and changes an actor's
// number, its "updated" time and its stale mark in place when the actor updates them;
// the coordinator's list of referrals changes a referral's status when it is answered.
(function () {
  "use strict";
  function connect(box, attempt) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + box.dataset.placesWs);
    socket.addEventListener("open", function () { attempt = 0; box.dataset.live = "1"; });
    socket.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      var root = document.getElementById("results") || box;
      if (data.type === "snapshot") {
        root.querySelectorAll("[data-free]").forEach(function (element) {
          var now = data.places[element.dataset.free];
          if (now !== undefined) { element.textContent = String(now); }
        });
        return;
      }
      if (data.type === "referral") {
        // One of her referrals was answered: its status, in the page's language.
        var label = box.getAttribute("data-status-" + data.status);
        document.querySelectorAll("[data-referral-status]").forEach(function (element) {
          if (label && element.dataset.referralStatus === String(data.referral)) { element.textContent = label; }
        });
        return;
      }
      if (data.type !== "places") { return; }
      root.querySelectorAll("[data-free]").forEach(function (element) {
        if (element.dataset.free === data.actor) { element.textContent = String(data.places_free); }
      });
      root.querySelectorAll("[data-updated]").forEach(function (element) {
        if (element.dataset.updated === data.actor) { element.textContent = root.dataset.justNow || "now"; }
      });
      root.querySelectorAll("[data-stale]").forEach(function (element) {
        if (element.dataset.stale === data.actor) { element.remove(); }
      });
    });
    socket.addEventListener("close", function (event) {
      box.dataset.live = "";
      if (event.code >= 4000) { return; }  // refused: reconnecting would not help
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt || 0));
      setTimeout(function () { connect(box, (attempt || 0) + 1); }, delay);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-places-ws]");
    if (box) { connect(box, 0); }
  });
})();

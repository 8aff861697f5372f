// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Language switch: submit on change (the button stays for no-JS use).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]")) {
      target.form.submit();
    }
  });

  // Live notifications for a member of this actor (tenant hosts only).
  function connectNotifications(box) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + box.dataset.ws);
    socket.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      var texts = data.type === "snapshot" ? data.notifications.map(function (n) { return n.text; })
        : data.type === "notification" ? [data.text] : [];
      texts.forEach(function (text) {
        var item = document.createElement("p");
        item.className = "notification";
        item.textContent = text;
        box.appendChild(item);
      });
    });
    socket.addEventListener("close", function (event) {
      // Reconnect after a dropped connection, but not after a refusal (4xxx codes).
      if (event.code < 4000) { setTimeout(function () { connectNotifications(box); }, 3000); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("live-notifications");
    if (box && box.dataset.ws && window.WebSocket) { connectNotifications(box); }
  });
})();

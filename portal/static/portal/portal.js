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
  // One case, live: when any screen changes the intake, every screen refreshes itself
  // over HTTP (htmx "intake-changed"), or reloads when a decision or recommendation came.
  // After a dropped connection it reconnects and refreshes, so it resumes where it was.
  function liveElement(path) {
    return document.querySelector('[data-case-ws="' + path + '"]');
  }
  function connectCase(path, attempt) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    socket.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      var element = liveElement(path);
      if (!element) { return; }
      var known = parseInt(element.dataset.revision || "-1", 10);
      var reloadOn = (element.dataset.reloadOn || "").split(" ");
      if (data.type === "changed" && reloadOn.indexOf(data.event) !== -1) {
        location.reload();
      } else if ((data.type === "changed" || data.type === "state") && element.hasAttribute("hx-get")
                 && (data.revision === undefined || data.revision !== known) && window.htmx) {
        window.htmx.trigger(element, "intake-changed");
      }
    });
    socket.addEventListener("open", function () { attempt = 0; });
    socket.addEventListener("close", function (event) {
      if (event.code >= 4000) { return; }  // refused: not a member, unknown case
      var delay = Math.min(10000, 500 * Math.pow(2, attempt || 0));
      setTimeout(function () { connectCase(path, (attempt || 0) + 1); }, delay);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // An error summary takes focus, so the reader (and a screen reader) starts at the problem.
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
    var box = document.getElementById("live-notifications");
    if (box && box.dataset.ws && window.WebSocket) { connectNotifications(box); }
    var live = document.querySelector("[data-case-ws]");
    if (live && window.WebSocket) { connectCase(live.dataset.caseWs, 0); }
  });
})();

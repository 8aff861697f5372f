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
      // Never refresh away what someone is typing: the answer is posted with the revision it
      // was typed on, and the server says so if the intake moved on meanwhile.
      if (hasUnsavedText(element)) { return; }
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

  function hasUnsavedText(element) {
    var fields = element.querySelectorAll("textarea, input[type=text], input[type=number]");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== fields[i].defaultValue) { return true; }
    }
    return false;
  }

  // --- Focus: errors are seen, and the current question has the keyboard ---------------
  // After a failed action the error summary takes focus (GOV.UK pattern); otherwise, after
  // a fragment arrives, the element marked autofocus in it does.
  function focusArrived(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (root.matches && root.matches("[data-error-summary]")) { summary = root; }
    if (summary) {
      summary.focus();
      var top = summary.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) { summary.scrollIntoView({ block: "start" }); }
      return true;
    }
    var first = root.querySelector("[autofocus]");
    if (first && !first.disabled) {
      first.focus();
      return true;
    }
    return false;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#'], a.skip-link[href='#current-question']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    if (target.id === "current-question") {
      target = target.querySelector("[autofocus], input:not([type=hidden]), select, textarea, button") || target;
    }
    event.preventDefault();
    target.focus();
    // Show the field's label (or the question) too, not only the input.
    var label = target.id && document.querySelector("label[for='" + target.id + "']");
    var context = target.closest("fieldset, .field, form") || label || target;
    context.scrollIntoView({ block: "start" });
  });
  // A step forward swaps only the current question: the chat keeps the revision it shows
  // (the live socket compares against it, and would otherwise fetch the whole chat again).
  document.addEventListener("htmx:afterSwap", function () {
    var chat = document.getElementById("chat");
    var current = document.getElementById("current-question");
    if (chat && current && current.dataset.revision) { chat.dataset.revision = current.dataset.revision; }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (target && target.isConnected) { focusArrived(target); }
  });

  // --- Characters used of a field's limit: "120 / 2000" ---------------------------------
  // The browser stops typing at maxlength; the count says so before it happens. Screen
  // readers hear the count only after a pause, not on every key.
  var counterSelector = "textarea[maxlength], input[type=text][maxlength]:not([autocomplete=username])";
  function addCounters(root) {
    var fields = root.querySelectorAll(counterSelector);
    if (root.matches && root.matches(counterSelector)) { fields = [root]; }
    Array.prototype.forEach.call(fields, function (field) {
      if (field.dataset.counted || !field.id) { return; }
      field.dataset.counted = "1";
      var limit = parseInt(field.getAttribute("maxlength"), 10);
      if (!(limit > 0)) { return; }
      var shown = document.createElement("p");
      shown.className = "char-count";
      shown.id = field.id + "-count";
      shown.setAttribute("aria-hidden", "true");
      var spoken = document.createElement("p");
      spoken.className = "visually-hidden";
      spoken.setAttribute("role", "status");
      spoken.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", shown);
      shown.insertAdjacentElement("afterend", spoken);
      var pause = null;
      function update(speak) {
        var used = field.value.length;
        shown.textContent = used + " / " + limit;
        shown.classList.toggle("char-count--near", used >= limit * 0.9 && used < limit);
        shown.classList.toggle("char-count--full", used >= limit);
        if (speak) {
          clearTimeout(pause);
          pause = setTimeout(function () { spoken.textContent = used + " / " + limit; }, 1000);
        }
      }
      field.addEventListener("input", function () { update(true); });
      update(false);
    });
  }
  document.addEventListener("htmx:load", function (event) { addCounters(event.detail.elt); });

  // --- The chat: an answer is never lost to a failed save -------------------------------
  // On a network failure or a server error the form stays as it is (htmx swaps only
  // successful responses), the chat says "not saved, retrying", and the same request (the
  // same revision, so the server stores it once) is sent again with growing pauses.
  var chatSave = { request: null, timer: null, attempt: 0, failed: false };
  function saveStatus(kind) {
    var status = document.getElementById("chat-save-status");
    if (!status) { return; }
    status.textContent = kind ? status.dataset[kind] : "";
    status.classList.toggle("save-status--saved", kind === "saved");
  }
  function chatForm(element) {
    return element && element.closest ? element.closest("form[data-chat-answer]") : null;
  }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (error) { return ""; }
  }
  function swapChat(html) {
    var chat = document.getElementById("chat");
    if (!chat) { location.reload(); return; }
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    chat.replaceWith(fresh);
    if (window.htmx) { window.htmx.process(fresh); }
    addCounters(fresh);
    focusArrived(fresh);
  }
  function retryLater() {
    chatSave.failed = true;
    chatSave.attempt += 1;
    saveStatus("retrying");
    var delay = Math.min(30000, 1000 * Math.pow(2, chatSave.attempt - 1));
    clearTimeout(chatSave.timer);
    chatSave.timer = setTimeout(resend, delay);
  }
  function resend() {
    var request = chatSave.request;
    if (!request) { return; }
    fetch(request.url, {
      method: "POST", body: request.body, credentials: "same-origin",
      headers: { "HX-Request": "true", "HX-Current-URL": location.href, "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.status >= 500) { throw new Error("server error " + response.status); }
      if (!response.ok) { chatSave.request = null; saveStatus("failed"); return null; }
      return response.text().then(function (html) {
        chatSave.request = null;
        chatSave.attempt = 0;
        chatSave.failed = false;
        swapChat(html);
        saveStatus("saved");
      });
    }).catch(retryLater);
  }
  document.addEventListener("htmx:configRequest", function (event) {
    if (!chatForm(event.detail.elt)) { return; }
    // A new answer replaces any retry still waiting: the latest is what the person means.
    clearTimeout(chatSave.timer);
    chatSave.attempt = 0;
    var body = new URLSearchParams();
    var data = event.detail.formData || event.detail.parameters;
    data.forEach(function (value, key) { body.append(key, value); });
    chatSave.request = { url: event.detail.path, body: body };
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (chatForm(event.detail.elt)) { retryLater(); }
  });
  document.addEventListener("htmx:responseError", function (event) {
    if (!chatForm(event.detail.elt)) { return; }
    if (event.detail.xhr.status >= 500) { retryLater(); } else { chatSave.request = null; saveStatus("failed"); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (chatForm(event.detail.elt) && event.detail.successful) {
      chatSave.request = null;
      if (chatSave.failed) { chatSave.failed = false; saveStatus("saved"); } else { saveStatus(""); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    addCounters(document);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { focusArrived(summary); }
    var box = document.getElementById("live-notifications");
    if (box && box.dataset.ws && window.WebSocket) { connectNotifications(box); }
    var live = document.querySelector("[data-case-ws]");
    if (live && window.WebSocket) { connectCase(live.dataset.caseWs, 0); }
  });
})();

// A passkey was added on the security page (django-otp-webauthn's script): show it in the list.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.setTimeout(function () { window.location.reload(); }, 800);
});

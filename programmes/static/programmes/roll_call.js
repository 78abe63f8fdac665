// The roll call with JavaScript: every tap is saved at once with its own
// idempotency key. Taps wait in localStorage while the phone is offline and
// are sent, in order, when the connection returns; the server applies a key
// once, so a tap sent twice counts once. Without JavaScript the form's own
// save button does the same in one go.
(function () {
  "use strict";
  var form = document.querySelector("form.roll-call[data-mark-url]");
  if (!form || !window.fetch || !window.localStorage) {
    return;
  }
  var STORAGE = "kansen:roll-call:queue";
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var statusLine = document.getElementById("roll-call-sync");
  var sending = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID().replace(/-/g, "");
    }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(STORAGE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function store(items) {
    localStorage.setItem(STORAGE, JSON.stringify(items));
  }

  function showState() {
    var waiting = load().length;
    statusLine.textContent = waiting
      ? form.dataset.pendingText.replace("{count}", waiting)
      : form.dataset.savedText;
    statusLine.dataset.pending = String(waiting);
  }

  function updateCounts() {
    var counts = { present: 0, absent: 0, excused: 0, unmarked: 0 };
    form.querySelectorAll(".roll-call__person").forEach(function (row) {
      var checked = row.querySelector("input[type=radio]:checked");
      counts[checked ? checked.value : "unmarked"] += 1;
    });
    Object.keys(counts).forEach(function (name) {
      var cell = document.querySelector("[data-count='" + name + "']");
      if (cell) {
        cell.textContent = counts[name];
      }
    });
  }

  function flush() {
    if (sending) {
      return;
    }
    var items = load();
    if (!items.length) {
      showState();
      return;
    }
    sending = true;
    var item = items[0];
    var body = new URLSearchParams({ person: item.person, status: item.status, idempotency_key: item.key });
    fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    })
      .then(function (response) {
        if (response.redirected) {
          // Signed out meanwhile: keep the taps until the coordinator signs in again.
          sending = false;
          statusLine.textContent = form.dataset.signInText;
          return;
        }
        // A refusal (4xx) will not get better by sending it again: drop it.
        if (response.ok || (response.status >= 400 && response.status < 500)) {
          store(load().slice(1));
          sending = false;
          flush();
        } else {
          sending = false;
          showState();
        }
      })
      .catch(function () {
        sending = false; // offline: the "online" event sends the rest
        showState();
      });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || input.name.indexOf("person-") !== 0) {
      return;
    }
    var items = load();
    items.push({ url: form.dataset.markUrl, person: input.name.slice(7), status: input.value, key: newKey() });
    store(items);
    updateCounts();
    showState();
    flush();
  });
  window.addEventListener("online", flush);
  statusLine.hidden = false;
  flush();
})();

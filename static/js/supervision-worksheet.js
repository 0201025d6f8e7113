/* The examiner's worksheet on a phone: every change is kept in this browser first
   (localStorage) and sent to the server when there is a connection.

   The draft has a random id and a revision that grows with every change. A save sends the
   whole draft with both; the server applies each (draft id, revision) once, so a resend after
   a dropped connection changes nothing and an older save never overwrites a newer one. The
   draft stays in the browser until the server has confirmed its latest revision: never lost,
   never applied twice. */
(function () {
  "use strict";
  var root = document.querySelector(".js-field-worksheet");
  if (!root) return;
  var key = root.dataset.storageKey;
  var statusEl = document.getElementById("sync-status");
  var token = document.getElementById("csrf-token").value;
  var sending = false;
  var retryTimer = null;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(key) || "null");
      if (stored && stored.draftId) return stored;
    } catch (e) { /* a broken entry: start a new draft */ }
    return { draftId: newId(), revision: 0, synced: 0, answers: {} };
  }

  var draft = load();

  function store() {
    try { window.localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* full: keep in memory */ }
  }

  function items() { return root.querySelectorAll(".js-item"); }

  function readItem(card) {
    var id = card.dataset.itemId;
    var checked = card.querySelector("input[type=radio]:checked");
    var note = card.querySelector(".js-note");
    return { answer: checked ? checked.value : "", note: note ? note.value : "" };
  }

  function writeItem(card, value) {
    card.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = radio.value === value.answer;
    });
    var note = card.querySelector(".js-note");
    if (note) note.value = value.note || "";
  }

  function pending() { return draft.revision > draft.synced; }

  function show(state, extra) {
    statusEl.dataset.state = state;
    var text = {
      saved: root.dataset.textSaved,
      pending: root.dataset.textPending,
      sending: root.dataset.textSending,
      error: root.dataset.textError
    }[state];
    statusEl.textContent = extra ? text + " " + extra : text;
    statusEl.className = state === "saved" ? "text-success" : state === "error" ? "text-danger" : "text-warning";
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () { retryTimer = null; sync(); }, 5000);
  }

  function sync() {
    if (!pending()) { show("saved"); return; }
    if (sending) return;
    if (navigator.onLine === false) { show("pending"); scheduleRetry(); return; }
    sending = true;
    show("sending");
    var revision = draft.revision;
    var body = JSON.stringify({ draft_id: draft.draftId, revision: revision, answers: draft.answers });
    fetch(root.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: body
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      sending = false;
      if (result.status === 200 && result.data.ok) {
        draft.synced = Math.max(draft.synced, result.data.revision);
        store();
        if (pending()) { sync(); } else { show("saved"); }
      } else {
        show("error", result.data.error || "");
      }
    }).catch(function () {
      // No connection (or it dropped mid-way): the draft stays here and is sent again later.
      sending = false;
      show("pending");
      scheduleRetry();
    });
  }

  function changed() {
    items().forEach(function (card) { draft.answers[card.dataset.itemId] = readItem(card); });
    draft.revision += 1;
    store();
    sync();
  }

  // A draft not yet on the server (the page was reloaded offline) wins over the page.
  if (pending()) {
    items().forEach(function (card) {
      var value = draft.answers[card.dataset.itemId];
      if (value) writeItem(card, value);
    });
    show("pending");
    sync();
  } else {
    items().forEach(function (card) { draft.answers[card.dataset.itemId] = readItem(card); });
    store();
  }

  root.addEventListener("change", changed);
  var typing = null;
  root.addEventListener("input", function (event) {
    if (!event.target.classList.contains("js-note")) return;
    window.clearTimeout(typing);
    typing = window.setTimeout(changed, 600);
  });
  window.addEventListener("online", sync);
  window.addEventListener("offline", function () { if (pending()) show("pending"); });

  document.querySelectorAll(".js-needs-sync").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (pending()) {
        event.preventDefault();
        sync();
        window.alert(root.dataset.textWait);
      }
    });
  });
})();

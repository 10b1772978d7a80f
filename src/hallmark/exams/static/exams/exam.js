// The exam page's progressive enhancement: autosave with sequence numbers (kept in this
// browser until the server acknowledges them, retried with backoff while the server or the
// network fails), the timer
// that follows the server's clock, and the keyboard. Without it the page still works: every
// button posts the form.
(function () {
  "use strict";
  var exam = document.querySelector(".exam");
  if (!exam) return;
  var SAVED = "Saved";
  var SAVING = "Saving\u2026";
  var OFFLINE = "Offline \u2014 your answers are kept in this browser and will be sent";
  var RETRYING = "Not saved yet \u2014 trying again; your answers are kept in this browser";
  var NOT_SAVED = "Not saved: ";
  var storeKey = "hallmark-exam-" + exam.dataset.session;
  var status = document.getElementById("save-status");
  var form = document.getElementById("item-form");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  // --- the local copy: every change not yet acknowledged, and the highest sequence used ---
  function load() {
    try {
      return JSON.parse(localStorage.getItem(storeKey)) || { sequence: 0, pending: [] };
    } catch (e) {
      return { sequence: 0, pending: [] };
    }
  }
  var store = load();
  function keep() {
    try { localStorage.setItem(storeKey, JSON.stringify(store)); } catch (e) { /* full or off */ }
  }
  var sequence = Math.max(store.sequence, parseInt(exam.dataset.lastSequence, 10) || 0);

  function show(text) { if (status && status.textContent !== text) status.textContent = text; }
  // A change the server refused (400) is never shown as saved: the status says so until a
  // later change is acknowledged.
  var failed = "";
  function fail(reason) {
    failed = NOT_SAVED + (reason || "the server refused this change.") +
      " Choose your answer again, or tell your proctor.";
    show(failed);
  }

  // --- sending, one change at a time, in order ---
  var sending = false;
  var delay = 1000;
  var later = null; // the retry waiting for its turn
  var retrying = false;
  var waiters = [];
  function flushed() { return store.pending.length === 0; }
  function settle() {
    if (!flushed()) return;
    show(failed || SAVED);
    waiters.splice(0).forEach(function (done) { done(); });
  }
  function send() {
    if (sending) return;
    clearTimeout(later);
    later = null;
    if (flushed()) { settle(); return; }
    sending = true;
    // While retrying, the status keeps saying so: "Saving…" between tries would be announced
    // again and again.
    if (!retrying) show(SAVING);
    var change = store.pending[0];
    fetch(exam.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(change),
    }).then(function (response) {
      sending = false;
      if (response.status === 200 || response.status === 400 || response.status === 409) {
        // Acknowledged (committed), or refused for good: either way it leaves the queue.
        store.pending.shift();
        keep();
        delay = 1000;
        retrying = false;
        if (response.status === 200) { failed = ""; send(); return; }
        if (response.status === 409) { window.location.href = exam.dataset.examUrl; return; }
        response.json().catch(function () { return {}; }).then(function (body) {
          fail(body && body.reason);
          send();
        });
      } else if (response.status === 403 || response.status === 404) {
        window.location.href = exam.dataset.examUrl; // signed out, or not this session
      } else {
        retry(); // the server failed (a 5xx, a proxy's 502 or 503): keep the change, try again
      }
    }).catch(function () { sending = false; retry(); });
  }
  // Backoff from 1 s doubling to 30 s, each wait drawn between half and all of it, so that
  // the pages a failed server dropped do not all come back to its peer at the same moment.
  function retry() {
    retrying = true;
    compact();
    keep();
    show(navigator.onLine === false ? OFFLINE : RETRYING);
    later = setTimeout(send, delay * (0.5 + Math.random() / 2));
    delay = Math.min(delay * 2, 30000);
  }
  window.addEventListener("online", function () { delay = 1000; send(); });

  // A newer change of the same answer (or the same flag) makes an older unsent one moot: the
  // older is dropped, so that after an outage only the newest goes. The change being sent
  // stays; the server never lets an older sequence overwrite a newer one anyway.
  function compact() {
    store.pending = store.pending.filter(function (old, index) {
      if (sending && index === 0) return true;
      var field = typeof old.choice === "number" ? "choice" : "flagged";
      return !store.pending.slice(index + 1).some(function (newer) {
        return newer.position === old.position && field in newer;
      });
    });
  }
  function queue(change) {
    sequence += 1;
    change.sequence = sequence;
    store.sequence = sequence;
    store.pending.push(change);
    compact();
    keep();
    if (!later) send(); // while a retry waits, the new change goes with it
  }

  // --- the item on screen ---
  if (form) {
    var position = parseInt(form.dataset.position, 10);
    var flag = document.getElementById("flag");
    var next = document.getElementById("next");
    // Changes this browser kept but the server has not acknowledged: show them.
    store.pending.forEach(function (change) {
      if (change.position !== position) return;
      if (typeof change.choice === "number") {
        var radio = form.querySelector("input[name=choice][value='" + change.choice + "']");
        if (radio) radio.checked = true;
      }
      if (typeof change.flagged === "boolean") flag.setAttribute("aria-pressed", String(change.flagged));
    });
    form.addEventListener("change", function (event) {
      // The option's place on screen (from 1): the server maps it to the item's own option.
      if (event.target.name === "choice") queue({ position: position, choice: parseInt(event.target.value, 10) });
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.name === "choice") {
        event.preventDefault();
        next.click();
      }
    });
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button === flag) {
        event.preventDefault();
        var on = flag.getAttribute("aria-pressed") !== "true";
        flag.setAttribute("aria-pressed", String(on));
        queue({ position: position, flagged: on });
        return;
      }
      if (flushed()) return; // the page moves on with everything saved
      event.preventDefault(); // move on only once every answer is acknowledged
      waiters.push(function () { form.requestSubmit(button); });
      send();
    });
  }
  send();

  // --- the timer: the server's time left, counted down here and checked every 30 seconds ---
  var timer = document.getElementById("timer");
  var value = document.getElementById("timer-value");
  var toggle = document.getElementById("timer-toggle");
  var alert = document.getElementById("time-alert");
  var left = parseInt(exam.dataset.secondsLeft, 10);
  var since = Date.now();
  var running = exam.dataset.status === "in progress" && form !== null;
  var announced = {};
  function text(seconds) {
    seconds = Math.max(seconds, 0);
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
  }
  function remaining() { return left - Math.floor((Date.now() - since) / 1000); }
  function tick() {
    var now = remaining();
    value.textContent = text(now);
    [15, 5, 1].forEach(function (minutes) {
      if (now <= minutes * 60 && now > minutes * 60 - 60 && !announced[minutes]) {
        announced[minutes] = true;
        alert.textContent = minutes === 1 ? "1 minute left." : minutes + " minutes left.";
      }
    });
    // Mark what has already passed, so a page opened with 4 minutes left does not say "15".
    if (now <= 0) {
      running = false;
      if (flushed()) window.location.href = exam.dataset.examUrl;
      else waiters.push(function () { window.location.href = exam.dataset.examUrl; });
    }
  }
  [15, 5, 1].forEach(function (minutes) { if (left < minutes * 60 - 60) announced[minutes] = true; });
  function sync() {
    fetch(exam.dataset.stateUrl, { credentials: "same-origin" }).then(function (r) {
      // 409: the exam continues on another device; the exam's address says so.
      if (r.status === 409) { window.location.href = exam.dataset.examUrl; return null; }
      return r.ok ? r.json() : null;
    }).then(function (state) {
      if (!state) return;
      if (state.status !== exam.dataset.status) { window.location.href = exam.dataset.examUrl; return; }
      left = state.seconds_left;
      since = Date.now();
    }).catch(function () { /* offline: keep counting */ });
  }
  if (running) {
    setInterval(function () { if (running) tick(); }, 1000);
    setInterval(sync, 30000);
  } else if (exam.dataset.status === "paused") {
    setInterval(sync, 5000);
  }
  if (toggle && timer) {
    var hidden = localStorage.getItem("hallmark-timer-hidden") === "yes";
    var apply = function () {
      value.parentNode.classList.toggle("timer-hidden", hidden);
      toggle.setAttribute("aria-pressed", String(hidden));
    };
    toggle.hidden = false;
    apply();
    toggle.addEventListener("click", function () {
      hidden = !hidden;
      try { localStorage.setItem("hallmark-timer-hidden", hidden ? "yes" : "no"); } catch (e) { /* off */ }
      apply();
    });
  }
})();

// The exam page's progressive enhancement: autosave with sequence numbers (kept in this
// browser until the server acknowledges them, retried with backoff while the server or the
// network fails), moving between questions without reloading the page, the timer that
// follows the server's clock with its warnings, and the keyboard. Without it the page still
// works: every button posts the form. The candidate's tools are in exam-tools.js.
(function () {
  "use strict";
  var exam = document.querySelector(".exam");
  if (!exam) return;
  // The page's words, in its language: a JSON element the template writes (exam_words).
  var WORDS = JSON.parse(document.getElementById("exam-words").textContent);
  function say(key, values) {
    return WORDS[key].replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }
  var SAVED = WORDS.saved;
  var SAVING = WORDS.saving;
  var OFFLINE = WORDS.offline;
  var RETRYING = WORDS.retrying;
  var storeKey = "hallmark-exam-" + exam.dataset.session;
  var status = document.getElementById("save-status");
  var form = document.getElementById("item-form"); // replaced as the candidate moves
  function token() {
    var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    return csrf ? csrf.value : "";
  }

  // --- leaving: test drivers hold the candidate in a running exam. Leaving it is never the
  // way on, even with every answer saved, because the clock keeps running; so the browser
  // asks whenever the page would unload other than by the exam's own buttons and links. ---
  var leaving = false;
  function leave(url) { leaving = true; window.location.href = url; }
  window.addEventListener("beforeunload", function (event) {
    if (leaving || exam.dataset.status !== "in progress") return;
    event.preventDefault();
    event.returnValue = "";
  });
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) leaving = true; // the exam's own form goes ahead
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && !event.defaultPrevented && link.pathname.indexOf(exam.dataset.examUrl) === 0) leaving = true;
  });

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
    failed = say("notSaved", { reason: reason || WORDS.refused });
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
      headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
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
        if (response.status === 409) { leave(exam.dataset.examUrl); return; }
        response.json().catch(function () { return {}; }).then(function (body) {
          fail(body && body.reason);
          send();
        });
      } else if (response.status === 403 || response.status === 404) {
        leave(exam.dataset.examUrl); // signed out, or not this session
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
      var field = "choices" in old ? "choices" : typeof old.choice === "number" ? "choice" : "flagged";
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

  // --- the item on screen: listened to on the exam's region, as the form is replaced ---
  function position() { return parseInt(form.dataset.position, 10); }
  function chosenPlaces() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=choice]:checked"), function (input) {
      return parseInt(input.value, 10);
    });
  }
  // The navigator's entry of this question and the progress follow what was just chosen.
  function markQuestion() {
    var entry = form.querySelector(".question-entry[aria-current]");
    if (!entry) return;
    var answered = chosenPlaces().length > 0;
    var flagged = document.getElementById("flag").getAttribute("aria-pressed") === "true";
    entry.classList.toggle("answered", answered);
    entry.classList.toggle("flagged", flagged);
    var state = (answered ? WORDS.answered : WORDS.unanswered) + (flagged ? ", " + WORDS.flagged : "");
    entry.setAttribute("aria-label", say("question", { number: entry.dataset.number, state: state }));
    entry.querySelector(".marks").textContent = (answered ? "\u2713" : "") + (flagged ? "\u2691" : "");
    var count = form.querySelectorAll(".question-entry.answered").length;
    var total = form.querySelectorAll(".question-entry").length;
    var progress = document.getElementById("progress");
    var counted = say("progress", { answered: count, total: total });
    if (progress) progress.textContent = counted;
    document.getElementById("navigator-progress").textContent = "(" + counted + ")";
  }
  // Changes this browser kept but the server has not acknowledged: show them.
  function mount() {
    var here = position();
    store.pending.forEach(function (change) {
      if (change.position !== here) return;
      if (Array.isArray(change.choices)) {
        form.querySelectorAll("input[name=choice]").forEach(function (input) {
          input.checked = change.choices.indexOf(parseInt(input.value, 10)) >= 0;
        });
      }
      if (typeof change.choice === "number") {
        var radio = form.querySelector("input[name=choice][value='" + change.choice + "']");
        if (radio) radio.checked = true;
      }
      if (typeof change.flagged === "boolean") {
        document.getElementById("flag").setAttribute("aria-pressed", String(change.flagged));
      }
    });
    markQuestion();
  }
  // A select-N item refuses a tick beyond N, and says so.
  function refuseExtra(box) {
    var select = parseInt(form.dataset.select, 10) || 0;
    var note = document.getElementById("select-note");
    if (!box.checked || select < 1 || chosenPlaces().length <= select) {
      if (note) note.textContent = "";
      return false;
    }
    box.checked = false;
    if (note) note.textContent = say("tooMany", { count: select });
    return true;
  }

  function questionUrl(number) { return exam.dataset.questionsUrl + number + "/"; }
  // The question a navigation button leads to, or null for the review (a page of its own).
  function target(button) {
    var number = parseInt(form.dataset.number, 10);
    if (!button || button.value === "review") return null;
    if (button.value === "previous") return number - 1;
    if (button.value === "next") return number + 1;
    return /^\d+$/.test(button.value) ? parseInt(button.value, 10) : null;
  }
  // Another question without reloading the page: its page is fetched (the server journals the
  // move as for any visit) and its form takes this one's place. A page that is not a question
  // (the exam paused, ended, moved to another device) is followed as a whole.
  function open(url, push) {
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { leave(response.url || url); return null; }
      return response.text();
    }).then(function (html) {
      if (html === null) return;
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.getElementById("item-form");
      if (!fresh) { leave(url); return; }
      // The navigator stays open if it was, for a candidate going through it question by question.
      fresh.querySelector("#navigator").open = form.querySelector("#navigator").open;
      form.replaceWith(document.adoptNode(fresh));
      form = fresh;
      document.title = page.title;
      var shown = page.querySelector(".exam");
      left = parseInt(shown.dataset.secondsLeft, 10);
      since = Date.now();
      if (push) history.pushState({ question: true }, "", url);
      mount();
      document.dispatchEvent(new CustomEvent("exam:question"));
      document.getElementById("question-heading").focus();
    }).catch(function () {
      show(navigator.onLine === false ? OFFLINE : WORDS.notOpened);
    });
  }
  // Another question opens only once every answer is acknowledged.
  function whenSaved(then) {
    if (flushed()) then();
    else { waiters.push(then); send(); }
  }
  function move(button) {
    var number = target(button);
    if (number === null) return false;
    whenSaved(function () { open(questionUrl(number), true); });
    return true;
  }

  if (form) {
    mount();
    history.replaceState({ question: true }, "");
    window.addEventListener("popstate", function (event) {
      var url = window.location.href;
      if (event.state && event.state.question) whenSaved(function () { open(url, false); });
    });
    exam.addEventListener("change", function (event) {
      if (!form.contains(event.target) || event.target.name !== "choice") return;
      // The options' places on screen (from 1): the server maps them to the item's own options.
      if (event.target.type === "checkbox") {
        if (refuseExtra(event.target)) return;
        queue({ position: position(), choices: chosenPlaces() });
      } else {
        queue({ position: position(), choice: parseInt(event.target.value, 10) });
      }
      markQuestion();
    });
    exam.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.name === "choice") {
        event.preventDefault();
        document.getElementById("next").click();
      }
    });
    exam.addEventListener("submit", function (event) {
      if (event.target !== form) return;
      var button = event.submitter;
      var flag = document.getElementById("flag");
      if (button === flag) {
        event.preventDefault();
        var on = flag.getAttribute("aria-pressed") !== "true";
        flag.setAttribute("aria-pressed", String(on));
        queue({ position: position(), flagged: on });
        markQuestion();
        return;
      }
      if (move(button)) { event.preventDefault(); return; }
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
  var banner = document.getElementById("time-warning");
  var bannerText = document.getElementById("time-warning-text");
  var bannerClose = document.getElementById("time-warning-close");
  // The blueprint's warnings (minutes left): announced, and shown in a banner that stays until
  // dismissed, so that a candidate who hid the timer still sees it.
  var warnings = (exam.dataset.warnings || "").split(",").filter(Boolean).map(Number);
  function warn(minutes) {
    var words = minutes === 1 ? WORDS.minuteLeft : say("minutesLeft", { count: minutes });
    alert.textContent = words;
    bannerText.textContent = words + " " + WORDS.savedAsYouGo;
    banner.classList.add("shown");
    bannerClose.hidden = false;
  }
  bannerClose.addEventListener("click", function () {
    bannerText.textContent = "";
    banner.classList.remove("shown");
    bannerClose.hidden = true;
  });
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
    warnings.forEach(function (minutes) {
      if (now <= minutes * 60 && now > minutes * 60 - 60 && !announced[minutes]) {
        announced[minutes] = true;
        warn(minutes);
      }
    });
    // Mark what has already passed, so a page opened with 4 minutes left does not say "15".
    if (now <= 0) {
      running = false;
      if (flushed()) leave(exam.dataset.examUrl);
      else waiters.push(function () { leave(exam.dataset.examUrl); });
    }
  }
  warnings.forEach(function (minutes) { if (left < minutes * 60 - 60) announced[minutes] = true; });
  function sync() {
    fetch(exam.dataset.stateUrl, { credentials: "same-origin" }).then(function (r) {
      // 409: the exam continues on another device; the exam's address says so.
      if (r.status === 409) { leave(exam.dataset.examUrl); return null; }
      return r.ok ? r.json() : null;
    }).then(function (state) {
      if (!state) return;
      if (state.status !== exam.dataset.status) { leave(exam.dataset.examUrl); return; }
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

// The candidate's tools, as test drivers give them: text size and high contrast on every exam
// page; on a question, striking options out, highlighting text, a calculator where the
// blueprint allows one, and reading aloud for a reader accommodation; the review's filters.
// What the candidate sets lasts for the sitting in this tab (sessionStorage), never on the
// server. Without scripts none of it shows, and the exam works as before.
(function () {
  "use strict";
  var exam = document.querySelector(".exam");
  if (!exam) return;
  var session = exam.dataset.session;
  var root = document.documentElement;
  // The page's words, in its language (see exam.js).
  var WORDS = JSON.parse(document.getElementById("exam-words").textContent);

  function recall(key, empty) {
    try { return JSON.parse(sessionStorage.getItem(key)) || empty; } catch (e) { return empty; }
  }
  function remember(key, value) {
    try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off */ }
  }
  function pressed(button, on) { button.setAttribute("aria-pressed", String(on)); }

  // --- text size and contrast (exam-display.js applied them before the page painted) ---
  var displayKey = "hallmark-display-" + session;
  var tools = document.getElementById("exam-tools");
  var sizes = tools.querySelectorAll("[data-text-size]");
  var contrast = document.getElementById("contrast");
  function display() {
    sizes.forEach(function (button) { pressed(button, button.dataset.textSize === root.dataset.textSize); });
    pressed(contrast, root.dataset.contrast === "high");
    remember(displayKey, { size: root.dataset.textSize, contrast: root.dataset.contrast || "" });
  }
  sizes.forEach(function (button) {
    button.addEventListener("click", function () { root.dataset.textSize = button.dataset.textSize; display(); });
  });
  contrast.addEventListener("click", function () {
    if (root.dataset.contrast === "high") delete root.dataset.contrast;
    else root.dataset.contrast = "high";
    display();
  });
  tools.hidden = false;
  display();

  // --- striking options out: a button per option; kept per question ---
  function form() { return document.getElementById("item-form"); }
  function questionKey(what) { return "hallmark-" + what + "-" + session + "-" + form().dataset.position; }
  function strikes() {
    var struck = recall(questionKey("struck"), []);
    form().querySelectorAll(".option").forEach(function (option, index) {
      var button = option.querySelector(".strike");
      var on = struck.indexOf(index + 1) >= 0;
      option.classList.toggle("struck", on);
      pressed(button, on);
      button.hidden = false;
    });
  }
  exam.addEventListener("click", function (event) {
    var button = event.target.closest(".strike");
    if (!button) return;
    var options = Array.prototype.slice.call(form().querySelectorAll(".option"));
    var place = options.indexOf(button.closest(".option")) + 1;
    var struck = recall(questionKey("struck"), []).filter(function (p) { return p !== place; });
    if (button.getAttribute("aria-pressed") !== "true") struck.push(place);
    remember(questionKey("struck"), struck);
    strikes();
  });

  // --- the navigator: the arrow keys move between its questions, Home and End to the ends ---
  exam.addEventListener("keydown", function (event) {
    var entry = event.target.closest && event.target.closest(".question-entry");
    if (!entry) return;
    var entries = Array.prototype.slice.call(form().querySelectorAll(".question-entry"));
    var at = entries.indexOf(entry);
    var columns = entries.filter(function (e) { return e.offsetTop === entries[0].offsetTop; }).length;
    var to = {
      ArrowLeft: at - 1, ArrowRight: at + 1, ArrowUp: at - columns, ArrowDown: at + columns,
      Home: 0, End: entries.length - 1,
    }[event.key];
    if (to === undefined || to < 0 || to >= entries.length) return;
    event.preventDefault();
    entries[to].focus();
  });

  // --- highlighting: text selected in the stem or the case, kept as character offsets ---
  var highlight = document.getElementById("highlight");
  var unhighlight = document.getElementById("unhighlight");
  function regions() { return Array.prototype.slice.call(form().querySelectorAll("[data-highlight]")); }
  function textNodes(region) {
    var walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }
  // A point's place in the region's text: the length of the text before it.
  function offset(region, node, at) {
    var before = document.createRange();
    before.selectNodeContents(region);
    before.setEnd(node, at);
    return before.toString().length;
  }
  // Wrap the text between two offsets in <mark>, piece by piece across elements.
  function mark(region, start, end) {
    var count = 0;
    textNodes(region).forEach(function (node) {
      var from = Math.max(start - count, 0), to = Math.min(end - count, node.length);
      count += node.length;
      if (from >= to) return;
      var piece = node.splitText(from);
      piece.splitText(to - from);
      var wrap = document.createElement("mark");
      wrap.className = "highlight";
      piece.parentNode.replaceChild(wrap, piece);
      wrap.appendChild(piece);
    });
  }
  function highlights() {
    var kept = recall(questionKey("highlights"), {});
    regions().forEach(function (region) {
      (kept[region.id] || []).forEach(function (span) { mark(region, span[0], span[1]); });
    });
  }
  function addHighlight() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) return false;
    var range = selection.getRangeAt(0);
    var region = regions().filter(function (r) { return r.contains(range.commonAncestorContainer); })[0];
    if (!region) return false;
    var start = offset(region, range.startContainer, range.startOffset);
    var end = offset(region, range.endContainer, range.endOffset);
    if (start >= end) return false;
    selection.removeAllRanges();
    var kept = recall(questionKey("highlights"), {});
    (kept[region.id] = kept[region.id] || []).push([start, end]);
    remember(questionKey("highlights"), kept);
    mark(region, start, end);
    return true;
  }
  function clearHighlights() {
    remember(questionKey("highlights"), {});
    form().querySelectorAll("mark.highlight").forEach(function (wrap) {
      var parent = wrap.parentNode;
      while (wrap.firstChild) parent.insertBefore(wrap.firstChild, wrap);
      parent.removeChild(wrap);
      parent.normalize();
    });
  }
  if (highlight) {
    // The button would take the selection away on a mouse press: keep it.
    highlight.addEventListener("mousedown", function (event) { event.preventDefault(); });
    highlight.addEventListener("click", addHighlight);
    unhighlight.addEventListener("click", clearHighlights);
    document.addEventListener("keydown", function (event) {
      var typing = event.target.closest && event.target.closest("input[type=text], textarea, .calculator");
      if ((event.key === "h" || event.key === "H") && !event.ctrlKey && !event.metaKey && !event.altKey && !typing) {
        if (addHighlight()) event.preventDefault();
      }
    });
  }

  // --- reading aloud (a reader accommodation), where the browser can speak ---
  var reader = document.getElementById("read-aloud");
  if (reader && "speechSynthesis" in window) {
    reader.hidden = false;
    reader.addEventListener("click", function () {
      if (reader.getAttribute("aria-pressed") === "true") { window.speechSynthesis.cancel(); return; }
      var parts = [document.getElementById("question-heading")].concat(regions()); // case, stem
      form().querySelectorAll(".option label").forEach(function (label) { parts.push(label); });
      // Each part is said as a sentence: a stop is added only to a part without its own ("?").
      var sentences = parts.map(function (p) { return p.innerText.trim(); }).filter(Boolean).map(function (text) {
        return /[.?!:;\u2026]$/.test(text) ? text : text + ".";
      });
      var speech = new SpeechSynthesisUtterance(sentences.join(" "));
      speech.onend = speech.onerror = function () { pressed(reader, false); };
      pressed(reader, true);
      window.speechSynthesis.speak(speech);
    });
  }

  // --- the calculator: evaluated as a basic calculator does, one operation at a time ---
  var calculator = document.getElementById("calculator");
  var calculatorToggle = document.getElementById("calculator-toggle");
  if (calculator && calculatorToggle) {
    var screen = document.getElementById("calculator-display");
    var SYMBOLS = { "+": "+", "-": "\u2212", "*": "\u00d7", "/": "\u00f7" };
    var state = { total: null, operator: null, entry: "0", fresh: true };
    var number = function (value) {
      if (!isFinite(value)) return WORDS.calculatorError;
      return String(parseFloat(value.toPrecision(12)));
    };
    var apply = function () {
      var entry = parseFloat(state.entry);
      if (state.total === null || state.operator === null) return entry;
      var a = state.total;
      return { "+": a + entry, "-": a - entry, "*": a * entry, "/": a / entry }[state.operator];
    };
    var press = function (key) {
      if (/^[0-9]$/.test(key)) {
        state.entry = state.fresh || state.entry === "0" ? key : state.entry + key;
        state.fresh = false;
      } else if (key === ".") {
        if (state.fresh) { state.entry = "0"; state.fresh = false; }
        if (state.entry.indexOf(".") < 0) state.entry += ".";
      } else if (key in SYMBOLS) {
        if (!state.fresh || state.total === null) state.total = apply();
        state.operator = key;
        state.fresh = true;
        screen.textContent = number(state.total) + " " + SYMBOLS[key];
        return;
      } else if (key === "=") {
        state.entry = number(apply());
        state.total = null;
        state.operator = null;
        state.fresh = true;
      } else if (key === "Backspace") {
        state.entry = state.fresh || state.entry.length < 2 ? "0" : state.entry.slice(0, -1);
      } else if (key === "C") {
        state = { total: null, operator: null, entry: "0", fresh: true };
      } else {
        return;
      }
      screen.textContent = state.entry;
    };
    calculator.addEventListener("click", function (event) {
      var key = event.target.closest("[data-key]");
      if (key) press(key.dataset.key);
    });
    calculator.addEventListener("keydown", function (event) {
      var key = { Enter: "=", Escape: "C", Delete: "C", x: "*", X: "*" }[event.key] || event.key;
      if (/^[0-9.+\-*/=C]$|^Backspace$/.test(key) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        press(key);
      }
    });
    calculatorToggle.addEventListener("click", function () {
      var open = calculatorToggle.getAttribute("aria-expanded") !== "true";
      calculatorToggle.setAttribute("aria-expanded", String(open));
      calculator.hidden = !open;
      if (open) calculator.querySelector("[data-key='7']").focus();
    });
  }

  // --- the review's filters: the links work without scripts; here they switch at once ---
  var table = document.getElementById("review-table");
  if (table) {
    var shownNote = document.getElementById("review-shown");
    var filters = document.querySelectorAll(".review-filters a[data-show]");
    var shownWords = function (show, count, total) {
      if (show === "all") return WORDS.showingAll.replace("%(count)s", total);
      var which = show === "unanswered" ? "Unanswered" : "Flagged";
      if (!count) return WORDS["no" + which];
      if (count === 1) return WORDS["showing" + which + "1"];
      return WORDS["showing" + which].replace("%(count)s", count);
    };
    var filter = function (show) {
      var rows = table.querySelectorAll("tbody tr");
      var count = 0;
      rows.forEach(function (row) {
        var keep = show === "all" || (show === "unanswered" ? row.dataset.answered === "false" : row.dataset.flagged === "true");
        row.hidden = !keep;
        if (keep) count += 1;
      });
      filters.forEach(function (link) {
        if (link.dataset.show === show) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
      shownNote.textContent = shownWords(show, count, rows.length);
    };
    filters.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        filter(link.dataset.show);
        history.replaceState(null, "", link.href);
      });
    });
  }

  function question() {
    if (!form()) return;
    strikes();
    highlights();
    if (reader && window.speechSynthesis) window.speechSynthesis.cancel();
  }
  document.addEventListener("exam:question", question);
  question();
})();

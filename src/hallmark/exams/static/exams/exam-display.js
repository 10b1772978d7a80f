// Run in the head, before the page paints: the text size and contrast the candidate chose for
// this sitting (kept in this tab's sessionStorage), or the largest text an approved enlarged
// text accommodation starts with. Setting them after the first paint would flash the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.documentElement;
  var chosen = null;
  try {
    chosen = JSON.parse(sessionStorage.getItem("hallmark-display-" + script.dataset.session));
  } catch (e) { /* storage off: the defaults */ }
  chosen = chosen || {};
  root.dataset.textSize = chosen.size || script.dataset.defaultSize || "1";
  if (chosen.contrast === "high") root.dataset.contrast = "high";
})();

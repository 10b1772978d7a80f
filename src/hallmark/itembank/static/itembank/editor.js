// The item editor shows the key fields of the chosen type only: the radio buttons of a single
// answer, or the number to select and the checkboxes of multiple response. Without it every
// field stays visible, each labelled with the type it is for, and the form works the same.
(function () {
  "use strict";
  var kinds = document.querySelectorAll('input[name="kind"]');
  var single = document.getElementById("id_key-group");
  var keys = document.getElementById("id_keys-group");
  var select = document.getElementById("id_select");
  if (!kinds.length || !single || !keys || !select) return;
  var selectField = select.closest(".field");

  function show() {
    var chosen = document.querySelector('input[name="kind"]:checked');
    var multiple = chosen !== null && chosen.value === "multiple";
    single.hidden = multiple;
    keys.hidden = !multiple;
    if (selectField) selectField.hidden = !multiple;
  }
  kinds.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();

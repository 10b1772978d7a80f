// A running job's page follows the job: every 2 seconds it fetches the page again and puts in
// the new status (announced, being a status region) and details, until the job is finished or
// the page cannot be fetched. Without it the page still works: it offers a link to refresh.
(function () {
  "use strict";
  var INTERVAL = 2000;
  var status = document.getElementById("job-status");
  var details = document.getElementById("job");
  if (!status || !details || details.dataset.finished === "true") return;

  function follow() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var newStatus = page.getElementById("job-status");
        var newDetails = page.getElementById("job");
        if (!newStatus || !newDetails) return;
        if (status.textContent !== newStatus.textContent) status.innerHTML = newStatus.innerHTML;
        details.innerHTML = newDetails.innerHTML;
        details.dataset.finished = newDetails.dataset.finished;
        if (details.dataset.finished !== "true") window.setTimeout(follow, INTERVAL);
      })
      .catch(function () { /* signed out or offline: the refresh link is still there */ });
  }
  window.setTimeout(follow, INTERVAL);
})();

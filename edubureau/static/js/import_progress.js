// Live progress of a background import: polls the job's progress URL and reloads the page
// when the job has finished, so the results and errors are shown. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-progress-bar");
  var text = document.getElementById("import-progress-text");
  var url = box.getAttribute("data-progress-url");
  var failures = 0;

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    var count = state.total ? "(" + state.done + " / " + state.total + ")" : "";
    text.textContent = state.label + " " + state.percent + "%" + count;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 500); }
      })
      .catch(function () {
        failures += 1;
        text.textContent = "暂时无法获取进度,正在重试……";
        window.setTimeout(poll, Math.min(10000, 1000 * failures));
      });
  }

  window.setTimeout(poll, 300);
}());

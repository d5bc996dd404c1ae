// The finding entry page: add blank rows, save a row with Ctrl+Enter, and after a
// save put the cursor in the fresh row so that typing can go straight on.
(function () {
  const rows = document.getElementById("finding-rows");
  const template = document.getElementById("finding-row-template");
  const addButton = document.getElementById("add-finding-row");
  if (!rows || !template || !addButton) {
    return;
  }
  let added = 0;

  function focusFirstField(row) {
    const field = row.querySelector("select, textarea, input:not([type=hidden])");
    if (field) {
      field.focus();
    }
  }

  // A row's one-time token makes a repeated post of it save nothing twice; each row
  // copied from the template needs its own. getRandomValues works on plain http too.
  function newSubmissionToken() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function addRow() {
    added += 1;
    const token = "n" + Date.now().toString(36) + added;
    rows.insertAdjacentHTML(
      "beforeend",
      template.innerHTML.replaceAll("__prefix__", token),
    );
    const row = rows.lastElementChild;
    row.querySelector("input[name=submission_token]").value = newSubmissionToken();
    htmx.process(row);
    // htmx.process alone fires no htmx:load, which sets up the row's pickers.
    htmx.trigger(row, "htmx:load");
    focusFirstField(row);
  }

  addButton.addEventListener("click", addRow);

  rows.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    const form = event.target.closest("form");
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    const fresh = rows.querySelector("[data-fresh-row]");
    if (fresh) {
      fresh.removeAttribute("data-fresh-row");
      focusFirstField(fresh);
    }
  });
})();

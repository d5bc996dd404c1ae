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

  function addRow() {
    added += 1;
    const token = "n" + Date.now().toString(36) + added;
    rows.insertAdjacentHTML(
      "beforeend",
      template.innerHTML.replaceAll("__prefix__", token),
    );
    const row = rows.lastElementChild;
    htmx.process(row);
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

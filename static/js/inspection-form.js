// Show the fields that belong to the chosen kind of inspection. A field that already
// holds a value stays shown, so nothing typed is hidden away.
(function () {
  const kind = document.getElementById("id_kind");
  if (!kind) {
    return;
  }
  const fieldKinds = {
    topic: "special",
    media_source: "media_response",
    project: "online_monitoring",
  };

  function update() {
    for (const [name, wanted] of Object.entries(fieldKinds)) {
      const wrapper = document.getElementById("div_id_" + name);
      const field = document.getElementById("id_" + name);
      if (!wrapper || !field) {
        continue;
      }
      wrapper.hidden = kind.value !== wanted && field.value === "";
    }
  }

  kind.addEventListener("change", update);
  update();
})();

// The letter template form's preview: the title and text with sample values, as typed.
(function () {
  "use strict";
  const values = JSON.parse(document.getElementById("letter-sample-values").textContent);
  const pairs = [
    ["id_title", "letter-preview-title"],
    ["id_body", "letter-preview-body"],
  ];
  function fill(text) {
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }
  pairs.forEach(function (pair) {
    const input = document.getElementById(pair[0]);
    const preview = document.getElementById(pair[1]);
    if (!input || !preview) {
      return;
    }
    const update = function () {
      preview.textContent = fill(input.value);
    };
    input.addEventListener("input", update);
    update();
  });
})();

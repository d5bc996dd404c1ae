// The signing step's pad: a finger or the mouse draws, and the form sends a PNG data URL.
(function () {
  "use strict";

  function setUp(canvas) {
    const input = document.getElementById(canvas.dataset.signaturePad);
    const form = canvas.closest("form");
    const pad = new SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.8, penColor: "#111" });

    // Size the bitmap to the element and the screen's pixel density, then draw again
    // what was there (redraw keeps both the strokes and a restored image).
    let lastWidth = 0;
    function resize() {
      lastWidth = canvas.offsetWidth;
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.redraw();
    }

    // Phones resize the page as the address bar hides; redrawing keeps the strokes sharp.
    new ResizeObserver(function () {
      if (canvas.offsetWidth !== lastWidth) {
        resize();
      }
    }).observe(canvas);
    resize();
    // The page came back with an error (a wrong password): the drawing is not lost.
    if (input.value) {
      pad.fromDataURL(input.value, { width: canvas.offsetWidth, height: canvas.offsetHeight });
    }

    document.querySelectorAll('[data-signature-clear="' + input.id + '"]').forEach(function (button) {
      button.addEventListener("click", function () {
        pad.clear();
        input.value = "";
      });
    });

    form.addEventListener("submit", function () {
      input.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
    });
  }

  document.querySelectorAll("canvas[data-signature-pad]").forEach(setUp);
})();

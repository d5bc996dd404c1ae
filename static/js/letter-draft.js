// The personal commitments box: htmx saves it as the signer types; this keeps a copy in
// the browser until the server has it, so nothing typed is lost if the network drops.
(function () {
  "use strict";
  // Once the letter is signed, its copy in the browser has served its purpose.
  const signed = document.querySelector("[data-draft-clear]");
  if (signed) {
    try {
      window.localStorage.removeItem(signed.dataset.draftClear);
    } catch (error) {
      // Storage disabled: nothing was kept.
    }
  }
  const box = document.querySelector("textarea[data-draft-key]");
  if (!box) {
    return;
  }
  const key = box.dataset.draftKey;
  const statusHolder = document.querySelector("[data-draft-offline-message]");

  function readBackup() {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage disabled (private mode): the server copy still works
    }
  }

  function writeBackup(text) {
    try {
      window.localStorage.setItem(key, text);
    } catch (error) {
      // Storage full or disabled: the server copy still works.
    }
  }

  function dropBackup() {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // Nothing to drop.
    }
  }

  function showStatus(message, isError) {
    const status = document.getElementById("draft-status");
    if (status) {
      status.textContent = message;
      status.classList.toggle("text-danger", isError);
      status.classList.toggle("text-body-secondary", !isError);
    }
  }

  // A backup exists only while the server lacks it: offer it back on the next visit.
  const backup = readBackup();
  if (backup !== null && backup !== box.value) {
    box.value = backup;
    document.querySelector("[data-draft-restored]").classList.remove("d-none");
    htmx.trigger(box, "draft-retry");
  } else if (backup !== null) {
    dropBackup();
  }

  box.addEventListener("input", function () {
    writeBackup(box.value);
  });

  // Only a save the server took (200) drops the copy: a refusal swapped in below
  // counts as "successful" to htmx, and the text it refused must survive a reload.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const saved = event.detail.xhr && event.detail.xhr.status === 200;
    if (event.detail.elt === box && saved && readBackup() === box.value) {
      dropBackup();
    }
  });

  // A refusal (letter signed meanwhile, text too long, a newer draft saved in another
  // window: 409) is a small fragment to show.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    if (event.detail.elt === box && (status === 400 || status === 409)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt === box) {
      showStatus(statusHolder.dataset.draftOfflineMessage, true);
    }
  });

  window.addEventListener("online", function () {
    if (readBackup() !== null) {
      htmx.trigger(box, "draft-retry");
    }
  });
})();

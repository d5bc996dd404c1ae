// Pickers that search the server (core/widgets.py): the page holds only the chosen
// options, Tom Select asks data-search-url for the rest as the user types. Runs on
// every htmx:load, so rows that htmx or a script inserts get pickers too.
(function () {
  // A field of a formset row is named "<prefix>-<field>": look for the narrowing
  // field in the same row.
  function narrowingField(select) {
    const fieldName = select.dataset.narrowBy;
    if (!fieldName || !select.form) {
      return null;
    }
    const cut = select.name.lastIndexOf("-");
    const prefix = cut === -1 ? "" : select.name.slice(0, cut + 1);
    return select.form.elements.namedItem(prefix + fieldName);
  }

  function searchUrl(select, query) {
    const params = new URLSearchParams(select.dataset.searchParams || "");
    params.set("q", query);
    const narrowing = narrowingField(select);
    if (narrowing && narrowing.value) {
      params.set(select.dataset.narrowBy, narrowing.value);
    }
    return select.dataset.searchUrl + "?" + params.toString();
  }

  function message(className, text) {
    return function (data, escape) {
      return '<div class="' + className + '">' + escape(text) + "</div>";
    };
  }

  // Several choices: a remove button on each. One, with an empty choice: a button to
  // go back to it.
  function plugins(select) {
    if (select.multiple) {
      return { remove_button: { title: select.dataset.searchClear } };
    }
    if (select.querySelector('option[value=""]')) {
      return { clear_button: { title: select.dataset.searchClear } };
    }
    return {};
  }

  function attach(select) {
    if (select.tomselect) {
      return;
    }
    const picker = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      // The server has matched on name, post and unit: keep its answer and order.
      score: function () {
        return function () {
          return 1;
        };
      },
      preload: "focus",
      shouldLoad: function () {
        return true;
      },
      maxOptions: null,
      plugins: plugins(select),
      placeholder: select.dataset.searchPlaceholder || "",
      hidePlaceholder: true,
      load: function (query, callback) {
        const picker = this;
        fetch(searchUrl(select, query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            // The last answer replaces the matches of earlier ones (choices stay).
            picker.clearOptions();
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: message("no-results", select.dataset.searchEmpty || ""),
        loading: message("loading", select.dataset.searchLoading || ""),
      },
    });
    const narrowing = narrowingField(select);
    if (narrowing) {
      // Another value narrows to other matches: search afresh, keep those chosen.
      narrowing.addEventListener("change", function () {
        picker.clearOptions();
        picker.wrapper.classList.remove("preloaded");
      });
    }
  }

  htmx.onLoad(function (root) {
    const scope = root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("select[data-search-url]")) {
      attach(scope);
    }
    scope.querySelectorAll("select[data-search-url]").forEach(attach);
  });
})();

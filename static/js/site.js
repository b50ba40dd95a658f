// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // On a phone the filters would push the results below the fold: start with them folded.
  var panel = document.querySelector(".filter-panel");
  if (panel && window.matchMedia("(max-width: 52rem)").matches) {
    panel.open = false;
  }

  // A ticked or unticked option applies at once. The panel says so before the first option
  // (WCAG 3.2.2: a change of context on input is announced beforehand), and the new page puts
  // the focus back on that option, so keyboard and screen-reader users keep their place.
  // Years and budgets still wait for the button: a number is typed in several keystrokes.
  var filters = document.getElementById("filters");
  var FOCUS_KEY = "efus-filter-focus";
  if (filters) {
    filters.querySelectorAll("[data-applies-on-change]").forEach(function (note) { note.hidden = false; });
    filters.addEventListener("change", function (event) {
      if (event.target.type !== "checkbox") { return; }
      try { window.sessionStorage.setItem(FOCUS_KEY, event.target.id); } catch (error) { /* private mode */ }
      if (filters.requestSubmit) { filters.requestSubmit(); } else { filters.submit(); }
    });
    var focusId = null;
    try {
      focusId = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (error) { /* private mode */ }
    var option = focusId && document.getElementById(focusId);
    if (option) {
      for (var folded = option.closest("details"); folded; folded = folded.parentElement.closest("details")) {
        folded.open = true;
      }
      option.focus();
    }
  }

  // Search as you type: an ARIA 1.2 combobox over /search/suggest/, debounced.
  var counter = 0;
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var endpoint = input.getAttribute("data-suggest");
    var listId = "suggestions-" + (++counter);
    var list = document.createElement("ul");
    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "Suggestions");
    list.hidden = true;
    input.parentNode.classList.add("suggest-wrap");
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) { input.setAttribute("aria-activedescendant", items[index].id); }
      else { input.removeAttribute("aria-activedescendant"); }
    }

    function render(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, i) {
        var option = document.createElement("li");
        var kind = document.createElement("span");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = suggestion.url;
        option.textContent = suggestion.label;
        kind.className = "kind";
        kind.textContent = suggestion.kind;
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = suggestion.url;
        });
        list.appendChild(option);
        return option;
      });
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(text), controller ? { signal: controller.signal } : {})
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === text) { render(data.suggestions || []); } })
        .catch(function () { /* aborted or offline: the plain form still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Escape") {
        event.preventDefault();  // a search field would also clear its text
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].dataset.url;
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  });
})();

// The comparison tray: initiatives ticked on the list or added from a summary are kept for the
// visit (sessionStorage) and shown in a small bar whose link is the comparison's address
// (/compare/?i=…). Without JavaScript, the list's checkboxes submit the same address.
(function () {
  "use strict";
  var tray = document.getElementById("compare-tray");
  if (!tray || !window.sessionStorage) { return; }
  var KEY = "efus-compare";
  var MOST = Number(tray.getAttribute("data-most")) || 4;

  function chosen() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY)) || []; } catch (error) { return []; }
  }
  var status = tray.querySelector("[data-status]");
  function say(template, count) {
    status.textContent = (template || "").replace("{count}", count).replace("{most}", MOST);
  }
  function keep(slugs) {
    window.sessionStorage.setItem(KEY, JSON.stringify(slugs.slice(0, MOST)));
    render();
    say(status.getAttribute("data-chosen"), chosen().length);
  }
  // With the tray, the list's own "Compare the ticked initiatives" would compare this page's
  // ticks only, not those kept from other pages: the tray's link replaces it.
  var pageForm = document.getElementById("compare-form");
  if (pageForm) { pageForm.hidden = true; }
  function render() {
    var slugs = chosen();
    var link = tray.querySelector("a");
    link.href = tray.getAttribute("data-url") + "?" + slugs.map(function (slug) {
      return "i=" + encodeURIComponent(slug);
    }).join("&");
    tray.querySelector("[data-count]").textContent = String(slugs.length);
    tray.hidden = slugs.length === 0;
    document.querySelectorAll("input[data-compare]").forEach(function (box) {
      box.checked = slugs.indexOf(box.value) !== -1;
    });
  }
  document.querySelectorAll("input[data-compare]").forEach(function (box) {
    box.addEventListener("change", function () {
      var slugs = chosen().filter(function (slug) { return slug !== box.value; });
      if (box.checked && slugs.length >= MOST) {
        // A fifth is refused out loud, rather than the first dropped unseen.
        box.checked = false;
        tray.hidden = false;
        say(status.getAttribute("data-full"), slugs.length);
        return;
      }
      if (box.checked) { slugs.push(box.value); }
      keep(slugs);
    });
  });
  document.querySelectorAll("[data-compare-add]").forEach(function (add) {
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var slug = add.getAttribute("data-compare-add");
      var others = chosen().filter(function (other) { return other !== slug; });
      if (others.length >= MOST) {
        tray.hidden = false;
        say(status.getAttribute("data-full"), others.length);
        return;
      }
      keep(others.concat([slug]));
      tray.querySelector("a").focus();
    });
  });
  tray.querySelector("button").addEventListener("click", function () { keep([]); });
  render();
})();

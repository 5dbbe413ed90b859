// Qiao's own script: small behaviours htmx doesn't cover. Loaded in <head> without defer,
// so the "js" class is set before the page is drawn (a phone never sees the menu unfold
// and fold again); everything that touches the page waits for DOMContentLoaded.
document.documentElement.classList.add("js");

// The one way a script puts a user's text into HTML (a chart's tooltip): escaped, always.
// qiao/tests/test_js_sinks.py fails on innerHTML, insertAdjacentHTML, document.write and on
// any ECharts formatter that is neither a string template (ECharts escapes those) nor
// wrapped in Qiao.textFormatter.
window.Qiao = (function () {
  "use strict";
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return ENTITIES[c];
    });
  }

  // Wrap a formatter that returns plain text so that ECharts, which shows a formatter's
  // result as HTML, shows the text as it is.
  function textFormatter(format) {
    return function () { return escapeHtml(format.apply(this, arguments)); };
  }

  return { escapeHtml: escapeHtml, textFormatter: textFormatter };
})();

// A search refreshed by htmx pushes its URL into history; the language switch must come
// back to that URL, not to the one the page was first loaded with.
document.addEventListener("htmx:pushedIntoHistory", function () {
  document.querySelectorAll('form.lang-form input[name="next"]').forEach(function (input) {
    input.value = window.location.pathname + window.location.search;
  });
});

// Buttons marked data-print print the page (agendas, the meeting board). Pages that load
// insights.js bind their own; the flag keeps one click from printing twice.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-print]");
  if (button && !button.dataset.printBound && !document.querySelector("script[src*='insights']")) {
    window.print();
  }
});

// The main menu. Its groups are <details>, so they open and close without this script; the
// script closes the other groups when one opens, and closes them all on a click elsewhere or
// on Escape. On a phone the whole menu folds behind the "Menu" button (CSS shows the button
// only when the "js" class is set, so without a script the menu simply stays open).
document.addEventListener("DOMContentLoaded", function () {
  const nav = document.getElementById("site-nav");
  const toggle = document.querySelector(".menu-toggle");
  if (!nav) {
    return;
  }
  const groups = Array.from(nav.querySelectorAll("details.nav-group"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) {
        groups.forEach(function (other) {
          if (other !== group) { other.open = false; }
        });
      }
    });
  });
  if (toggle) {
    toggle.addEventListener("click", function () {
      const open = !nav.classList.contains("open");
      nav.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target) && event.target !== toggle) {
      groups.forEach(function (group) { group.open = false; });
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    const open = groups.find(function (group) { return group.open; });
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    } else if (nav.classList.contains("open") && toggle) {
      nav.classList.remove("open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
});

// Search filters fold away on a phone. Each list page's filters are an <aside class="facets">
// labelled "Filters" in the page's language; the script moves its contents into a <details>
// whose summary is that label and the number of filters in use. Wide screens keep it open
// (and CSS hides the summary there). Without a script the filters simply stay in place.
(function () {
  const wide = window.matchMedia("(min-width: 801px)");

  function activeFilters(aside) {
    let count = 0;
    aside.querySelectorAll("select").forEach(function (select) { if (select.value) { count += 1; } });
    aside.querySelectorAll("input[type=checkbox]:checked").forEach(function () { count += 1; });
    return count;
  }

  function fold(aside) {
    if (aside.querySelector(":scope > details.facets-fold")) {
      return;
    }
    const details = document.createElement("details");
    details.className = "facets-fold";
    const summary = document.createElement("summary");
    const count = activeFilters(aside);
    summary.textContent = aside.getAttribute("aria-label") + (count ? " (" + count + ")" : "");
    details.appendChild(summary);
    while (aside.firstChild) {
      details.appendChild(aside.firstChild);
    }
    aside.appendChild(details);
    details.open = wide.matches;
  }

  function foldAll(root) {
    root.querySelectorAll("aside.facets[aria-label]").forEach(fold);
  }

  document.addEventListener("DOMContentLoaded", function () { foldAll(document); });
  document.addEventListener("htmx:load", function (event) { foldAll(event.target.parentNode || document); });
  wide.addEventListener("change", function () {
    document.querySelectorAll("details.facets-fold").forEach(function (details) {
      details.open = wide.matches;
    });
  });
})();

// A long group of checkboxes (CheckboxGroup in qiao/core/forms.py) gets a filter box: typing
// hides the choices whose label does not contain the text. The box's placeholder comes from
// the page (data-filter-label on <body>), in the page's language.
document.addEventListener("DOMContentLoaded", function () {
  const label = document.body.dataset.filterLabel || "";
  document.querySelectorAll("div.checkbox-group").forEach(function (group) {
    const input = document.createElement("input");
    input.type = "search";
    input.className = "checkbox-filter";
    input.placeholder = label;
    input.setAttribute("aria-label", label);
    input.addEventListener("input", function () {
      const text = input.value.trim().toLowerCase();
      group.querySelectorAll("label").forEach(function (choice) {
        const item = choice.parentElement === group ? choice : choice.parentElement;
        item.hidden = text !== "" && !choice.textContent.toLowerCase().includes(text);
      });
    });
    // Enter in the filter must not submit the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    group.parentNode.insertBefore(input, group);
  });
});

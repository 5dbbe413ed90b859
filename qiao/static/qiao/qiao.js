// Qiao's own script: small behaviours htmx doesn't cover.

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

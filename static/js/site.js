// Progressive enhancement only: every page works without this file.
// Filters are applied with their button, never on change, so keyboard and screen-reader users
// keep their place (WCAG 3.2.2).
(function () {
  "use strict";
  // On a phone the filters would push the results below the fold: start with them folded.
  var panel = document.querySelector(".filter-panel");
  if (panel && window.matchMedia("(max-width: 52rem)").matches) {
    panel.open = false;
  }
})();

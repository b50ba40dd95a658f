// Progressive enhancement only: every page works without this file.
// Filters are applied with their button, never on change, so keyboard and screen-reader users
// keep their place (WCAG 3.2.2).

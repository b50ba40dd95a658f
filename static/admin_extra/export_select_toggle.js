// django-import-export's "Select all" checkbox, wired here rather than by an inline onchange
// attribute, which the Content-Security-Policy blocks (templates/admin/import_export/export.html).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange); // from export_selectable_fields.js
  });
});

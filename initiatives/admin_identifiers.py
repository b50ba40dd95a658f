"""The addresses an item had before, shown on its admin form (models/identifiers.py)."""

from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


class FormerAddressesMixin:
    """A read-only line on the change form: the item's former slugs, each still redirecting to
    its address now, so an editor knows what a rename left behind. `detail_url_name`: the
    public detail page's URL name."""

    detail_url_name: str

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "former_addresses"]

    @admin.display(description=_("former addresses"))
    def former_addresses(self, obj):
        slugs = []
        if obj.pk is not None:
            slugs = obj.former_slugs.order_by("-replaced_at").values_list("slug", flat=True)
        if not slugs:
            return _("None: this address has not changed.")
        with translation.override(None):
            paths = [reverse(self.detail_url_name, args=[slug]) for slug in slugs]
        listed = format_html_join(", ", "<code>{}</code>", ((path,) for path in paths))
        return format_html(
            "{} <span class='help'>{}</span>",
            listed,
            _("Each leads (301) to the address now, when the item is public."),
        )

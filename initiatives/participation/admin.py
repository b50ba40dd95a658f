"""The moderation queue in the admin: proposals and corrections, counted on the admin index.

A proposal is turned into a draft initiative with one button (or a list action), its city and
themes mapped on the proposal's form first or created on the way; or declined with a reason the
proposer receives. A correction opens the initiative's form when resolved. Nothing here is
published: the draft follows the editorial workflow like any other.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from initiatives.models import (
    SECTIONS,
    Correction,
    CorrectionState,
    Proposal,
    ProposalState,
    Subscription,
)
from initiatives.participation import proposals

MAKE_DRAFT = "_make_draft"
DECLINE = "_decline"
RESOLVE_AND_OPEN = "_resolve_and_open"
RESOLVE = "_resolve"
DISMISS = "_dismiss"


def initiative_form_url(initiative) -> str:
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    change_form_template = "admin/participation/proposal_change_form.html"
    list_display = ["title", "city_name", "country", "state", "received_at", "initiative_link"]
    list_filter = ["state", "language"]
    search_fields = ["title", "city_name", "lead"]
    date_hierarchy = "received_at"
    autocomplete_fields = ["city", "themes"]
    actions = ["make_drafts"]
    content = [
        "title",
        "lead",
        "city_name",
        "country",
        "start_year",
        "end_year",
        *SECTIONS,
        "budget_eur",
        "results",
        "language",
    ]
    fieldsets = [
        (_("Sent by"), {"fields": ["sender", "received_at", "state", "initiative_link"]}),
        (_("The proposal"), {"fields": content}),
        (
            _("Into the catalogue"),
            {
                "fields": ["city", "themes", "other_themes", "reason"],
                "description": _(
                    "Map the city and the themes to the catalogue's, or leave them: an unknown "
                    "city and the other themes are created with the draft. To decline, write "
                    "the reason the proposer will read."
                ),
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # proposals come from the public form

    def get_readonly_fields(self, request, obj=None):
        fixed = [*self.content, "sender", "received_at", "state", "initiative_link"]
        if obj and obj.state != ProposalState.RECEIVED:
            fixed += ["city", "themes", "other_themes", "reason"]
        return fixed

    @admin.display(description=_("sender"))
    def sender(self, obj):
        contact = obj.contact
        if contact is None:
            return _("deleted after the retention period")
        return format_html(
            "{} · {} · <a href='mailto:{}'>{}</a>",
            contact.name or "—",
            contact.organisation or "—",
            contact.email,
            contact.email,
        )

    @admin.display(description=_("initiative"))
    def initiative_link(self, obj):
        if obj.initiative_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', initiative_form_url(obj.initiative), obj.initiative
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        declining = request.method == "POST" and DECLINE in request.POST

        class ModerationForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if declining and not (cleaned.get("reason") or "").strip():
                    self.add_error(
                        "reason", _("Write the reason: the proposer receives it by e-mail.")
                    )
                return cleaned

        return ModerationForm

    def response_change(self, request, obj):
        if MAKE_DRAFT in request.POST:
            return self._make_draft(request, obj)
        if DECLINE in request.POST:
            try:
                proposals.decline(obj, obj.reason.strip(), request.user)
            except proposals.NotReceived:
                self.message_user(request, _("This proposal was decided already."), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(title)s” was declined; its proposer is told why.") % {"title": obj},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:initiatives_proposal_changelist"))
        return super().response_change(request, obj)

    def _make_draft(self, request, obj):
        try:
            initiative = proposals.make_draft(obj, request.user)
        except proposals.NotReceived:
            self.message_user(request, _("This proposal was decided already."), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("The draft “%(title)s” was created: complete it, then submit it for review.")
            % {"title": initiative},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(initiative_form_url(initiative))

    @admin.action(description=_("Create draft initiatives from the selected proposals"))
    def make_drafts(self, request, queryset):
        made, skipped = 0, []
        for proposal in queryset:
            try:
                proposals.make_draft(proposal, request.user)
                made += 1
            except proposals.NotReceived:
                skipped.append(str(proposal))
            except ValidationError as error:
                skipped.append(f"{proposal}: {' '.join(error.messages)}")
        if made:
            self.message_user(
                request,
                ngettext(
                    "%(count)d draft initiative was created.",
                    "%(count)d draft initiatives were created.",
                    made,
                )
                % {"count": made},
                messages.SUCCESS,
            )
        for name in skipped:
            self.message_user(
                request, _("Not a new proposal: %(name)s") % {"name": name}, messages.WARNING
            )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    change_form_template = "admin/participation/correction_change_form.html"
    list_display = ["initiative", "section_name", "state", "received_at", "initiative_link"]
    list_filter = ["state"]
    search_fields = ["initiative__title", "message"]
    fields = ["initiative_link", "section_name", "message", "sender", "state", "received_at"]
    readonly_fields = fields
    actions = ["mark_resolved", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("section"))
    def section_name(self, obj):
        return obj.section_label()

    @admin.display(description=_("initiative"))
    def initiative_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', initiative_form_url(obj.initiative), obj.initiative
        )

    @admin.display(description=_("sender"))
    def sender(self, obj):
        return obj.contact.email if obj.contact else "—"

    def decide(self, request, queryset, state) -> int:
        return queryset.filter(state=CorrectionState.RECEIVED).update(
            state=state, decided_at=timezone.now(), decided_by=request.user
        )

    def response_change(self, request, obj):
        for button, state in [
            (RESOLVE_AND_OPEN, CorrectionState.RESOLVED),
            (RESOLVE, CorrectionState.RESOLVED),
            (DISMISS, CorrectionState.DISMISSED),
        ]:
            if button in request.POST:
                self.decide(request, Correction.objects.filter(pk=obj.pk), state)
                self.message_user(
                    request,
                    _("The correction is marked “%(state)s”.")
                    % {"state": CorrectionState(state).label},
                    messages.SUCCESS,
                )
                if button == RESOLVE_AND_OPEN:
                    return HttpResponseRedirect(initiative_form_url(obj.initiative))
                return HttpResponseRedirect(reverse("admin:initiatives_correction_changelist"))
        return super().response_change(request, obj)

    @admin.action(description=_("Mark the selected corrections resolved"))
    def mark_resolved(self, request, queryset):
        count = self.decide(request, queryset, CorrectionState.RESOLVED)
        self.message_user(
            request,
            ngettext("%(count)d correction resolved.", "%(count)d corrections resolved.", count)
            % {"count": count},
        )

    @admin.action(description=_("Dismiss the selected corrections"))
    def dismiss(self, request, queryset):
        count = self.decide(request, queryset, CorrectionState.DISMISSED)
        self.message_user(
            request,
            ngettext("%(count)d correction dismissed.", "%(count)d corrections dismissed.", count)
            % {"count": count},
        )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """For administrators answering a request about an address (no group may see it)."""

    list_display = ["email", "query", "frequency", "language", "confirmed_at", "last_digest_at"]
    list_filter = ["frequency", "language"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Subscription._meta.fields]

    def has_add_permission(self, request):
        return False

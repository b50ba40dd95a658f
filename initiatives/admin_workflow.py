"""Workflow in the admin: list actions, buttons on the change form, preview links, history.

The status is never a form field: it changes only through a transition, so an editor cannot
publish by editing it, and every change of status is recorded in the history with its author.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from initiatives import workflow
from initiatives.admin_revisions import ReviewedChangesMixin

TRANSITION_PREFIX = "_transition_"


def requested_transition(request):
    for name, transition in workflow.TRANSITIONS.items():
        if f"{TRANSITION_PREFIX}{name}" in request.POST:
            return transition
    return None


def describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class ReadableChanges(HistoricalRecordContextHelper):
    """A change in the history as an editor reads it: the choice's label ("In review →
    Published"), not its stored value ("review → published"), and "—" for nothing."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        choices = dict(getattr(field, "base_field", field).flatchoices)
        if value in (None, "", []):
            return "—"
        if choices and isinstance(value, list):
            return ", ".join(str(choices.get(item, item)) for item in value)
        if choices:
            return str(choices.get(value, value))
        return super().prepare_delta_change_value(change, value)


def one_history_entry(obj, after_id: int, created: bool) -> None:
    """One save of the form, one entry in the history. django-simple-history records the row
    when it is saved, then again for each many-to-many field the form sets (cities, themes):
    adding an initiative and submitting it made three entries, all "submitted for review".
    The last entry holds the whole new state: it is kept, marked as a creation when it was
    one; the others go."""
    entries = obj.history.filter(history_id__gt=after_id).order_by("-history_id")
    latest = entries.first()
    if latest is None:
        return
    entries.exclude(history_id=latest.history_id).delete()
    if created and latest.history_type != "+":
        type(latest).objects.filter(history_id=latest.history_id).update(history_type="+")


class WorkflowAdmin(ReviewedChangesMixin, SimpleHistoryAdmin):
    change_form_template = "admin/workflow/change_form.html"
    actions = ["submit_for_review", "publish", "withdraw"]
    save_on_top = True

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "status"]
        if not self.has_publish_permission(request):
            fields.append("published_at")  # scheduling is part of publishing
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        transition = requested_transition(request) if request.method == "POST" else None
        user = request.user

        class WorkflowForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if transition is None:
                    return cleaned
                if not workflow.allowed(user, self.instance, transition):
                    raise ValidationError(
                        _("You may not %(action)s this item.")
                        % {"action": str(transition.label).lower()}
                    )
                workflow.prepare(self.instance, transition)
                if transition is workflow.PUBLISH and "published_at" in cleaned:
                    # An empty date means "now"; a future one schedules the publication.
                    cleaned["published_at"] = cleaned["published_at"] or self.instance.published_at
                return cleaned

        return WorkflowForm

    def save_model(self, request, obj, form, change):
        transition = requested_transition(request)
        if transition is not None:
            obj._change_reason = str(transition.done)
        # On the object, not on this admin, which every request shares.
        last = obj.history.order_by("-history_id").first() if change else None
        obj._history_before = last.history_id if last else 0
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        one_history_entry(obj, getattr(obj, "_history_before", 0), created=not change)

    def response_add(self, request, obj, post_url_continue=None):
        self._report_transition(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._report_transition(request, obj)
        return super().response_change(request, obj)

    def _report_transition(self, request, obj):
        transition = requested_transition(request)
        if transition is not None:
            message = _("“%(item)s” was %(done)s.") % {"item": obj, "done": transition.done}
            if transition is workflow.PUBLISH and not obj.is_public:
                message += " " + str(
                    _("It becomes public on %(date)s.")
                    % {"date": date_format(localtime(obj.published_at), "j F Y, H:i T")}
                )
            self.message_user(request, message, messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The stored item: a failed "publish" has already changed the status of `obj` in memory.
        stored = self.model.objects.filter(pk=obj.pk).first() if obj and obj.pk else None
        probe = stored or self.model()  # a new item starts as a draft
        context["transitions"] = workflow.available(request.user, probe)
        context["current_status"] = probe.get_status_display()
        context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_url(self, obj):
        if obj is None or obj.pk is None or not self.preview_url_name:
            return None
        return reverse(self.preview_url_name, args=[obj.pk])

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        url = self.preview_url(obj)
        return format_html('<a href="{}">{}</a>', url, _("Preview")) if url else "—"

    # --- list actions -----------------------------------------------------------------

    def _apply_to_selection(self, request, queryset, transition):
        done, problems = 0, []
        for obj in queryset:
            try:
                workflow.apply(request.user, obj, transition)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                detail = describe(error) if isinstance(error, ValidationError) else error
                problems.append(f"“{obj}”: {detail}")
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d %(name)s was %(done)s.",
                    "%(count)d %(name)s were %(done)s.",
                    done,
                )
                % {
                    "count": done,
                    # One placeholder in both forms: a catalogue may not use the other's.
                    "name": self.model._meta.verbose_name
                    if done == 1
                    else self.model._meta.verbose_name_plural,
                    "done": transition.done,
                },
                messages.SUCCESS,
            )
        for problem in problems:
            self.message_user(
                request,
                capfirst(
                    _("not %(done)s: %(problem)s") % {"done": transition.done, "problem": problem}
                ),
                messages.ERROR,
            )

    @admin.action(description=_("Submit selected items for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply_to_selection(request, queryset, workflow.SUBMIT)

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        self._apply_to_selection(request, queryset, workflow.PUBLISH)

    @admin.action(description=_("Withdraw selected items to draft"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._apply_to_selection(request, queryset, workflow.WITHDRAW)

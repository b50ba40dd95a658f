"""Review of changes to published content, in the admin (the rules are in revisions.py).

- An Editor's save of a published item stores a pending revision and leaves the item alone;
  the change form then shows the revision, so the editor goes on from it.
- Each item's "Review changes" page compares the revision with the published version, links
  to a preview, and lets a Publisher approve it or reject it with a reason.
- The history page lists the item's revisions (pending, approved, rejected) above its versions.
"""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives import revisions
from initiatives.models import Revision


def review_url(model, object_id) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[object_id])


class ReviewedChangesMixin:
    """For a ModelAdmin (with django-simple-history's admin): see the module's docstring."""

    change_form_template = "admin/revisions/change_form.html"
    object_history_template = "admin/revisions/object_history.html"
    preview_url_name = None  # a URL taking the item's pk, when the model has a public page

    def get_urls(self):
        opts = self.model._meta
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name=f"{opts.app_label}_{opts.model_name}_review",
        )
        return [review, *super().get_urls()]

    def get_object(self, request, object_id, from_field=None):
        """On the change form, the item as its pending revision proposes it."""
        item = super().get_object(request, object_id, from_field)
        match = request.resolver_match
        if item is not None and match and match.url_name.endswith("_change"):
            pending = revisions.pending_revision(item)
            if pending is not None:
                item = revisions.applied(pending, item)
                item._pending_revision = pending
        return item

    def save_model(self, request, obj, form, change):
        if change and revisions.needs_review(request.user, obj):
            names = [name for name in form.cleaned_data if _is_model_field(obj, name)]
            request._revision = revisions.propose(request.user, obj, names, form.cleaned_data)
            return
        super().save_model(request, obj, form, change)
        pending = getattr(obj, "_pending_revision", None)
        if pending is not None:
            revisions.approve_by_saving(request.user, pending)

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "_revision"):  # a revision keeps its related values itself
            super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if hasattr(request, "_revision"):
            message = _("Proposed a revision for review.") if request._revision else message
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not hasattr(request, "_revision"):
            return super().response_change(request, obj)
        if request._revision is None:
            self.message_user(
                request, _("Nothing differs from the published version."), messages.INFO
            )
        else:
            self.message_user(
                request,
                _(
                    "Your changes to “%(item)s” await review by a publisher; the public page "
                    "keeps the published version until then."
                )
                % {"item": obj},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)

    def revert_disabled(self, request, obj=None):
        # Reverting saves the item's relations directly: editors of live items propose instead.
        needs_review = obj is not None and revisions.needs_review(request.user, obj)
        return needs_review or super().revert_disabled(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        pending = getattr(obj, "_pending_revision", None)
        context["pending_revision"] = pending
        if pending is not None:
            context["review_url"] = review_url(self.model, obj.pk)
        elif obj is not None and obj.pk and revisions.needs_review(request.user, obj):
            context["reviewed_changes_notice"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        item = get_object_or_404(self.model, pk=object_id)
        extra = {"revisions": Revision.objects.of(item).select_related("author", "reviewer")}
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def revision_preview_url(self, revision):
        if not self.preview_url_name:
            return None
        return f"{reverse(self.preview_url_name, args=[revision.object_id])}?revision={revision.pk}"

    def review_view(self, request, object_id):
        item = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        revision = revisions.pending_revision(item)
        if revision is None:
            self.message_user(request, _("No revision of this item awaits review."))
            return HttpResponseRedirect(self._change_url(item))
        error, status = "", 200
        if request.method == "POST":
            try:
                if "_approve" in request.POST:
                    revisions.approve(request.user, revision, request.POST.get("note", ""))
                    done = _("The revision of “%(item)s” was approved and is published.")
                else:
                    revisions.reject(request.user, revision, request.POST.get("note", ""))
                    done = _("The revision of “%(item)s” was rejected.")
            except ValidationError as problem:
                error, status = " ".join(_describe(problem)), 400
            else:
                self.message_user(request, done % {"item": item}, messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(item))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review changes to “%(item)s”") % {"item": item},
            "item": item,
            "revision": revision,
            "changes": revisions.changes(revision),
            "preview_url": self.revision_preview_url(revision),
            "may_review": revisions.may_review(request.user, self.model),
            "change_url": self._change_url(item),
            "error": error,
            "note": request.POST.get("note", ""),
        }
        return TemplateResponse(request, "admin/revisions/review.html", context, status=status)

    def _change_url(self, item):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def _is_model_field(obj, name) -> bool:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete or field.many_to_many


def _describe(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {' '.join(texts)}" if name != "__all__" else " ".join(texts)
            for name, texts in error.message_dict.items()
        ]
    return error.messages


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """The publishers' queue of revisions; the admin index links to those awaiting review."""

    list_display = ["item_link", "content_type", "state", "author", "updated_at", "reviewer"]
    list_filter = ["state", "content_type"]
    list_select_related = ["content_type", "author", "reviewer"]
    ordering = ["-updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("item"))
    def item_link(self, revision):
        item = revision.item
        if item is None:
            return _("a deleted item")
        if revision.is_pending:
            return format_html('<a href="{}">{}</a>', review_url(type(item), item.pk), item)
        return str(item)

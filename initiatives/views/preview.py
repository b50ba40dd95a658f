"""Previews for editors: any item, at any status, exactly as its public page would show it."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from initiatives import revisions
from initiatives.models import Revision
from initiatives.views.catalogue import InitiativeDetailView
from initiatives.views.editorial import NewsDetailView


class PreviewMixin:
    """An item at any status, rendered exactly as its public page would be, for staff only.

    Visitors are sent to the admin login; staff without the model's view permission get a 403.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_active or not request.user.is_staff:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        model = self.visible().model
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        return super().visible().model.objects.all()

    def get_object(self, queryset=None):
        """The item, or with `?revision=<id>` the item as one of its revisions proposes it."""
        item = super().get_object(queryset)
        wanted = self.request.GET.get("revision")
        self.revision = None
        if wanted is None:
            return item
        self.revision = (
            Revision.objects.of(item).filter(pk=wanted).first() if wanted.isdigit() else None
        )
        if self.revision is None:
            raise Http404(_("This item has no such revision."))
        return revisions.applied(self.revision, item)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | {"preview": self.object, "preview_revision": self.revision}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response


class InitiativePreviewView(PreviewMixin, InitiativeDetailView):
    public_only = False


class NewsPreviewView(PreviewMixin, NewsDetailView):
    pass

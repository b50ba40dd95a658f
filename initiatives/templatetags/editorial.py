"""The admin index's to-do list: how many items wait as drafts or in review, and how many
changes to published items await review; and the history's entries as events."""

from django import template
from django.db.models import Count
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from initiatives.models import (
    Correction,
    CorrectionState,
    Initiative,
    Manifesto,
    NewsItem,
    Proposal,
    ProposalState,
    Revision,
    RevisionState,
    Status,
)

register = template.Library()
WORKFLOW_MODELS = [Initiative, NewsItem, Manifesto]


@register.inclusion_tag("admin/workflow/summary.html", takes_context=True)
def workflow_summary(context):
    user = context["request"].user
    rows = []
    for model in WORKFLOW_MODELS:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        counts = {Status.DRAFT: 0, Status.REVIEW: 0}
        for status, count in _counts(model):
            counts[status] = count
        rows.append(
            {
                "name": opts.verbose_name_plural,
                "drafts": counts[Status.DRAFT],
                "in_review": counts[Status.REVIEW],
                "drafts_url": f"{changelist}?status__exact={Status.DRAFT}",
                "review_url": f"{changelist}?status__exact={Status.REVIEW}",
            }
        )
    return {"rows": rows, **_revisions_waiting(user), "moderation": _moderation_waiting(user)}


def _revisions_waiting(user) -> dict:
    if not user.has_perm("initiatives.view_revision"):
        return {}
    queue = reverse("admin:initiatives_revision_changelist")
    return {
        "revisions_waiting": Revision.objects.pending().count(),
        "revisions_url": f"{queue}?state__exact={RevisionState.PENDING}",
    }


def _moderation_waiting(user) -> list[dict]:
    """Proposals and corrections sent by visitors that nobody has decided yet."""
    waiting = []
    for model, state in [
        (Proposal, ProposalState.RECEIVED),
        (Correction, CorrectionState.RECEIVED),
    ]:
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            queue = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            waiting.append(
                {
                    "model": opts.model_name,
                    "count": model.objects.filter(state=state).count(),
                    "url": f"{queue}?state__exact={state}",
                }
            )
    return waiting


def _counts(model):
    return (
        model.objects.filter(status__in=[Status.DRAFT, Status.REVIEW])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )


@register.simple_tag
def history_event(record) -> str:
    """What an entry of the history records, as an event: "Created and submitted for review",
    "Published", "Changed"."""
    reason = record.history_change_reason
    if record.history_type == "+":
        return capfirst(_("created and %(done)s") % {"done": reason}) if reason else _("Created")
    if record.history_type == "-":
        return _("Deleted")
    return capfirst(reason) if reason else _("Changed")

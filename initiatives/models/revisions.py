"""Pending revisions: an editor's change to published content, kept apart until reviewed.

The public keeps the published version; a publisher previews the revision, compares it with the
published one, and approves it (it is then applied to the item and recorded in its history) or
rejects it with a reason. One revision at most awaits review per item: later edits update it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RevisionState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RevisionState.PENDING)

    def of(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        )


class Revision(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of content")
    )
    object_id = models.PositiveBigIntegerField(_("item id"))
    item = GenericForeignKey("content_type", "object_id")
    content = models.JSONField(
        _("proposed content"),
        encoder=DjangoJSONEncoder,
        help_text=_("The item's fields as the editor left them; many-to-many as lists of ids."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RevisionState, default=RevisionState.PENDING
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True, max_length=2000)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["content_type", "object_id"], name="revision_item_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state=RevisionState.PENDING),
                name="revision_one_pending_per_item",
                violation_error_message=_("This item already has a revision awaiting review."),
            ),
            models.CheckConstraint(
                condition=Q(state=RevisionState.PENDING, reviewed_at__isnull=True)
                | (~Q(state=RevisionState.PENDING) & Q(reviewed_at__isnull=False)),
                name="revision_reviewed_when_decided",
            ),
        ]

    def __str__(self):
        return _("Revision of “%(item)s” by %(author)s") % {
            "item": self.item or _("a deleted item"),
            "author": self.author or _("a deleted account"),
        }

    @property
    def is_pending(self) -> bool:
        return self.state == RevisionState.PENDING

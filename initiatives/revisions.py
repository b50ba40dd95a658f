"""Review of changes to published content.

An Editor's change to a published item (or to a recommendation of a published manifesto) does
not reach the item: it becomes its pending revision. A Publisher compares and previews it, then
approves it (applied to the item, recorded in its history as the publisher's, with the author
named) or rejects it with a reason. Publishers' own changes apply at once, as before: they are
the reviewers. "Published" includes scheduled items, whose content a publisher has approved.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Recommendation, Revision, RevisionState, Status
from initiatives.workflow import may_publish


def reviewing_model(model):
    """The model whose publish permission makes one a reviewer of `model`'s changes."""
    return Recommendation.manifesto.field.related_model if model is Recommendation else model


def may_review(user, model) -> bool:
    return may_publish(user, reviewing_model(model))


def is_live(item) -> bool:
    """Whether the stored item is published (or scheduled), whatever its unsaved changes."""
    model = type(item)
    if model is Recommendation:
        return model.objects.filter(pk=item.pk, manifesto__status=Status.PUBLISHED).exists()
    return model.objects.filter(pk=item.pk, status=Status.PUBLISHED).exists()


def needs_review(user, item) -> bool:
    return item.pk is not None and not may_review(user, type(item)) and is_live(item)


def pending_revision(item) -> Revision | None:
    return Revision.objects.of(item).pending().select_related("author").first()


# --- content ------------------------------------------------------------------------------


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _ids(values) -> list:
    return sorted(getattr(value, "pk", value) for value in values)


def content_of(item, names, related: dict | None = None) -> dict:
    """{field: value} for the named fields, as JSON; many-to-many fields as sorted id lists,
    from `related` (e.g. a form's cleaned data) or else from the database."""
    content = {}
    for name in names:
        field = item._meta.get_field(name)
        if field.many_to_many:
            values = related[name] if related and name in related else getattr(item, name).all()
            content[name] = _ids(values)
        else:
            content[name] = _jsonable(field.value_from_object(item))
    return content


def applied(revision: Revision, item=None):
    """The revision's item with the proposed content, in memory only (for forms and previews).

    Many-to-many fields are put where a prefetch would put them, so `item.themes.all()` (the
    templates', the forms') gives the proposed themes.
    """
    item = item if item is not None else revision.item
    cache = getattr(item, "_prefetched_objects_cache", {}).copy()
    for name, value in revision.content.items():
        field = item._meta.get_field(name)
        if field.many_to_many:
            cache[name] = field.related_model.objects.filter(pk__in=value)
        else:
            setattr(item, field.attname, field.to_python(value))
    item._prefetched_objects_cache = cache
    return item


def changes(revision: Revision) -> list[dict]:
    """The fields the revision changes: {label, published, proposed}, readable."""
    live = type(revision.item).objects.get(pk=revision.object_id)
    current = content_of(live, revision.content)
    return [
        {
            "label": live._meta.get_field(name).verbose_name,
            "published": readable(live, name, current[name]),
            "proposed": readable(live, name, proposed),
        }
        for name, proposed in revision.content.items()
        if current[name] != proposed
    ]


def readable(item, name: str, value) -> str:
    field = item._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(obj) for obj in field.related_model.objects.filter(pk__in=value))
    if field.is_relation:
        found = field.related_model.objects.filter(pk=value).first() if value else None
        return str(found) if found else "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return "—" if value in ("", None) else str(value)


# --- writes -------------------------------------------------------------------------------


@transaction.atomic
def propose(user, item, names, related: dict | None = None) -> Revision | None:
    """Keep `item`'s unsaved changes as its pending revision (created or updated).

    Returns None when nothing differs from the published item; a pending revision brought back
    to the published content is withdrawn.
    """
    content = content_of(item, names, related)
    live = type(item).objects.get(pk=item.pk)
    pending = Revision.objects.of(item).pending().select_for_update().first()
    if content == content_of(live, names):
        if pending:
            pending.delete()
        return None
    if pending is None:
        pending = Revision(item=item)
    pending.content = content
    pending.author = user
    pending.save()
    return pending


def _check_reviewer(user, revision: Revision):
    if not may_review(user, revision.content_type.model_class()):
        raise PermissionDenied(_("Only publishers may review changes to published content."))
    if not revision.is_pending:
        raise ValidationError(_("This revision has already been reviewed."))


def _close(revision: Revision, user, state: str, note: str = ""):
    revision.state = state
    revision.reviewer = user
    revision.reviewed_at = timezone.now()
    revision.review_note = note
    revision.save()


@transaction.atomic
def approve(user, revision: Revision, note: str = ""):
    """Apply the revision to its item (validated like any save) and close it as approved."""
    _check_reviewer(user, revision)
    item = applied(revision)
    item.full_clean()
    item._change_reason = _("approved the revision of %(author)s") % {
        "author": revision.author or _("a deleted account")
    }
    item.save()
    for name, ids in revision.content.items():
        if item._meta.get_field(name).many_to_many:
            getattr(item, name).set(ids)
    _close(revision, user, RevisionState.APPROVED, note)
    return item


@transaction.atomic
def reject(user, revision: Revision, note: str):
    _check_reviewer(user, revision)
    if not note.strip():
        raise ValidationError(_("Say why the revision is rejected: its author will read it."))
    _close(revision, user, RevisionState.REJECTED, note.strip())


def approve_by_saving(user, revision: Revision):
    """A publisher saved the item's form, which showed the revision: it is approved as edited."""
    _close(revision, user, RevisionState.APPROVED, _("Approved with the publisher's edits."))

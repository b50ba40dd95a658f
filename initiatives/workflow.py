"""The editorial workflow: draft → in review → published, and back to draft to withdraw.

Anyone who may change an item may submit it for review; publishing and withdrawing need the
model's `publish_<model>` permission (the Publishers group). Each transition saves the item
through the ORM, so the history records who did it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    done: str  # past participle, for messages
    sources: tuple[str, ...]
    target: str
    needs_publish_permission: bool


SUBMIT = Transition(
    "submit",
    _("Submit for review"),
    _("submitted for review"),
    (Status.DRAFT,),
    Status.REVIEW,
    False,
)
PUBLISH = Transition(
    "publish",
    _("Publish"),
    _("published"),
    (Status.DRAFT, Status.REVIEW),
    Status.PUBLISHED,
    True,
)
WITHDRAW = Transition(
    "withdraw",
    _("Withdraw to draft"),
    _("withdrawn to draft"),
    (Status.REVIEW, Status.PUBLISHED),
    Status.DRAFT,
    True,
)
# Not a transition: a publisher confirms that a published summary is still accurate (its
# "last reviewed" date); the history says so in these words.
REVIEWED = _("confirmed as still accurate")

TRANSITIONS = {transition.name: transition for transition in (SUBMIT, PUBLISH, WITHDRAW)}


def may_publish(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def allowed(user, obj, transition: Transition) -> bool:
    if obj.status not in transition.sources:
        return False
    return may_publish(user, type(obj)) if transition.needs_publish_permission else True


def available(user, obj) -> list[Transition]:
    return [transition for transition in TRANSITIONS.values() if allowed(user, obj, transition)]


def prepare(obj, transition: Transition) -> None:
    """Set the new status (and the first publication date), unsaved.

    A publication date already set is kept: a future one schedules the publication.
    """
    obj.status = transition.target
    if transition is PUBLISH and obj.published_at is None:
        obj.published_at = timezone.now()


def apply(user, obj, transition: Transition) -> None:
    """Check, validate and save one transition; raises PermissionDenied or ValidationError."""
    if not allowed(user, obj, transition):
        raise PermissionDenied(
            _("You may not %(action)s “%(item)s” (now %(status)s).")
            % {
                "action": str(transition.label).lower(),
                "item": obj,
                "status": obj.get_status_display().lower(),
            }
        )
    previous = (obj.status, obj.published_at)
    prepare(obj, transition)
    try:
        obj.full_clean()
    except ValidationError:
        obj.status, obj.published_at = previous
        raise
    obj._change_reason = str(transition.done)
    obj.save()

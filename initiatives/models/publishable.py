"""What every kind of published content shares: a status, a publication date, one public door."""

from functools import cache

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1990
MAX_YEAR = 2100
year_validators = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, and not scheduled for later.

        "Now" is the application's clock, the one `is_public` and the catalogue-counts cache
        use too, so a scheduled item appears everywhere at the same moment.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def formerly_at(self, slug: str):
        """The item whose address had this slug before (initiatives and news items keep
        their former slugs: models/identifiers.py)."""
        return self.filter(former_slugs__slug=slug)


class Publishable(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Set at first publication. A future date keeps the item hidden until then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Pending and reviewed revisions go with the item when it is deleted.
    revisions = GenericRelation("initiatives.Revision")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """What get_<field>_display() gives, by one lookup. Django's builds a dict of every
        choice per call, translating each label to hash it: 30-60 us, a dozen times on a summary
        page and twice on each card of a list."""
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list): Django's way handles it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def published_has_date(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{prefix}_published_has_date",
        violation_error_message=_("A published item needs a publication date."),
    )


class ConstraintsBesideGeneratedFields:
    """Validating its constraints in Python, Django resolves the expression of each generated
    field (the search vectors) even when a column it reads is left out for having an error of
    its own: a FieldError, a 500 instead of the form's message. No constraint reads a
    generated field, so they are left out of that validation."""

    def validate_constraints(self, exclude=None):
        generated = {field.name for field in self._meta.concrete_fields if field.generated}
        super().validate_constraints(exclude={*(exclude or ()), *generated})


@cache
def choice_labels(field) -> dict:
    """{value: label} of a field's choices; the labels stay lazy, translated when shown."""
    return dict(field.flatchoices)

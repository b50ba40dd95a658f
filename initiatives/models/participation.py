"""What visitors send: proposals of initiatives, corrections of summaries, followed searches.

None of it is ever public as it stands. A proposal becomes a *draft* initiative by an editor's
action and reaches readers only through the editorial workflow; a correction is read by editors.
The people behind them are kept apart (`Contact`), so that deleting their details after the
period the privacy notice states (`purge_participation`) leaves the editorial record whole.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from initiatives.languages import Language
from initiatives.models.catalogue import SECTIONS, Initiative
from initiatives.models.evidence import RESULTS_MAX_CHARS, validate_results
from initiatives.models.limits import LEAD_MAX_CHARS, limited_text, text_size_limits
from initiatives.models.publishable import MAX_YEAR, MIN_YEAR, year_validators
from initiatives.models.vocabulary import City, Theme

# A proposal's sections are shorter than an editor's limit: a first version, which an editor
# completes. A quarter of the admin's 20,000 characters is still two pages.
PROPOSAL_SECTION_MAX_CHARS = 5_000
MESSAGE_MAX_CHARS = 3_000
# What a visitor may write in the interface languages (the e-mails they get are in these).
INTERFACE_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


class Contact(models.Model):
    """Who sent a proposal or a correction: deleted after the retention period, the item kept."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254)
    # The language of the pages they wrote from: the language of every e-mail they receive.
    language = models.CharField(
        _("language of their e-mails"), max_length=2, choices=INTERFACE_LANGUAGES
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email


class Moderated(models.Model):
    """What the public sends for editors to decide on: when it came, when and by whom it was
    decided."""

    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        abstract = True


class ProposalState(models.TextChoices):
    RECEIVED = "received", _("Received")
    DRAFTED = "drafted", _("Draft initiative created")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class Proposal(Moderated):
    """An initiative as a city proposes it, with the summary's structure; never public."""

    title = models.CharField(_("title"), max_length=200)
    lead = limited_text(_("summary in one to three sentences"), LEAD_MAX_CHARS)
    city_name = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=year_validators
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="proposals", verbose_name=_("themes")
    )
    other_themes = models.CharField(
        _("other themes"),
        max_length=200,
        blank=True,
        help_text=_("Themes the list lacks, separated by commas."),
    )
    context = limited_text(_("context"), PROPOSAL_SECTION_MAX_CHARS)
    objectives = limited_text(_("objectives"), PROPOSAL_SECTION_MAX_CHARS)
    activities = limited_text(_("activities"), PROPOSAL_SECTION_MAX_CHARS)
    budget = limited_text(_("budget"), PROPOSAL_SECTION_MAX_CHARS)
    evaluation = limited_text(_("evaluation"), PROPOSAL_SECTION_MAX_CHARS)
    budget_eur = models.PositiveBigIntegerField(_("budget in euros"), null=True, blank=True)
    results = limited_text(_("results"), RESULTS_MAX_CHARS, blank=True)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("contact"),
    )
    # The editors' side: where the city goes, what became of it.
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("city in the catalogue"),
        help_text=_(
            "Choose the catalogue's city if it is there under another spelling; left empty, "
            "the city is found by its name and country, or created."
        ),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ProposalState,
        default=ProposalState.RECEIVED,
        db_index=True,
    )
    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("initiative"),
    )
    reason = limited_text(
        _("reason for declining"),
        MESSAGE_MAX_CHARS,
        blank=True,
        help_text=_("Sent to the proposer in the e-mail that tells them."),
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-received_at"]
        constraints = [
            *text_size_limits(
                "proposal",
                {
                    "lead": LEAD_MAX_CHARS,
                    **dict.fromkeys(SECTIONS, PROPOSAL_SECTION_MAX_CHARS),
                    "results": RESULTS_MAX_CHARS,
                    "reason": MESSAGE_MAX_CHARS,
                },
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=MIN_YEAR, start_year__lte=MAX_YEAR)
                & (Q(end_year__isnull=True) | Q(end_year__gte=F("start_year"))),
                name="proposal_years",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=~Q(state=ProposalState.DECLINED) | ~Q(reason=""),
                name="proposal_declined_with_reason",
                violation_error_message=_("A declined proposal needs a reason."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year (%(start)s).") % {
                "start": self.start_year
            }
        try:
            validate_results(self.results)
        except ValidationError as error:
            errors["results"] = error.messages
        if errors:
            raise ValidationError(errors)

    def other_theme_names(self) -> list[str]:
        return [name.strip() for name in self.other_themes.split(",") if name.strip()]


class CorrectionState(models.TextChoices):
    RECEIVED = "received", _("Received")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class Correction(Moderated):
    """A reader's note that something in a summary is wrong; editors read it, never readers."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("initiative"),
    )
    section = models.CharField(_("section"), max_length=20)
    message = limited_text(_("what is wrong"), MESSAGE_MAX_CHARS)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("contact"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CorrectionState,
        default=CorrectionState.RECEIVED,
        db_index=True,
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-received_at"]
        constraints = text_size_limits("correction", {"message": MESSAGE_MAX_CHARS})

    def __str__(self):
        return f"{self.initiative} · {self.section_label()}"

    def section_label(self) -> str:
        return str(dict(correction_sections()).get(self.section, self.section))


def correction_sections() -> list[tuple[str, str]]:
    """What a reader may point at: the summary's parts, as the page names them."""
    fields = ["title", "lead", *SECTIONS, "results", "lessons"]
    labels = [(name, Initiative._meta.get_field(name).verbose_name) for name in fields]
    return [
        *labels,
        ("cities", _("cities")),
        ("themes", _("themes")),
        ("other", _("something else")),
    ]


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Subscription(models.Model):
    """A search followed by e-mail: confirmed by a link before anything is sent (double opt-in).

    `query` is the list's query string, evaluated by the list's own FilterSet at each digest.
    """

    email = models.EmailField(_("e-mail address"), max_length=254, db_index=True)
    language = models.CharField(
        _("language of the e-mails"), max_length=2, choices=INTERFACE_LANGUAGES
    )
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=6, choices=Frequency, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("followed search")
        verbose_name_plural = _("followed searches")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "query"],
                name="subscription_one_per_search",
                violation_error_message=_("This address already follows this search."),
            )
        ]

    def __str__(self):
        return f"{self.email}: {self.query or '—'}"


class DigestItem(models.Model):
    """An initiative a subscription's digest has named: recorded before the message is sent, so
    that a repeated or interrupted run never sends it again (see participation/digests.py)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="digest_items"
    )
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "initiative"], name="digest_item_once")
        ]

    def __str__(self):
        return f"{self.subscription_id} → {self.initiative_id}"

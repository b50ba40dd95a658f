"""Participation (issue 18): proposals, corrections, their senders kept apart, followed searches
and the items their digests named. Editors and publishers moderate proposals and corrections;
publishers alone may delete them. Followed searches are for administrators only."""

from django.contrib.auth.management import create_permissions

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


MODERATED = ["proposal", "correction"]
GRANTS = {
    "Editors": [f"{action}_{model}" for model in MODERATED for action in ("view", "change")],
    "Publishers": [
        f"{action}_{model}" for model in MODERATED for action in ("view", "change", "delete")
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="initiatives", codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="initiatives", codename__endswith="_proposal"
    ).delete()
    Permission.objects.filter(
        content_type__app_label="initiatives", codename__endswith="_correction"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0019_catalogue_dumps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Contact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                (
                    "organisation",
                    models.CharField(blank=True, max_length=200, verbose_name="organisation"),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "French")],
                        max_length=2,
                        verbose_name="language of their e-mails",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
            ],
            options={
                "verbose_name": "contact",
                "verbose_name_plural": "contacts",
            },
        ),
        migrations.CreateModel(
            name="Subscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "email",
                    models.EmailField(db_index=True, max_length=254, verbose_name="e-mail address"),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "French")],
                        max_length=2,
                        verbose_name="language of the e-mails",
                    ),
                ),
                ("query", models.CharField(blank=True, max_length=2000, verbose_name="search")),
                (
                    "frequency",
                    models.CharField(
                        choices=[("daily", "Daily"), ("weekly", "Weekly")],
                        default="weekly",
                        max_length=6,
                        verbose_name="frequency",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                ),
                (
                    "last_digest_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last digest"),
                ),
            ],
            options={
                "verbose_name": "followed search",
                "verbose_name_plural": "followed searches",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("email", "query"),
                        name="subscription_one_per_search",
                        violation_error_message="This address already follows this search.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("section", models.CharField(max_length=20, verbose_name="section")),
                (
                    "message",
                    models.TextField(
                        max_length=3000,
                        validators=[django.core.validators.MaxLengthValidator(3000)],
                        verbose_name="what is wrong",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("resolved", "Resolved"),
                            ("dismissed", "Dismissed"),
                        ],
                        db_index=True,
                        default="received",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("received_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                (
                    "contact",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="corrections",
                        to="initiatives.contact",
                        verbose_name="contact",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="corrections",
                        to="initiatives.initiative",
                        verbose_name="initiative",
                    ),
                ),
            ],
            options={
                "verbose_name": "correction",
                "verbose_name_plural": "corrections",
                "ordering": ["-received_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("message"), 3000
                            )
                        ),
                        name="correction_message_size",
                        violation_error_message="This text is too long.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Proposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "lead",
                    models.TextField(
                        max_length=800,
                        validators=[django.core.validators.MaxLengthValidator(800)],
                        verbose_name="summary in one to three sentences",
                    ),
                ),
                ("city_name", models.CharField(max_length=100, verbose_name="city")),
                (
                    "country",
                    django_countries.fields.CountryField(max_length=2, verbose_name="country"),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="start year",
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="end year",
                    ),
                ),
                (
                    "other_themes",
                    models.CharField(
                        blank=True,
                        help_text="Themes the list lacks, separated by commas.",
                        max_length=200,
                        verbose_name="other themes",
                    ),
                ),
                (
                    "context",
                    models.TextField(
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                        verbose_name="context",
                    ),
                ),
                (
                    "objectives",
                    models.TextField(
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                        verbose_name="objectives",
                    ),
                ),
                (
                    "activities",
                    models.TextField(
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                        verbose_name="activities",
                    ),
                ),
                (
                    "budget",
                    models.TextField(
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                        verbose_name="budget",
                    ),
                ),
                (
                    "evaluation",
                    models.TextField(
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                        verbose_name="evaluation",
                    ),
                ),
                (
                    "budget_eur",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="budget in euros"
                    ),
                ),
                (
                    "results",
                    models.TextField(
                        blank=True,
                        max_length=483,
                        validators=[django.core.validators.MaxLengthValidator(483)],
                        verbose_name="results",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("fr", "French"),
                            ("de", "German"),
                            ("es", "Spanish"),
                            ("it", "Italian"),
                            ("nl", "Dutch"),
                            ("pt", "Portuguese"),
                            ("xx", "Other"),
                        ],
                        default="en",
                        max_length=2,
                        verbose_name="language of the text",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("drafted", "Draft initiative created"),
                            ("published", "Published"),
                            ("declined", "Declined"),
                        ],
                        db_index=True,
                        default="received",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "reason",
                    models.TextField(
                        blank=True,
                        help_text="Sent to the proposer in the e-mail that tells them.",
                        max_length=3000,
                        validators=[django.core.validators.MaxLengthValidator(3000)],
                        verbose_name="reason for declining",
                    ),
                ),
                ("received_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        help_text="Choose the catalogue's city if it is there under another spelling; left empty, the city is found by its name and country, or created.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposals",
                        to="initiatives.city",
                        verbose_name="city in the catalogue",
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposals",
                        to="initiatives.contact",
                        verbose_name="contact",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "initiative",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposal",
                        to="initiatives.initiative",
                        verbose_name="initiative",
                    ),
                ),
                (
                    "themes",
                    models.ManyToManyField(
                        blank=True,
                        related_name="proposals",
                        to="initiatives.theme",
                        verbose_name="themes",
                    ),
                ),
            ],
            options={
                "verbose_name": "proposal",
                "verbose_name_plural": "proposals",
                "ordering": ["-received_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("lead"), 800
                            )
                        ),
                        name="proposal_lead_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("context"), 5000
                            )
                        ),
                        name="proposal_context_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("objectives"), 5000
                            )
                        ),
                        name="proposal_objectives_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("activities"), 5000
                            )
                        ),
                        name="proposal_activities_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("budget"), 5000
                            )
                        ),
                        name="proposal_budget_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("evaluation"), 5000
                            )
                        ),
                        name="proposal_evaluation_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("results"), 483
                            )
                        ),
                        name="proposal_results_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("reason"), 3000
                            )
                        ),
                        name="proposal_reason_size",
                        violation_error_message="This text is too long.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__gte", 1990),
                            ("start_year__lte", 2100),
                            models.Q(
                                ("end_year__isnull", True),
                                ("end_year__gte", models.F("start_year")),
                                _connector="OR",
                            ),
                        ),
                        name="proposal_years",
                        violation_error_message="The end year cannot be before the start year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("state", "declined"), _negated=True),
                            models.Q(("reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="proposal_declined_with_reason",
                        violation_error_message="A declined proposal needs a reason.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="DigestItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="initiatives.initiative",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="digest_items",
                        to="initiatives.subscription",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("subscription", "initiative"), name="digest_item_once"
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]

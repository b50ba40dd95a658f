"""Translations of initiatives: a summary may name the one it translates (Initiative.translation_of)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0013_french_versions_of_vocabulary_and_manifestos"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinitiative",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The summary this one translates. Readers are offered each version, and lists show one card per initiative, in the reader's language when there is one.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="initiatives.initiative",
                verbose_name="translation of",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The summary this one translates. Readers are offered each version, and lists show one card per initiative, in the reader's language when there is one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="initiatives.initiative",
                verbose_name="translation of",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiative",
            constraint=models.CheckConstraint(
                condition=models.Q(("translation_of", models.F("pk")), _negated=True),
                name="initiative_not_its_own_translation",
                violation_error_message="A summary cannot be a translation of itself.",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiative",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="initiative_one_translation_per_language",
                violation_error_message="This summary already has a translation in this language.",
            ),
        ),
    ]

"""French versions beside the English texts of themes, projects, manifestos and recommendations
(initiatives/translations.py), and the French recommendations' own search vector. The French
names of themes and projects are searched at query time (search/glossary.py), not written into
the initiatives' keywords."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0012_country_names_and_other_city_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmanifesto",
            name="introduction_fr",
            field=models.TextField(
                blank=True,
                help_text="Markdown.",
                max_length=20000,
                validators=[django.core.validators.MaxLengthValidator(20000)],
                verbose_name="introduction in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalmanifesto",
            name="title_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in French"),
        ),
        migrations.AddField(
            model_name="historicalrecommendation",
            name="text_fr",
            field=models.TextField(
                blank=True,
                help_text="Markdown.",
                max_length=20000,
                validators=[django.core.validators.MaxLengthValidator(20000)],
                verbose_name="text in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalrecommendation",
            name="title_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in French"),
        ),
        migrations.AddField(
            model_name="manifesto",
            name="introduction_fr",
            field=models.TextField(
                blank=True,
                help_text="Markdown.",
                max_length=20000,
                validators=[django.core.validators.MaxLengthValidator(20000)],
                verbose_name="introduction in French",
            ),
        ),
        migrations.AddField(
            model_name="manifesto",
            name="title_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in French"),
        ),
        migrations.AddField(
            model_name="project",
            name="description_fr",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[django.core.validators.MaxLengthValidator(20000)],
                verbose_name="description in French",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in French"),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="text_fr",
            field=models.TextField(
                blank=True,
                help_text="Markdown.",
                max_length=20000,
                validators=[django.core.validators.MaxLengthValidator(20000)],
                verbose_name="text in French",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="title_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in French"),
        ),
        migrations.AddField(
            model_name="theme",
            name="description_fr",
            field=models.TextField(
                blank=True,
                max_length=800,
                validators=[django.core.validators.MaxLengthValidator(800)],
                verbose_name="short description in French",
            ),
        ),
        migrations.AddField(
            model_name="theme",
            name="name_fr",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in French"),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="search_vector_fr",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "title_fr", config="efus_french", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "text_fr", config="efus_french", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("efus_french"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector_fr"], name="recommendation_search_fr_gin"
            ),
        ),
        migrations.AddConstraint(
            model_name="manifesto",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("introduction_fr"), 20000
                    )
                ),
                name="manifesto_introduction_fr_size",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("description_fr"), 20000
                    )
                ),
                name="project_description_fr_size",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("text_fr"), 20000
                    )
                ),
                name="recommendation_text_fr_size",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_fr", ""), _negated=True),
                fields=("name_fr",),
                name="theme_unique_name_fr",
                violation_error_message="Another theme already has this French name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("description"), 800
                    )
                ),
                name="theme_description_size",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("description_fr"), 800
                    )
                ),
                name="theme_description_fr_size",
                violation_error_message="This text is too long.",
            ),
        ),
    ]

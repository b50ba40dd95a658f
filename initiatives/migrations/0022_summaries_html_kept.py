from django.db import migrations, models


class Migration(migrations.Migration):
    """Summaries' sections as HTML, kept when saved. Existing summaries get theirs from
    `manage.py render_sections` (run by `make db` and `make bench`); until then their pages
    render the sections when read, as before."""

    dependencies = [
        ("initiatives", "0021_related_from_the_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="sections_html",
            field=models.JSONField(default=dict, editable=False),
        ),
    ]

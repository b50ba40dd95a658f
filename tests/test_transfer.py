"""Bulk import and export of initiatives (CSV and JSON), from the command line and the admin."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from initiatives.models import City, Initiative, Theme
from initiatives.transfer import COLUMNS

# Every test works on the demo, loaded once for the module, each in its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]
SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "initiatives-sample.csv"


def run_import(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_initiatives", str(path), *options, stdout=out, stderr=err, verbosity=0)
    return out.getvalue()


def failed_import(path, *options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_initiatives", str(path), *options, stderr=err, verbosity=0)
    return f"{err.getvalue()}\n{failure.value}"


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def sample_rows():
    with SAMPLE.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def snapshot(initiative):
    """Everything an export must carry, as comparable values."""
    values = {name: getattr(initiative, name) for name in COLUMNS}
    values["cities"] = sorted((city.name, city.country.code) for city in initiative.cities.all())
    values["themes"] = sorted(theme.name for theme in initiative.themes.all())
    values["project"] = initiative.project.acronym if initiative.project else None
    values["translation_of"] = initiative.translation_of and initiative.translation_of.slug
    return values


def link_as_translation(original, translation):
    translation.translation_of = original
    translation.save(update_fields=["translation_of"])


def test_sample_file_imports_and_reimports_without_duplicates(demo):
    before = Initiative.objects.count()
    assert "2 new" in run_import(SAMPLE)
    assert Initiative.objects.count() == before + 2
    lisbon = Initiative.objects.get(slug="lisbon-night-mediators")
    assert [city.name for city in lisbon.cities.all()] == ["Lisbon"]
    assert lisbon.budget_eur == 380000
    assert lisbon.end_year is None
    assert lisbon.history.earliest().history_type == "+"  # imports are recorded too

    assert "0 new, 0 updated, 2 unchanged" in run_import(SAMPLE)
    assert Initiative.objects.count() == before + 2


def test_reimport_updates_by_slug(demo, tmp_path):
    run_import(SAMPLE)
    rows = sample_rows()
    rows[0]["title"] = "Night mediators in Lisbon (second year)"
    output = run_import(write_csv(tmp_path / "changed.csv", rows))
    assert "1 updated, 1 unchanged" in output
    assert Initiative.objects.filter(slug="lisbon-night-mediators").get().title == (
        "Night mediators in Lisbon (second year)"
    )


def test_an_invalid_file_imports_nothing_and_reports_every_bad_row(demo, tmp_path):
    rows = sample_rows()
    good = rows[0]
    bad_year = {**rows[1], "start_year": "twenty", "source_url": "not a link"}
    bad_city = {**rows[0], "slug": "third", "cities": "Atlantis (XX)", "themes": "Ghosts"}
    backwards = {**rows[0], "slug": "fourth", "start_year": "2024", "end_year": "2019"}
    path = write_csv(tmp_path / "mixed.csv", [good, bad_year, bad_city, backwards])
    before = Initiative.objects.count()

    report = failed_import(path)

    assert Initiative.objects.count() == before
    assert not Initiative.objects.filter(slug=good["slug"]).exists()
    assert "row 2, start_year: “twenty” is not a whole number" in report
    assert "row 2, source_url: Enter a valid URL." in report
    assert "row 3, cities: unknown city “Atlantis (XX)”" in report
    assert "row 3, themes: unknown theme “Ghosts”" in report
    assert "row 4, end_year: The end year cannot be before the start year" in report
    assert "row 1" not in report
    assert "nothing was imported" in report


def test_publishing_rows_need_all_five_sections(demo, tmp_path):
    row = {**sample_rows()[0], "status": "published", "evaluation": ""}
    report = failed_import(write_csv(tmp_path / "incomplete.csv", [row]))
    assert "row 1, evaluation: A published summary needs this section" in report


def test_unknown_places_and_themes_are_created_on_request(demo, tmp_path):
    row = {**sample_rows()[0], "cities": "Gdańsk (PL); Lisbon (PT)", "themes": "Night-time economy"}
    path = write_csv(tmp_path / "new-city.csv", [row])
    assert "unknown city “Gdańsk (PL)”" in failed_import(path)
    assert not City.objects.filter(name="Gdańsk").exists()

    run_import(path, "--create-missing")
    gdansk = City.objects.get(name="Gdańsk")
    assert gdansk.country.code == "PL"
    assert Theme.objects.filter(name="Night-time economy").exists()
    imported = Initiative.objects.get(slug=row["slug"])
    assert sorted(city.name for city in imported.cities.all()) == ["Gdańsk", "Lisbon"]


def test_dry_run_validates_without_writing(demo):
    before = Initiative.objects.count()
    assert "Dry run, nothing written. 2 rows: 2 new" in run_import(SAMPLE, "--dry-run")
    assert Initiative.objects.count() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("latin1.csv", "slug,title\nx,Liège".encode("latin-1"), "not UTF-8"),
        ("broken.json", b'[{"slug": "a"', "not valid JSON"),
        ("notes.txt", b"hello", "unsupported format “txt”"),
        ("columns.csv", b"slug,title,colour\nx,y,blue\n", "file, colour: unknown column"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_initiatives", str(path), stderr=err, verbosity=0)
    assert message in f"{err.getvalue()} {failure.value}"


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_then_import_round_trips_every_field(demo, tmp_path, file_format):
    # A translation whose slug sorts before its original's: the file must still re-import.
    english = Initiative.objects.filter(language="en").order_by("slug").last()
    french = Initiative.objects.filter(language="fr", slug__lt=english.slug).first()
    link_as_translation(english, french)
    initiatives = Initiative.objects.prefetch_related("cities", "themes").select_related(
        "project", "translation_of"
    )
    before = {initiative.slug: snapshot(initiative) for initiative in initiatives}
    path = tmp_path / f"catalogue.{file_format}"
    call_command("export_initiatives", str(path), stdout=io.StringIO())
    if file_format == "json":
        assert {row["slug"] for row in json.loads(path.read_text())} == set(before)

    Initiative.objects.all().delete()
    run_import(path)

    after = {initiative.slug: snapshot(initiative) for initiative in initiatives.all()}
    assert after.keys() == before.keys()
    for slug, values in before.items():
        for field, value in values.items():
            assert after[slug][field] == value, (slug, field)


def test_a_translation_of_an_unknown_summary_is_reported_on_its_row(demo, tmp_path):
    rows = sample_rows()
    rows[1]["translation_of"] = "no-such-summary"
    rows[1]["language"] = "fr"
    report = failed_import(write_csv(tmp_path / "rows.csv", rows))
    assert "unknown initiative “no-such-summary”" in report
    assert not Initiative.objects.filter(slug__in=[row["slug"] for row in rows]).exists()


def test_an_imported_translation_is_offered_beside_its_original(demo, tmp_path, client):
    rows = sample_rows()
    original = Initiative.objects.published().filter(language="en").first()
    rows[0].update(translation_of=original.slug, language="fr", status="published")
    run_import(write_csv(tmp_path / "rows.csv", rows))
    translation = Initiative.objects.get(slug=rows[0]["slug"])
    assert translation.translation_of == original
    page = client.get(original.get_absolute_url()).content.decode()
    assert translation.get_absolute_url() in page


def test_export_to_standard_output_filters_by_status(demo):
    out = io.StringIO()
    call_command("export_initiatives", "-", "--status", "draft", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and {row["status"] for row in rows} == {"draft"}
    assert len(rows) == Initiative.objects.filter(status="draft").count()


def test_admin_export_action_downloads_the_selection(client, demo, editor):
    chosen = list(Initiative.objects.order_by("slug")[:3])
    client.force_login(editor)
    response = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "export_admin_action", "_selected_action": [item.pk for item in chosen]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    csv_choice = next(value for value, label in form.fields["format"].choices if label == "csv")
    export = client.post(
        reverse("admin:initiatives_initiative_export"),
        {
            "format": csv_choice,
            "export_items": [item.pk for item in chosen],
            **{f"initiativeresource_{name}": "on" for name in COLUMNS},
        },
    )
    assert export.status_code == 200
    assert "text/csv" in export["Content-Type"]
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(row["slug"] for row in rows) == [item.slug for item in chosen]


def test_admin_import_page_is_for_publishers(client, demo, editor, publisher):
    url = reverse("admin:initiatives_initiative_import")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(publisher)
    assert client.get(url).status_code == 200


def admin_import(client, content: bytes, name: str):
    url = reverse("admin:initiatives_initiative_import")
    form = client.get(url).context["form"]
    csv_choice = next(value for value, label in form.fields["format"].choices if label == "csv")
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(url, {"format": csv_choice, "import_file": upload, "resource": 0})


def test_admin_import_previews_then_imports_a_valid_file(client, demo, publisher):
    client.force_login(publisher)
    preview = admin_import(client, SAMPLE.read_bytes(), "sample.csv")
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    assert not Initiative.objects.filter(slug="lisbon-night-mediators").exists()

    done = client.post(
        reverse("admin:initiatives_initiative_process_import"),
        {name: field.initial for name, field in confirm.fields.items()} | confirm.initial,
        follow=True,
    )
    assert done.status_code == 200
    assert Initiative.objects.filter(slug="lisbon-night-mediators").exists()
    assert Initiative.objects.get(
        slug="lisbon-night-mediators"
    ).history.earliest().history_user == (publisher)


def test_admin_import_shows_errors_and_offers_no_confirmation(client, demo, publisher):
    rows = sample_rows()
    rows[1]["start_year"] = "soon"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    client.force_login(publisher)
    preview = admin_import(client, buffer.getvalue().encode(), "bad.csv")
    assert preview.status_code == 200
    assert "Row 2, start_year: “soon” is not a whole number" in preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert not Initiative.objects.filter(slug=rows[0]["slug"]).exists()


def test_the_admin_import_page_states_the_format_and_offers_a_template(client, publisher):
    client.force_login(publisher)
    page = client.get(reverse("admin:initiatives_initiative_import")).content.decode()
    assert "Name (CC)" in page and "Required columns" in page
    template_url = reverse("admin:initiatives_initiative_import_template")
    assert template_url in page
    download = client.get(template_url)
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert list(rows[0]) == COLUMNS
    assert rows and {row["status"] for row in rows} == {"draft"}


def test_the_import_template_is_for_publishers(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:initiatives_initiative_import_template")).status_code == 403

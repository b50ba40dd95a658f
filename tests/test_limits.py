"""Explicit limits: only web links, texts of a bounded size, CSV that a spreadsheet cannot run,
and import files that say what is wrong with them."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from initiatives.models import Initiative, NewsItem, Project, Recommendation
from initiatives.models.limits import LEAD_MAX_CHARS, PARTNERS_MAX_CHARS, SECTION_MAX_CHARS
from initiatives.templatetags.catalogue import web_link
from initiatives.transfer import export_initiatives, import_initiatives, read_dataset
from tests.admin_helpers import change_url, form_data
from tests.factories import (
    InitiativeFactory,
    NewsItemFactory,
    ProjectFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

SECTIONS = ["context", "objectives", "activities", "budget", "evaluation"]
HOSTILE_LINKS = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "ftp://x.org"]


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_only_web_links_can_be_stored(link):
    initiative = InitiativeFactory()
    initiative.source_url = link
    with pytest.raises(ValidationError) as refused:
        initiative.full_clean()
    assert "https://" in str(refused.value)
    # Nor past the validation: the database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(source_url=link)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(url=link)


@pytest.mark.parametrize("link", HOSTILE_LINKS + [" javascript:alert(1)", "https:", "//x.org"])
def test_pages_make_live_links_of_web_addresses_only(link):
    assert web_link(link) == ""
    assert web_link("https://efus.eu/x") == "https://efus.eu/x"
    assert web_link("HTTP://efus.eu") == "HTTP://efus.eu"


def test_a_project_page_links_its_website(client):
    project = ProjectFactory(url="https://efus.eu/en/topics/")
    InitiativeFactory(project=project)
    page = client.get(reverse("initiatives:project", args=[project.slug])).content.decode()
    assert 'href="https://efus.eu/en/topics/"' in page


def test_an_oversize_section_is_refused_with_its_limit_not_a_500(client, editor):
    initiative = InitiativeFactory()
    client.force_login(editor)
    huge = "Far too long. " * 75_000  # about a megabyte
    response = client.post(change_url(initiative), form_data(initiative, context=huge))
    assert response.status_code == 200
    assert f"at most {SECTION_MAX_CHARS:,}".replace(",", "") in response.content.decode().replace(
        ",", ""
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(context=huge)


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_neutralises_formulas_and_imports_back_unchanged():
    values = {
        "title": '=HYPERLINK("http://evil.example","click")',
        "partners": "+32 2 000 00 00",
        "contact": "@mayor",
        "activities": "- workshops\n- patrols",
        "evaluation": "'Quoted' on purpose",
        "budget": "\tIndented budget",
    }
    initiative = InitiativeFactory(**values)
    exported = export_initiatives(Initiative.objects.filter(pk=initiative.pk), "csv")
    [row] = csv_rows(exported)
    for name, value in values.items():
        assert row[name] == "'" + value  # shown as text by a spreadsheet, never run
    Initiative.objects.all().delete()
    report = import_initiatives(read_dataset(exported, "csv"), create_missing=True)
    assert report.ok, report.problems
    imported = Initiative.objects.get(slug=initiative.slug)
    for name, value in values.items():
        assert getattr(imported, name) == value


def test_a_section_at_the_limit_survives_export_and_import():
    longest = ("Long evaluation. " * SECTION_MAX_CHARS)[:SECTION_MAX_CHARS]
    initiative = InitiativeFactory(evaluation=longest)
    exported = export_initiatives(Initiative.objects.filter(pk=initiative.pk), "csv")
    Initiative.objects.all().delete()
    report = import_initiatives(read_dataset(exported, "csv"), create_missing=True)
    assert report.ok, report.problems
    assert Initiative.objects.get(slug=initiative.slug).evaluation == longest


def test_two_rows_with_one_slug_are_refused_by_row():
    first, second = InitiativeFactory(), InitiativeFactory()
    rows = csv_rows(
        export_initiatives(Initiative.objects.filter(pk__in=[first.pk, second.pk]), "csv")
    )
    rows[1]["slug"] = rows[0]["slug"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    report = import_initiatives(read_dataset(buffer.getvalue(), "csv"))
    assert not report.ok and not report.written
    assert [str(problem) for problem in report.problems] == [
        f"row 2, slug: “{rows[0]['slug']}” is already the slug of row 1"
    ]


def admin_import(client, content: bytes):
    url = reverse("admin:initiatives_initiative_import")
    form = client.get(url).context["form"]
    csv_choice = next(value for value, label in form.fields["format"].choices if label == "csv")
    upload = io.BytesIO(content)
    upload.name = "import.csv"
    return client.post(url, {"format": csv_choice, "import_file": upload, "resource": 0})


def test_the_admin_import_refuses_duplicate_slugs(client, publisher):
    initiative = InitiativeFactory()
    exported = export_initiatives(Initiative.objects.filter(pk=initiative.pk), "csv")
    header, row = exported.strip().split("\r\n")
    client.force_login(publisher)
    response = admin_import(client, "\r\n".join([header, row, row]).encode())
    assert "is already the slug of row 1" in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_the_admin_import_refuses_oversize_files_by_size(client, publisher, monkeypatch):
    monkeypatch.setattr("initiatives.transfer.MAX_ADMIN_IMPORT_BYTES", 1024 * 1024)
    client.force_login(publisher)
    response = admin_import(client, b"slug,title\n" + b"x,y\n" * 400_000)
    assert response.status_code == 200
    assert "the admin imports files of up to 1 MB" in response.content.decode()
    assert Project.objects.count() == 0


def test_an_oversize_form_answers_413_with_a_message_not_a_500(client, editor, settings):
    """A form's data is read into memory up to DATA_UPLOAD_MAX_MEMORY_SIZE; beyond, the visitor
    reads why (Django's own answer was a bare 400 page saying nothing of the size)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client.force_login(editor)
    initiative = InitiativeFactory()
    data = form_data(initiative, context="x" * 200_000)
    response = client.post(
        change_url(initiative),
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).context == initiative.context


def test_the_largest_valid_initiative_form_is_within_the_request_limit(settings):
    """Every text at its limit, in accented letters (six bytes each once percent-encoded, as a
    browser sends the admin's form): still well under DATA_UPLOAD_MAX_MEMORY_SIZE."""
    initiative = InitiativeFactory()
    longest = dict.fromkeys(SECTIONS, "é" * SECTION_MAX_CHARS)
    longest |= {"lead": "é" * LEAD_MAX_CHARS, "partners": "é" * PARTNERS_MAX_CHARS}
    body = urlencode(form_data(initiative, **longest), doseq=True)
    assert len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_a_file_of_many_chunks_imports_through_the_admin_unchanged(client, publisher, settings):
    """Uploaded to a temporary file and read back in 64 KB chunks: every section at its limit
    arrives whole, through the preview and the confirmation."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    longest = {name: (f"{name} " * SECTION_MAX_CHARS)[:SECTION_MAX_CHARS] for name in SECTIONS}
    initiative = InitiativeFactory(**longest)
    exported = export_initiatives(Initiative.objects.filter(pk=initiative.pk), "csv")
    assert len(exported.encode()) > 64 * 1024
    Initiative.objects.all().delete()
    client.force_login(publisher)
    confirm = admin_import(client, exported.encode()).context["confirm_form"]
    client.post(
        reverse("admin:initiatives_initiative_process_import"),
        {name: field.initial for name, field in confirm.fields.items()} | confirm.initial,
    )
    imported = Initiative.objects.get(slug=initiative.slug)
    assert {name: getattr(imported, name) for name in SECTIONS} == longest


def distinct_words(length: int, start: int) -> str:
    """`length` characters of words that are all different, in letters of four bytes each (CJK
    Extension B): the most a text of that length can add to a search vector."""
    words, number = [], start
    while sum(len(word) + 1 for word in words) < length:
        digits = []
        for _ in range(4):
            number, digit = divmod(number, 2_000)
            digits.append(chr(0x20000 + digit))
        words.append("".join(digits))
        number = start = start + 1
    return " ".join(words)[:length]


def test_every_text_at_its_limit_fits_in_the_search_vector():
    """The limits keep a row's search vector (a tsvector holds at most 1 MB of distinct words)
    within reach: every text at its limit, all its words different, saves, and is found."""
    texts = {
        name: distinct_words(SECTION_MAX_CHARS, index * 10**6)
        for index, name in enumerate(SECTIONS)
    }
    texts |= {
        "lead": distinct_words(LEAD_MAX_CHARS, 9 * 10**6),
        "partners": distinct_words(PARTNERS_MAX_CHARS, 8 * 10**6),
    }
    initiative = InitiativeFactory(title=distinct_words(200, 7 * 10**6), **texts)
    last_word = texts["evaluation"].split()[-2]
    assert Initiative.objects.filter(pk=initiative.pk, search_vector=last_word).exists()
    news = NewsItemFactory(body=texts["context"], lead=texts["lead"])
    assert NewsItem.objects.filter(pk=news.pk, search_vector=texts["context"].split()[0]).exists()
    recommendation = RecommendationFactory(text=texts["budget"])
    assert Recommendation.objects.filter(
        pk=recommendation.pk, search_vector=texts["budget"].split()[0]
    ).exists()

"""'Download these results': any list as CSV, JSON or XLSX, in the importer's columns."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from initiatives import exports
from initiatives.models import Initiative
from initiatives.transfer import COLUMNS
from tests.factories import DraftFactory, InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

LIST = "/en/initiatives/"


def download(client, file_format, query=None):
    return client.get(f"/en/initiatives/download.{file_format}", query or {})


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def every_slug_of_the_list(client, query) -> list[str]:
    slugs, page = [], 1
    while True:
        response = client.get(LIST, {**query, "page": page})
        slugs += [card.slug for card in response.context["initiatives"]]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


@pytest.mark.parametrize(
    "query", [{}, {"q": "drones"}, {"theme": "youth-participation", "sort": "title"}]
)
def test_a_download_holds_the_whole_list_in_its_order(client, query):
    response = download(client, "csv", query)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="efus-initiatives.csv"'
    rows = csv_rows(response)
    assert list(rows[0]) == COLUMNS
    assert [row["slug"] for row in rows] == every_slug_of_the_list(client, query)


def test_a_filtered_download_imports_back_unchanged(client, tmp_path):
    query = {"theme": "drones"}
    path = tmp_path / "drones.csv"
    path.write_bytes(b"".join(download(client, "csv", query).streaming_content))
    slugs = [row["slug"] for row in csv.DictReader(path.open(encoding="utf-8"))]
    before = {
        i.slug: (i.title, i.results, i.funding_sources, sorted(c.name for c in i.cities.all()))
        for i in Initiative.objects.filter(slug__in=slugs).prefetch_related("cities")
    }
    Initiative.objects.filter(slug__in=slugs).delete()
    call_command("import_initiatives", str(path), stdout=io.StringIO(), verbosity=0)
    after = {
        i.slug: (i.title, i.results, i.funding_sources, sorted(c.name for c in i.cities.all()))
        for i in Initiative.objects.filter(slug__in=slugs).prefetch_related("cities")
    }
    assert after == before and len(after) == len(slugs) > 0


def test_json_and_xlsx_say_the_same(client):
    query = {"country": "FR"}
    listed = [row["slug"] for row in csv_rows(download(client, "csv", query))]
    items = json.loads(b"".join(download(client, "json", query).streaming_content))
    assert [item["slug"] for item in items] == listed
    assert set(items[0]) == set(COLUMNS)
    response = download(client, "xlsx", query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert [row[0] for row in rows[1:]] == listed


def test_a_formula_stays_text_in_every_format(client):
    InitiativeFactory(title='=HYPERLINK("http://evil.example")', lead="Zeppelin formula.")
    query = {"q": "zeppelin formula"}
    [row] = csv_rows(download(client, "csv", query))
    assert row["title"].startswith("'=")  # a spreadsheet shows it, never runs it
    response = download(client, "xlsx", query)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    title = sheet.cell(row=2, column=COLUMNS.index("title") + 1)
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")


def test_drafts_are_never_downloaded(client):
    DraftFactory(title="Zeppelin draft")
    assert csv_rows(download(client, "csv", {"q": "zeppelin"})) == []
    everything = csv_rows(download(client, "csv"))
    assert len(everything) == Initiative.objects.published().one_per_initiative().count()
    assert {row["status"] for row in everything} == {"published"}


def test_an_invalid_filter_says_why_with_a_400(client):
    response = download(client, "csv", {"year_from": "soon"})
    assert response.status_code == 400
    assert "year_from" in response.content.decode()


def test_a_spreadsheet_too_long_is_refused_with_the_way_out(client, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    response = download(client, "xlsx")
    assert response.status_code == 400
    assert "CSV or JSON" in response.content.decode()
    page = client.get(LIST).content.decode()
    assert "download.csv" in page and "download.xlsx" not in page


def test_a_list_too_long_to_stream_is_refused_with_the_ways_out(client, monkeypatch):
    monkeypatch.setattr(exports, "STREAM_MAX_ROWS", 3)
    response = download(client, "csv")
    assert response.status_code == 400
    assert "narrow it with a filter or a search" in response.content.decode()
    assert "download.csv" not in client.get(LIST).content.decode()
    assert download(client, "csv", {"q": "drones", "country": "BE"}).status_code == 200


def test_a_theme_page_offers_its_own_list(client):
    page = client.get("/en/themes/drones/").content.decode()
    assert "/en/initiatives/download.csv?theme=drones" in page

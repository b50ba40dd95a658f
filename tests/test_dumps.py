"""The whole catalogue's files (/data/initiatives.csv.gz, .json.gz): written ahead by
`write_dumps`, served from the database, never holding what is not public now."""

import csv
import datetime
import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from initiatives import dumps, exports
from initiatives.models import CatalogueDump, Initiative, Status
from initiatives.transfer import COLUMNS
from tests.factories import DraftFactory, InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

CSV_FILE = "/data/initiatives.csv.gz"
JSON_FILE = "/data/initiatives.json.gz"


def write(*args) -> str:
    out = io.StringIO()
    call_command("write_dumps", *args, stdout=out)
    return out.getvalue()


def file_bytes(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def csv_slugs(client) -> list[str]:
    text = gzip.decompress(file_bytes(client.get(CSV_FILE))).decode()
    return [row["slug"] for row in csv.DictReader(io.StringIO(text))]


def test_the_whole_catalogue_downloads_as_gzip_csv_and_json(client):
    assert "initiatives" in write()
    response = client.get(CSV_FILE)
    assert response["Content-Type"] == "application/gzip"
    today = timezone.localdate(CatalogueDump.objects.latest("created_at").created_at)
    assert response["Content-Disposition"] == (
        f'attachment; filename="efus-initiatives-{today}.csv.gz"'
    )
    body = file_bytes(response)
    assert int(response["Content-Length"]) == len(body)
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(body).decode())))
    assert list(rows[0]) == COLUMNS
    public = Initiative.objects.published()
    assert sorted(row["slug"] for row in rows) == sorted(public.values_list("slug", flat=True))
    items = json.loads(gzip.decompress(file_bytes(client.get(JSON_FILE))))
    assert [item["slug"] for item in items] == [row["slug"] for row in rows]


def test_the_file_imports_back_translations_after_their_originals(client, tmp_path):
    original = InitiativeFactory(slug="zz-original", language="en", title="Zeppelin watch")
    InitiativeFactory(
        slug="aa-traduction", language="fr", title="Veille zeppelin", translation_of=original
    )
    write()
    slugs = csv_slugs(client)
    assert slugs.index("zz-original") < slugs.index("aa-traduction")
    path = tmp_path / "catalogue.csv"
    path.write_bytes(gzip.decompress(file_bytes(client.get(CSV_FILE))))
    Initiative.objects.filter(slug__in=slugs).delete()
    call_command("import_initiatives", str(path), stdout=io.StringIO(), verbosity=0)
    assert Initiative.objects.filter(slug__in=slugs).count() == len(slugs)
    imported = Initiative.objects.get(slug="aa-traduction")
    assert imported.translation_of.slug == "zz-original"


def test_drafts_reviews_and_scheduled_summaries_are_not_in_the_file(client):
    DraftFactory(slug="zeppelin-draft")
    DraftFactory(slug="zeppelin-review", status=Status.REVIEW)
    InitiativeFactory(
        slug="zeppelin-scheduled", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    write()
    slugs = set(csv_slugs(client))
    assert slugs and not {s for s in slugs if s.startswith("zeppelin")}
    text = gzip.decompress(file_bytes(client.get(JSON_FILE))).decode()
    assert "zeppelin" not in text


def test_a_summary_withdrawn_since_the_file_stops_it_until_it_is_written_again(client):
    write()
    withdrawn = Initiative.objects.published().order_by("slug").first()
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    response = client.get(CSV_FILE)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "withdrawn" in response.content.decode()
    assert "initiatives" in write()  # the catalogue changed: written again
    assert withdrawn.slug not in csv_slugs(client)


def test_before_the_first_write_the_address_says_what_to_do(client):
    response = client.get(CSV_FILE)
    assert response.status_code == 404
    assert "/en/api/" in response.content.decode()


def test_an_unchanged_catalogue_is_not_written_twice(client):
    write()
    first = CatalogueDump.objects.latest("created_at")
    assert "has not changed" in write("--format", "csv")
    assert CatalogueDump.objects.latest("created_at") == first
    assert "initiatives" in write("--format", "csv", "--force")


def test_a_scheduled_summary_coming_due_is_written_in(client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    InitiativeFactory(slug="zeppelin-due", published_at=start + datetime.timedelta(hours=1))
    write()
    assert "zeppelin-due" not in csv_slugs(client)
    time_machine.move_to(start + datetime.timedelta(hours=2), tick=False)
    assert "initiatives" in write("--format", "csv")
    assert "zeppelin-due" in csv_slugs(client)


def test_each_format_keeps_its_latest_two_files(client):
    for _round in range(3):
        write("--format", "csv", "--force")
    assert CatalogueDump.objects.filter(file_format="csv").count() == dumps.KEPT == 2


def test_a_file_is_revalidated_by_its_digest(client):
    write()
    response = client.get(CSV_FILE)
    assert response["Cache-Control"] == "public, no-cache"
    again = client.get(CSV_FILE, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    head = client.head(CSV_FILE)
    assert head.status_code == 200 and head["ETag"] == response["ETag"]


def test_a_gzip_file_is_not_compressed_again(client):
    write()
    response = client.get(CSV_FILE, headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in response
    assert gzip.decompress(file_bytes(response)).startswith(b"slug,")


def test_a_list_too_long_to_download_offers_the_whole_catalogue(client, monkeypatch):
    monkeypatch.setattr(exports, "STREAM_MAX_ROWS", 3)
    page = client.get("/en/initiatives/").content.decode()
    assert f'href="{CSV_FILE}"' in page and f'href="{JSON_FILE}"' in page
    refused = client.get("/en/initiatives/download.json")
    assert refused.status_code == 400 and JSON_FILE in refused.content.decode()


def test_the_dcat_description_leads_harvesters_to_both_files(client):
    write()
    catalogue = json.loads(client.get("/catalog.jsonld").content)
    files = {
        d["dcat:downloadURL"]["@id"].removeprefix("http://testserver"): d
        for d in catalogue["dcat:dataset"][0]["dcat:distribution"]
        if "dcat:downloadURL" in d
    }
    assert set(files) == {CSV_FILE, JSON_FILE}
    for address, described in files.items():
        assert described["dcat:compressFormat"]["@id"].endswith("/application/gzip")
        assert gzip.decompress(file_bytes(client.get(address)))

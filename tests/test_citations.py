"""Citing a summary: the line on its page with the year of publication (a draft's preview: this
year, marked as a draft), and RIS, BibTeX and CSL-JSON files that reference managers read."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DraftFactory, InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime.datetime(2023, 3, 14, 10, 0))


@pytest.fixture
def summary(db):
    return InitiativeFactory(
        slug="harbour-patrols",
        title="Harbour patrols",
        lead="Night patrols at the harbour.",
        published_at=PUBLISHED,
        themes=[ThemeFactory(name="Drones"), ThemeFactory(name="Protection of public spaces")],
    )


def citation_line(response) -> str:
    (line,) = re.findall(r'<p class="citation">(.*?)</p>', response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", "", line)


def test_the_page_cites_the_year_of_publication(client, summary):
    line = citation_line(client.get(summary.get_absolute_url()))
    assert line == (
        "Efus. “Harbour patrols”. Urban security initiatives catalogue, 2023. "
        "http://testserver/en/initiatives/harbour-patrols/."
    )


def test_a_reviewed_summary_says_when(client, summary):
    summary.last_reviewed = datetime.date(2025, 6, 2)
    summary.save()
    line = citation_line(client.get(summary.get_absolute_url()))
    assert line.endswith("harbour-patrols/ (last reviewed 2 June 2025).")


def test_a_drafts_preview_cites_this_year_as_a_draft(client, editor, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2031, 5, 1, 12, 0)))
    client.force_login(editor)  # after the clock moved: the session would have expired
    draft = DraftFactory(title="Unfinished patrols")
    response = client.get(reverse("initiative-preview", args=[draft.pk]))
    line = citation_line(response)
    assert "catalogue, 2031 (draft)." in line and "catalogue, ." not in line
    # A draft has no public address yet: nothing to download.
    assert "cite.ris" not in response.content.decode()


def test_a_scheduled_summarys_preview_cites_its_coming_year(editor_client):
    later = timezone.now() + datetime.timedelta(days=400)
    scheduled = InitiativeFactory(published_at=later)
    line = citation_line(editor_client.get(reverse("initiative-preview", args=[scheduled.pk])))
    assert f"catalogue, {timezone.localdate(later).year}." in line


def test_the_page_offers_the_three_files(client, summary):
    page = client.get(summary.get_absolute_url()).content.decode()
    for extension, label in (("ris", "RIS"), ("bib", "BibTeX"), ("json", "CSL-JSON")):
        link = f'<a href="/en/initiatives/harbour-patrols/cite.{extension}" download>{label}</a>'
        assert link in page


def download(client, extension, language="en"):
    response = client.get(f"/{language}/initiatives/harbour-patrols/cite.{extension}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="efus-harbour-patrols.{extension}"'
    )
    return response


def test_ris(client, summary):
    response = download(client, "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    lines = response.content.decode().split("\r\n")
    assert lines[-1] == ""  # each line ended, the last one too
    records = [re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line) for line in lines[:-1]]
    assert all(records), lines
    tags = [(record[1], record[2]) for record in records]
    assert tags[0] == ("TY", "RPRT") and tags[-1] == ("ER", "")
    fields = dict(tags)
    assert fields["AU"] == "Efus"  # one name: an organisation, not "Efus, ?"
    assert fields["TI"] == "Harbour patrols"
    assert fields["PY"] == "2023" and fields["DA"] == "2023/03/14"
    assert fields["UR"] == "http://testserver/en/initiatives/harbour-patrols/"
    assert fields["AB"] == "Night patrols at the harbour."
    assert [value for tag, value in tags if tag == "KW"] == [
        "Drones",
        "Protection of public spaces",
    ]


def test_a_line_break_in_a_title_stays_within_its_ris_line(client, summary):
    summary.lead = "First line.\nER  - a forged end\r\nTY  - JOUR"
    summary.save()
    lines = download(client, "ris").content.decode().split("\r\n")
    assert [line for line in lines if line.startswith("ER  -")] == ["ER  - "]
    assert "AB  - First line. ER - a forged end TY - JOUR" in lines


def balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex(client, summary):
    response = download(client, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    text = response.content.decode()
    assert balanced(text)
    assert text.startswith("@misc{efus-harbour-patrols,\n")
    assert "  author = {{Efus}},\n" in text  # braced: an organisation, never "E. Efus"
    assert "  title = {{Harbour patrols}},\n" in text
    assert "  year = {2023},\n" in text
    assert "  url = {http://testserver/en/initiatives/harbour-patrols/},\n" in text


def test_bibtex_escapes_what_latex_would_read_as_commands(client, summary):
    summary.title = "Costs {of} 100% & $5_000 #1 ~ ^ \\ } {"
    summary.save()
    text = download(client, "bib").content.decode()
    assert balanced(text)
    (title,) = re.findall(r"  title = \{\{(.*)\}\},\n", text)
    assert title == (
        r"Costs \textbraceleft{}of\textbraceright{} 100\% \& \$5\_000 \#1 "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} \textbraceright{} "
        r"\textbraceleft{}"
    )


def test_csl_json(client, summary):
    response = download(client, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = json.loads(response.content)
    assert item["id"] == "efus-harbour-patrols" and item["type"] == "report"
    assert item["title"] == "Harbour patrols"
    assert item["author"] == [{"literal": "Efus"}]
    assert item["issued"] == {"date-parts": [[2023, 3, 14]]}
    assert item["URL"] == "http://testserver/en/initiatives/harbour-patrols/"
    assert item["container-title"] == "Urban security initiatives catalogue"
    assert item["accessed"]["date-parts"][0][0] == timezone.localdate().year


def test_a_french_citation_names_the_catalogue_in_french(client, summary):
    text = download(client, "bib", language="fr").content.decode()
    assert "howpublished = {Catalogue des initiatives de sécurité urbaine}" in text
    assert "url = {http://testserver/fr/initiatives/harbour-patrols/}" in text
    (item,) = json.loads(download(client, "json", language="fr").content)
    assert item["container-title"] == "Catalogue des initiatives de sécurité urbaine"

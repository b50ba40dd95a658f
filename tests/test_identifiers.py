"""Addresses that last: a renamed summary or news item keeps answering at its old address with
a 301 to the new one, and every initiative has a permanent short address, /i/<id>/."""

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative, InitiativeSlug, NewsItem
from tests.factories import InitiativeFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def renamed(item, slug):
    item.slug = slug
    item.save()
    return item


def moved_to(response) -> str:
    assert response.status_code == 301
    return response["Location"]


def test_an_old_address_leads_to_the_new_one_in_its_language(client):
    initiative = renamed(InitiativeFactory(slug="harbour-patrols"), "night-harbour-patrols")
    assert moved_to(client.get("/en/initiatives/harbour-patrols/")) == (
        "/en/initiatives/night-harbour-patrols/"
    )
    assert moved_to(client.get("/fr/initiatives/harbour-patrols/")) == (
        "/fr/initiatives/night-harbour-patrols/"
    )
    assert client.get(initiative.get_absolute_url()).status_code == 200


def test_every_former_slug_leads_to_the_latest(client):
    initiative = InitiativeFactory(slug="first")
    renamed(initiative, "second")
    renamed(initiative, "third")
    for old in ("first", "second"):
        assert moved_to(client.get(f"/en/initiatives/{old}/")) == "/en/initiatives/third/"
    renamed(initiative, "first")  # taken back: its own again, no longer a former slug
    assert client.get("/en/initiatives/first/").status_code == 200
    assert moved_to(client.get("/en/initiatives/third/")) == "/en/initiatives/first/"
    assert set(initiative.former_slugs.values_list("slug", flat=True)) == {"second", "third"}


def test_a_slug_given_to_another_summary_is_that_summarys_address(client):
    renamed(InitiativeFactory(slug="patrols"), "harbour-patrols")
    newcomer = InitiativeFactory(slug="patrols", title="Another summary")
    response = client.get("/en/initiatives/patrols/")
    assert response.status_code == 200 and response.context["initiative"] == newcomer


def test_the_last_summary_to_leave_a_slug_keeps_it(client):
    first = renamed(InitiativeFactory(slug="patrols"), "first-patrols")
    second = renamed(InitiativeFactory(slug="patrols"), "second-patrols")
    assert moved_to(client.get("/en/initiatives/patrols/")) == second.get_absolute_url()
    assert first.former_slugs.count() == 0


def test_a_bulk_rename_is_recorded_too(client):
    """As an import or a shell session renames: the database records it, not the admin."""
    initiative = InitiativeFactory(slug="bulk-old")
    Initiative.objects.filter(pk=initiative.pk).update(slug="bulk-new")
    assert InitiativeSlug.objects.get(slug="bulk-old").initiative == initiative
    assert moved_to(client.get("/en/initiatives/bulk-old/")) == "/en/initiatives/bulk-new/"


def test_saving_without_a_new_slug_records_nothing():
    initiative = InitiativeFactory()
    initiative.title = "Renamed title, same address"
    initiative.save()
    assert not InitiativeSlug.objects.exists()


def test_a_renamed_news_item_keeps_its_old_address(client):
    renamed(NewsItemFactory(slug="harbour-news"), "harbour-news-2024")
    assert moved_to(client.get("/en/news/harbour-news/")) == "/en/news/harbour-news-2024/"
    assert NewsItem.objects.get().former_slugs.get().slug == "harbour-news"


def test_a_citation_file_follows_its_summary(client):
    renamed(InitiativeFactory(slug="old-name"), "new-name")
    assert moved_to(client.get("/en/initiatives/old-name/cite.bib")) == (
        "/en/initiatives/new-name/cite.bib"
    )


def test_an_unknown_slug_is_still_a_404(client):
    assert client.get("/en/initiatives/never-was/").status_code == 404
    assert client.get("/en/news/never-was/").status_code == 404
    assert client.get("/en/initiatives/never-was/cite.ris").status_code == 404
    assert client.get("/en/initiatives/x/cite.pdf").status_code == 404


# --- permanent short addresses ----------------------------------------------------------------


def test_a_short_address_leads_to_the_summary_in_the_visitors_language(client):
    initiative = InitiativeFactory(slug="harbour-patrols")
    short = reverse("short-url", args=[initiative.pk])
    assert short == f"/i/{initiative.pk}/"
    assert moved_to(client.get(short)) == "/en/initiatives/harbour-patrols/"
    french = client.get(short, headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert moved_to(french) == "/fr/initiatives/harbour-patrols/"
    # Private: another visitor's language must not be served from a shared cache.
    assert "private" in french["Cache-Control"]


def test_a_short_address_survives_a_change_of_slug(client):
    initiative = InitiativeFactory(slug="before")
    short = f"/i/{initiative.pk}/"
    renamed(initiative, "after")
    assert moved_to(client.get(short)) == "/en/initiatives/after/"


def test_a_translation_has_a_short_address_of_its_own(client):
    original = InitiativeFactory(language="en")
    french = InitiativeFactory(language="fr", translation_of=original, slug="patrouilles")
    with translation.override("fr"):
        expected = french.get_absolute_url()
    response = client.get(f"/i/{french.pk}/", headers={"accept-language": "fr"})
    assert moved_to(response) == expected


@pytest.mark.parametrize("address", ["/i/0/", "/i/99999999999999999999/", "/i/abc/", "/i/-1/"])
def test_a_short_address_that_leads_nowhere_is_a_404(client, address):
    assert client.get(address).status_code == 404


def test_the_admin_form_shows_what_a_rename_left_behind(admin_client):
    initiative = renamed(InitiativeFactory(slug="harbour-patrols"), "night-harbour-patrols")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    page = admin_client.get(url).content.decode()
    assert "<code>/en/initiatives/harbour-patrols/</code>" in page
    news = renamed(NewsItemFactory(slug="harbour-news"), "harbour-news-2026")
    page = admin_client.get(reverse("admin:initiatives_newsitem_change", args=[news.pk]))
    assert "<code>/en/news/harbour-news/</code>" in page.content.decode()
    fresh = admin_client.get(reverse("admin:initiatives_initiative_add")).content.decode()
    assert "this address has not changed" in fresh

"""What a summary page links to: related initiatives, the news that mention it, best first, and
only what is public."""

import datetime
import importlib

import pytest
from django.db import connection
from django.utils import timezone

from initiatives.models import Initiative, Status
from initiatives.related import POOL as RELATED_POOL
from tests.factories import (
    CityFactory,
    DraftFactory,
    InitiativeFactory,
    NewsItemFactory,
    ProjectFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def related_titles(client, initiative) -> list[str]:
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    return [other.title for other in response.context["related"]]


def test_more_in_common_comes_first(client):
    lyon, nice = CityFactory(name="Lyon"), CityFactory(name="Nice")
    drones, events, youth = ThemeFactory(), ThemeFactory(), ThemeFactory()
    icarus = ProjectFactory()
    subject = InitiativeFactory(cities=[lyon, nice], themes=[drones, events], project=icarus)
    InitiativeFactory(
        title="Only a theme",
        cities=[CityFactory()],
        themes=[drones],
        start_year=2025,
        end_year=None,
    )
    InitiativeFactory(title="Same city", cities=[lyon], themes=[youth])
    InitiativeFactory(title="Same city and project", cities=[lyon], themes=[youth], project=icarus)
    InitiativeFactory(
        title="Both cities", cities=[nice, lyon], themes=[youth], start_year=2001, end_year=None
    )
    InitiativeFactory(title="Same city, two themes", cities=[nice], themes=[drones, events])
    InitiativeFactory(title="Nothing shared", cities=[CityFactory()], themes=[youth])
    assert related_titles(client, subject) == [
        "Both cities",
        "Same city and project",
        "Same city, two themes",
        "Same city",
        "Only a theme",
    ]


def test_the_best_are_found_beyond_the_newest_sharing_one_thing(client):
    """Many newer initiatives share only a theme; an older one in the same city still leads."""
    city, theme = CityFactory(), ThemeFactory()
    subject = InitiativeFactory(cities=[city], themes=[theme])
    Initiative.objects.bulk_create(
        InitiativeFactory.build(slug=f"theme-only-{n}", start_year=2025, end_year=None)
        for n in range(RELATED_POOL + 10)
    )
    for initiative in Initiative.objects.filter(slug__startswith="theme-only-"):
        initiative.themes.set([theme])
        initiative.cities.set([CityFactory()])
    InitiativeFactory(title="Old neighbour", cities=[city], start_year=1995, end_year=1996)
    titles = related_titles(client, subject)
    assert titles[0] == "Old neighbour"
    assert len(titles) == 5


def test_hidden_initiatives_are_never_related(client):
    city = CityFactory()
    subject = InitiativeFactory(cities=[city])
    DraftFactory(title="A draft next door", cities=[city])
    InitiativeFactory(title="In review", cities=[city], status=Status.REVIEW, published_at=None)
    InitiativeFactory(
        title="Scheduled",
        cities=[city],
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    InitiativeFactory(title="Public neighbour", cities=[city])
    assert related_titles(client, subject) == ["Public neighbour"]


def test_news_that_mention_it_newest_first_public_only(client):
    subject = InitiativeFactory()
    older = NewsItemFactory(title="First flights", date=datetime.date(2024, 3, 1))
    newer = NewsItemFactory(title="A year of flights", date=datetime.date(2025, 3, 1))
    draft = NewsItemFactory(title="Unannounced", status=Status.DRAFT, published_at=None)
    scheduled = NewsItemFactory(
        title="Coming soon", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    for item in (older, newer, draft, scheduled):
        item.initiatives.add(subject)
    NewsItemFactory(title="About something else")
    response = client.get(subject.get_absolute_url())
    assert [item.title for item in response.context["news"]] == [
        "A year of flights",
        "First flights",
    ]
    page = response.content.decode()
    assert "In the news" in page and newer.get_absolute_url() in page
    assert '<time datetime="2024-03-01">1 March 2024</time>' in page
    assert "Unannounced" not in page and "Coming soon" not in page


def test_a_lone_initiative_has_no_related_section(client):
    subject = InitiativeFactory()
    page = client.get(subject.get_absolute_url()).content.decode()
    assert "Related initiatives" not in page and "In the news" not in page


def test_an_editors_preview_of_a_draft_links_to_public_content_only(editor_client):
    city = CityFactory(name="Liège")
    draft = DraftFactory(title="Drone pilots' charter", cities=[city])
    InitiativeFactory(title="Public neighbour", cities=[city])
    DraftFactory(title="Unpublished neighbour", cities=[city])
    public = NewsItemFactory(title="Charter signed")
    scheduled = NewsItemFactory(
        title="Charter extended", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    for item in (public, scheduled):
        item.initiatives.add(draft)
    page = editor_client.get(f"/preview/initiatives/{draft.pk}/").content.decode()
    assert "Drone pilots" in page and "Preview for editors" in page
    assert "Public neighbour" in page and "Charter signed" in page
    assert "Unpublished neighbour" not in page and "Charter extended" not in page


def test_related_initiatives_follow_what_editors_change(client):
    """The pools related initiatives are drawn from are kept by the database: a city added or
    removed, a summary sent back to draft or published again, made a translation, or dated
    anew."""
    city = CityFactory()
    subject = InitiativeFactory(cities=[city])
    older = InitiativeFactory(title="Older", cities=[city], start_year=2010, end_year=None)
    newer = InitiativeFactory(title="Newer", cities=[CityFactory()], start_year=2012)
    assert related_titles(client, subject) == ["Older"]

    newer.cities.add(city)
    assert related_titles(client, subject) == ["Newer", "Older"]
    older.start_year = 2020
    older.save()
    assert related_titles(client, subject) == ["Older", "Newer"]

    older.status = Status.DRAFT
    older.save()
    assert related_titles(client, subject) == ["Newer"]
    older.status = Status.PUBLISHED
    older.save()
    assert related_titles(client, subject) == ["Older", "Newer"]

    newer.translation_of = InitiativeFactory(cities=[CityFactory()])
    newer.language = "fr"
    newer.save()
    assert related_titles(client, subject) == ["Older"]
    older.cities.remove(city)
    assert related_titles(client, subject) == []


def test_the_pools_hold_exactly_the_public_originals_after_any_change():
    """Whatever editors, imports or the shell do, the pools are what migration 0023 would fill
    them with now: deletions of initiatives, cities, themes and projects, bulk updates."""
    cities, themes = CityFactory.create_batch(3), ThemeFactory.create_batch(3)
    project = ProjectFactory()
    kept = [
        InitiativeFactory(cities=cities[:2], themes=themes[:2], project=project),
        InitiativeFactory(cities=cities[1:], themes=themes[1:]),
        InitiativeFactory(cities=[cities[2]], themes=[themes[0]], project=project),
    ]
    gone = InitiativeFactory(cities=cities, themes=themes)
    DraftFactory(cities=cities, themes=themes)
    gone.delete()
    cities[0].delete()
    themes[2].delete()
    project.delete()
    Initiative.objects.filter(pk=kept[1].pk).update(status=Status.REVIEW)
    Initiative.objects.filter(pk=kept[2].pk).update(start_year=2001, end_year=None)
    translation = InitiativeFactory(cities=[cities[1]], themes=[themes[1]])
    Initiative.objects.filter(pk=translation.pk).update(translation_of=kept[0], language="fr")

    assert pool_rows() == rows_the_migration_would_fill()
    assert {row[0] for row in pool_rows()} == {kept[0].pk, kept[2].pk}


POOL_COLUMNS = (
    "initiative_id, city_id, theme_id, project_id, start_year, published_at, city_ids, theme_ids"
)


def pool_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {POOL_COLUMNS} FROM initiatives_poolentry ORDER BY 1, 2, 3")
        return cursor.fetchall()


def rows_the_migration_would_fill() -> list[tuple]:
    migration = importlib.import_module("initiatives.migrations.0023_related_pools")
    select = migration.FILL.split("SELECT", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM (SELECT {select}) AS filled ORDER BY 1, 2, 3")
        return cursor.fetchall()

"""The whole catalogue's counts are cached, and never outlive a change to the catalogue."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.catalogue_counts import catalogue_state
from initiatives.models import Initiative, Status, Theme
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("initiatives:list")


def theme_count(response, slug):
    facets = {group["name"]: group for group in response.context["facets"]}
    return {option["value"]: option["count"] for option in facets["theme"]["options"]}.get(slug)


@pytest.mark.usefixtures("no_kept_pages")
def test_unfiltered_counts_are_computed_once_per_version(client, demo):
    first = client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(LIST)
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if "GROUPING SETS" in sql]  # no facet count
    assert any("efus_catalogue_version" in sql for sql in statements)
    assert again.context["result"].total == first.context["result"].total
    assert theme_count(again, "drones") == theme_count(first, "drones")


@pytest.mark.parametrize(
    "change",
    [
        lambda theme: InitiativeFactory(themes=[theme]),  # admin-like save
        lambda theme: (
            Initiative.objects.filter(themes=theme)  # bulk SQL, no signals
            .filter(pk__in=Initiative.objects.filter(themes=theme).values("pk")[:1])
            .update(status=Status.DRAFT)
        ),
        lambda theme: Initiative.themes.through.objects.filter(theme=theme).delete(),
    ],
)
def test_any_change_to_the_catalogue_shows_at_once(client, demo, change):
    theme = Theme.objects.get(slug="drones")
    before = client.get(LIST)
    version = catalogue_state()[0]
    change(theme)
    assert catalogue_state()[0] > version
    after = client.get(LIST)
    assert theme_count(after, "drones") != theme_count(before, "drones")
    home = client.get(reverse("home")).content.decode()
    assert f"{after.context['result'].total} urban-security initiatives" in home


def test_scheduled_publication_is_counted_when_due_without_any_write(client, db, time_machine):
    InitiativeFactory()
    # Due before the cache's own expiry (MAX_AGE), so only the due date can end the entry.
    due = timezone.now() + datetime.timedelta(seconds=120)
    InitiativeFactory(published_at=due)
    assert client.get(LIST).context["result"].total == 1  # cached, until the second is due
    time_machine.move_to(due + datetime.timedelta(seconds=1))
    assert client.get(LIST).context["result"].total == 2


# --- searches and filtered lists ---------------------------------------------------------------

SEARCH = {"q": "drones", "country": "FR"}


def titles_of(response) -> list[str]:
    return [initiative.title for initiative in response.context["initiatives"]]


@pytest.mark.usefixtures("no_kept_pages")
def test_a_search_asked_again_is_answered_from_the_cache(client, demo):
    first = client.get(LIST, SEARCH)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(LIST, SEARCH)
    statements = [query["sql"] for query in queries.captured_queries]
    # Only the versions: the page's validator and the catalogue's, under which all is cached.
    assert len(statements) == 2, statements
    assert all("last_value" in sql for sql in statements)
    assert again.context["result"].total == first.context["result"].total > 0
    assert titles_of(again) == titles_of(first)
    # Another page, order or query is another answer.
    newest = client.get(LIST, {**SEARCH, "sort": "title"})
    assert titles_of(newest) == sorted(titles_of(first))


def test_a_cached_search_shows_a_change_at_once(client, demo):
    before = client.get(LIST, SEARCH)
    nice = demo_city("nice")
    InitiativeFactory(
        title="Drones over the Promenade", cities=[nice], start_year=2026, end_year=None
    )
    after = client.get(LIST, SEARCH)
    assert after.context["result"].total == before.context["result"].total + 1
    assert "Drones over the Promenade" in titles_of(after)
    Initiative.objects.filter(title="Drones over the Promenade").update(status=Status.DRAFT)
    assert client.get(LIST, SEARCH).context["result"].total == before.context["result"].total


def test_a_cached_search_shows_a_scheduled_item_when_due(client, demo, time_machine):
    nice = demo_city("nice")
    due = timezone.now() + datetime.timedelta(seconds=120)
    InitiativeFactory(title="Drones at the carnival", cities=[nice], published_at=due)
    assert "Drones at the carnival" not in titles_of(client.get(LIST, SEARCH))
    time_machine.move_to(due + datetime.timedelta(seconds=1))
    assert "Drones at the carnival" in titles_of(client.get(LIST, SEARCH))


@pytest.mark.usefixtures("no_kept_pages")
def test_a_corrected_search_is_cached_and_still_corrected(client, demo):
    first = client.get(LIST, {"q": "dornes"})
    again = client.get(LIST, {"q": "dornes"})
    for response in (first, again):
        assert response.context["result"].plan.corrected
        assert response.context["result"].plan.text == "drones"
    assert titles_of(again) == titles_of(first)


def demo_city(slug):
    from initiatives.models import City

    return City.objects.get(slug=slug)

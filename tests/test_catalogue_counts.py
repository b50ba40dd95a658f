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


def test_unfiltered_counts_are_computed_once_per_version(client, demo):
    first = client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(LIST)
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith("WITH matches")]  # no facet count
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

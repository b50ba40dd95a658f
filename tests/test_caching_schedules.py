"""Scheduled publications end a public page's freshness, its ETag and its kept copy the moment
they come due, though nothing is written then (efus_catalogue/http_cache.py). On a catalogue of
the tests' own: the demo's dates would be scheduled items too at these test dates."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import InitiativeFactory, NewsItemFactory

pytestmark = pytest.mark.django_db
LIST = reverse("initiatives:list")


def revalidate(client, url, etag, **headers):
    return client.get(url, headers={"if-none-match": etag, **headers})


def test_a_scheduled_publication_ends_freshness_and_changes_the_etag(client, db, time_machine):
    # At the start of a validator period, so that only the due date can change the ETag.
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    InitiativeFactory(title="Already public")
    due = start + datetime.timedelta(seconds=40)
    InitiativeFactory(title="Harbour patrols", published_at=due)
    before = client.get(LIST)
    assert before.context["result"].total == 1
    assert before["Cache-Control"] == "public, max-age=40"  # not fresh past the due date
    time_machine.move_to(start + datetime.timedelta(seconds=30), tick=False)
    assert revalidate(client, LIST, before["ETag"]).status_code == 304
    assert client.get(LIST)["Cache-Control"] == "public, max-age=10"
    time_machine.move_to(due + datetime.timedelta(seconds=1), tick=False)
    after = revalidate(client, LIST, before["ETag"])
    assert after.status_code == 200 and after.context["result"].total == 2
    assert after["Cache-Control"] == "public, max-age=60"


def test_a_scheduled_news_item_counts_too(client, db, time_machine):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    NewsItemFactory(published_at=start + datetime.timedelta(seconds=20))
    assert client.get(reverse("news:list"))["Cache-Control"] == "public, max-age=20"


def test_a_kept_page_ends_when_a_scheduled_initiative_is_due(client, db, time_machine):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    InitiativeFactory(title="Already public")
    due = start + datetime.timedelta(seconds=40)
    InitiativeFactory(title="Harbour patrols", published_at=due)
    assert "Harbour patrols" not in client.get(LIST).content.decode()
    time_machine.move_to(start + datetime.timedelta(seconds=30), tick=False)
    assert "Harbour patrols" not in client.get(LIST).content.decode()
    time_machine.move_to(due + datetime.timedelta(seconds=1), tick=False)
    assert "Harbour patrols" in client.get(LIST).content.decode()

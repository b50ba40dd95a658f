"""The typo fallbacks keep what a query requires: its phrases, its exclusions, its best titles."""

import pytest
from django.urls import reverse

from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("initiatives:list")


def test_exclusions_that_leave_nothing_are_the_answer_not_a_typo(client, db):
    InitiativeFactory(title="Online grooming awareness", lead="Sessions in schools for parents.")
    answers = {
        query: client.get(LIST, {"q": query})
        for query in ("grooming -schools", "groomign -schools")
    }
    for query, response in answers.items():
        assert response.context["result"].total == 0, query
        assert "Online grooming awareness" not in response.content.decode(), query
    assert not answers["grooming -schools"].context["result"].plan.fuzzy


def test_similarity_fallback_keeps_phrases_and_exclusions(client, db):
    zeebrugge = CityFactory(name="Zeebrugge", slug="zeebrugge")
    kept = InitiativeFactory(
        title="Quay lighting", lead="A harbour patrol at night.", cities=[zeebrugge]
    )
    InitiativeFactory(title="Ferry queues", lead="Queues at the terminal.", cities=[zeebrugge])
    InitiativeFactory(title="Dock cameras", lead="Cameras on the docks.", cities=[zeebrugge])

    def found(query):
        response = client.get(LIST, {"q": query})
        assert response.context["result"].plan.fuzzy, query  # nothing contains "xqzv"
        return {initiative.title for initiative in response.context["initiatives"]}

    assert found("Zeebruge xqzv") == {"Quay lighting", "Ferry queues", "Dock cameras"}
    assert found('"harbour patrol" Zeebruge xqzv') == {kept.title}
    assert found("Zeebruge xqzv -queues -cameras") == {kept.title}


def test_similarity_ties_are_broken_by_the_title(client, db):
    zeebrugge = CityFactory(name="Zeebrugge", slug="zeebrugge")
    for title, year in [("Night buses", 2024), ("Library hours", 2022)]:
        InitiativeFactory(title=title, start_year=year, end_year=None, cities=[zeebrugge])
    oldest = InitiativeFactory(
        title="Zeebrugge harbour lighting", start_year=2010, end_year=None, cities=[zeebrugge]
    )
    response = client.get(LIST, {"q": "Zeebruge xqzv"})
    shown = [initiative.pk for initiative in response.context["initiatives"]]
    # Every initiative of the city resembles the words as much as the city's name does; the
    # one whose title resembles them too comes first, though it is the oldest.
    assert len(shown) == 3 and shown[0] == oldest.pk

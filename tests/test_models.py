"""The database refuses inconsistent content, whoever writes it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from initiatives.models import Initiative, Status
from tests.factories import (
    CityFactory,
    DraftFactory,
    InitiativeFactory,
    ManifestoFactory,
    ProjectFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(**changes):
    initiative = InitiativeFactory()
    for field, value in changes.items():
        setattr(initiative, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        initiative.save()


def test_end_year_before_start_year_is_refused():
    refused_by_database(start_year=2022, end_year=2020)


def test_negative_budget_is_refused():
    refused_by_database(budget_eur=-1)


def test_year_outside_sane_range_is_refused():
    refused_by_database(start_year=1200, end_year=None)


def test_published_initiative_needs_every_section():
    refused_by_database(evaluation="")


def test_published_item_needs_publication_date():
    refused_by_database(published_at=None)


def test_draft_may_be_incomplete():
    draft = DraftFactory(evaluation="", activities="")
    assert Initiative.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()


def test_duplicate_slug_is_refused():
    InitiativeFactory(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(slug="same-slug")


def test_model_validation_names_the_fields():
    initiative = InitiativeFactory.build(start_year=2022, end_year=2020, budget_eur=-5)
    with pytest.raises(ValidationError) as caught:
        initiative.full_clean()
    messages = str(caught.value)
    assert "budget" in messages.lower()
    assert "end year cannot be before the start year" in messages


def test_recommendation_numbers_are_unique_within_a_manifesto():
    manifesto = ManifestoFactory()
    RecommendationFactory(manifesto=manifesto, number=1)
    RecommendationFactory(manifesto=ManifestoFactory(year=2024), number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(manifesto=manifesto, number=1)


def test_city_coordinates_must_be_on_earth():
    city = CityFactory()
    city.latitude = 123
    with pytest.raises(IntegrityError), transaction.atomic():
        city.save()


def test_keywords_follow_themes_cities_and_project():
    """The search vector can weigh related names because triggers copy them into the row."""
    theme = ThemeFactory(name="Drones")
    city = CityFactory(name="Mechelen")
    project = ProjectFactory(acronym="TRANSCEND")
    initiative = InitiativeFactory(themes=[theme], cities=[city], project=project)
    initiative.refresh_from_db()
    assert {"Drones", "Mechelen", "TRANSCEND"} <= set(initiative.keywords.split())

    theme.name = "Unmanned aircraft"
    theme.save()
    initiative.cities.clear()
    initiative.refresh_from_db()
    assert "Unmanned aircraft" in initiative.keywords
    assert "Mechelen" not in initiative.keywords


def test_saving_from_python_does_not_erase_keywords():
    initiative = InitiativeFactory(themes=[ThemeFactory(name="Cybercrime")])
    stale = Initiative.objects.get(pk=initiative.pk)
    stale.keywords = ""
    stale.title = "Renamed"
    stale.save()
    stale.refresh_from_db()
    assert "Cybercrime" in stale.keywords

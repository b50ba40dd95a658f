"""The demo catalogue: rich enough to explore, and safe to load again."""

import pytest
from django.db.models import Count

from initiatives.demo import load_demo
from initiatives.models import (
    SECTIONS,
    City,
    Initiative,
    Manifesto,
    NewsItem,
    Recommendation,
    Status,
    Theme,
)

pytestmark = pytest.mark.django_db


def test_demo_covers_the_catalogue(demo):
    published = Initiative.objects.published()
    assert published.count() >= 30
    assert City.objects.filter(initiatives__in=published).distinct().count() >= 15
    countries = City.objects.filter(initiatives__in=published).values("country").distinct()
    assert countries.count() >= 10
    uncovered = Theme.objects.annotate(n=Count("initiatives")).filter(n=0)
    assert list(uncovered) == []
    assert NewsItem.objects.published().count() >= 10
    manifesto = Manifesto.objects.published().get(year=2025)
    assert manifesto.recommendations.count() >= 6
    assert not Recommendation.objects.annotate(n=Count("themes")).filter(n=0).exists()


def test_demo_has_complete_summaries_and_variety(demo):
    for initiative in Initiative.objects.published():
        for section in SECTIONS:
            assert getattr(initiative, section).strip(), (initiative.slug, section)
    languages = set(Initiative.objects.values_list("language", flat=True))
    assert {"en", "fr"} <= languages
    evaluations = set(Initiative.objects.values_list("evaluation_type", flat=True))
    assert len(evaluations) == 4
    assert Initiative.objects.exclude(status=Status.PUBLISHED).count() >= 2


def test_loading_twice_duplicates_nothing(demo):
    counts = {model: model.objects.count() for model in (Initiative, NewsItem, Theme, City)}
    report = load_demo(glossary=False, translated_summaries=False)  # as `demo` loaded it
    assert report.created == {}
    assert {model: model.objects.count() for model in counts} == counts


def test_loading_again_keeps_admin_edits(demo):
    initiative = Initiative.objects.get(slug="nice-drone-regulation-events")
    initiative.title = "Edited by an editor"
    initiative.save()
    initiative.themes.clear()
    load_demo()
    initiative.refresh_from_db()
    assert initiative.title == "Edited by an editor"
    assert initiative.themes.count() == 0

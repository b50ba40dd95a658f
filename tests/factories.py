"""Small factories for test data: published, complete initiatives unless told otherwise."""

import datetime

import factory
from django.utils import timezone

from initiatives.models import (
    City,
    Initiative,
    Manifesto,
    NewsItem,
    Project,
    Recommendation,
    Status,
    Theme,
)

A_WHILE_AGO = timezone.make_aware(datetime.datetime(2024, 1, 15, 9, 0))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "A theme for tests."


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "BE"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    start_year = 2020
    end_year = 2024


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Initiative number {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    lead = "A short summary of the initiative."
    context = "Why the city acted."
    objectives = "What the city wanted."
    activities = "What the city did."
    budget = "What it cost."
    evaluation = "Whether it worked."
    budget_eur = 10000
    start_year = 2021
    end_year = 2022
    status = Status.PUBLISHED
    published_at = A_WHILE_AGO

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create:
            self.cities.set(extracted if extracted is not None else [CityFactory()])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else [ThemeFactory()])


class DraftFactory(InitiativeFactory):
    status = Status.DRAFT
    published_at = None


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"News {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = datetime.date(2024, 5, 1)
    lead = "Something happened."
    body = "More about it."
    status = Status.PUBLISHED
    published_at = A_WHILE_AGO


class ManifestoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Manifesto

    title = factory.Sequence(lambda n: f"Manifesto {n}")
    year = 2025
    introduction = "What we believe."
    status = Status.PUBLISHED
    published_at = A_WHILE_AGO


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    manifesto = factory.SubFactory(ManifestoFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    text = "Do the right thing."

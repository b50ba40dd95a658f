"""Helpers for tests that drive the admin: its URLs and the initiative form's fields."""

from django.urls import reverse

from initiatives.models import Status
from tests.factories import CityFactory, ThemeFactory


def initiative_form(**overrides):
    data = {
        "title": "Night buses against street harassment",
        "slug": "night-buses-against-street-harassment",
        "lead": "A night bus service that stops on request.",
        "cities": [CityFactory().pk],
        "themes": [ThemeFactory().pk],
        "start_year": 2024,
        "end_year": "",
        "language": "en",
        "context": "Context.",
        "objectives": "Objectives.",
        "activities": "Activities.",
        "budget": "Budget.",
        "budget_eur": "50000",
        "evaluation": "Evaluation.",
        "evaluation_type": "none",
        "outcome": "too_early",
        "status": Status.DRAFT,
        "partners": "",
        "contact": "",
        "source_url": "",
    }
    data.update(overrides)
    return data


def change_url(obj):
    return reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:initiatives_{model._meta.model_name}_changelist")


def form_data(initiative, **overrides):
    data = initiative_form(
        title=initiative.title,
        slug=initiative.slug,
        cities=[city.pk for city in initiative.cities.all()],
        themes=[theme.pk for theme in initiative.themes.all()],
        context=initiative.context,
        objectives=initiative.objectives,
        activities=initiative.activities,
        budget=initiative.budget,
        evaluation=initiative.evaluation,
    )
    data.pop("status")
    data.update(overrides)
    return data


def run_action(client, model, action, objects):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )

"""Editors work in the admin on content, and nothing else."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from initiatives.models import Initiative, Status
from tests.admin_helpers import initiative_form
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_editor_can_add_an_initiative(editor_client):
    response = editor_client.post(reverse("admin:initiatives_initiative_add"), initiative_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Initiative.objects.get(slug="night-buses-against-street-harassment")
    assert created.status == Status.DRAFT
    assert created.cities.count() == 1


def test_editor_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_add")).status_code == 403


def test_editors_group_has_exactly_content_permissions():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert "add_initiative" in codenames and "change_newsitem" in codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
    assert not {c for c in codenames if c.startswith("delete_")}


def test_admin_form_refuses_bad_values_with_field_messages(editor_client):
    response = editor_client.post(
        reverse("admin:initiatives_initiative_add"),
        initiative_form(
            budget_eur="-10", start_year="2024", end_year="2020", source_url="not a url"
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "budget_eur" in errors
    assert "source_url" in errors
    assert not Initiative.objects.exists()


def test_view_on_site_only_for_public_items(admin_client):
    published = InitiativeFactory()
    page = admin_client.get(reverse("admin:initiatives_initiative_change", args=[published.pk]))
    assert b"View on site" in page.content
    published.status = Status.DRAFT
    published.save()
    page = admin_client.get(reverse("admin:initiatives_initiative_change", args=[published.pk]))
    assert b"View on site" not in page.content


def test_the_country_filter_lists_only_countries_in_use(client, publisher, demo):
    from initiatives.models import City

    client.force_login(publisher)
    page = client.get(reverse("admin:initiatives_initiative_changelist")).content.decode()
    used = set(City.objects.filter(initiatives__isnull=False).values_list("country", flat=True))
    assert "?country=BE" in page
    assert "?country=JP" not in page  # Japan: in django-countries, in no initiative
    linked = set(re.findall(r"\?country=([A-Z]{2})", page))
    assert linked == used
    belgian = client.get(reverse("admin:initiatives_initiative_changelist"), {"country": "BE"})
    shown = belgian.context["cl"].result_count
    assert shown == Initiative.objects.filter(cities__country="BE").distinct().count()

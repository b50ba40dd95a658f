"""Initiatives side by side (/compare/, issue 17): two to four public initiatives, the rest
explained; drafts never shown."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import DraftFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

COMPARE = reverse("initiatives:compare")


def slugs(count):
    return list(
        Initiative.objects.published()
        .one_per_initiative()
        .order_by("slug")
        .values_list("slug", flat=True)[:count]
    )


def compare(client, chosen):
    return client.get(COMPARE, {"i": chosen})


def test_two_initiatives_side_by_side(client):
    chosen = slugs(2)
    response = compare(client, chosen)
    assert response.status_code == 200
    compared = response.context["comparison"].initiatives
    assert [item.slug for item in compared] == chosen
    page = response.content.decode()
    for label in [
        "Place",
        "Years",
        "Budget",
        "Cost per person reached",
        "Funding",
        "Results",
        "Evaluation",
        "Evaluated by",
        "Outcome",
        "Last reviewed",
        "Context",
        "Objectives",
        "Activities",
    ]:
        assert f">{label}" in page, label
    for item in compared:
        assert item.title in page or item.title.replace("'", "&#x27;") in page


def test_rows_that_differ_are_marked(client):
    chosen = slugs(2)
    response = compare(client, chosen)
    facts = {str(row["label"]): row for row in response.context["comparison"].facts()}
    first, second = (Initiative.objects.get(slug=slug) for slug in chosen)
    assert facts["Years"]["differs"] == (first.years != second.years)
    assert "(differs)" in response.content.decode()


def test_four_initiatives_in_the_order_asked(client):
    chosen = list(reversed(slugs(4)))
    response = compare(client, chosen)
    assert response.status_code == 200
    assert [item.slug for item in response.context["comparison"].initiatives] == chosen


def test_five_initiatives_are_refused_with_a_message(client):
    response = compare(client, slugs(5))
    assert response.status_code == 400
    assert "at most 4" in response.content.decode()


def test_unknown_and_draft_slugs_are_named_and_the_rest_compared(client):
    draft = DraftFactory(title="A secret draft plan")
    chosen = [*slugs(2), "no-such-initiative", draft.slug]
    response = compare(client, chosen)
    assert response.status_code == 200
    page = response.content.decode()
    assert len(response.context["comparison"].initiatives) == 2
    assert "no-such-initiative" in page and "not published" in page
    assert "A secret draft plan" not in page


def test_one_initiative_asks_for_another(client):
    response = compare(client, slugs(1))
    assert response.status_code == 200
    assert "Choose at least 2 initiatives" in response.content.decode()


def test_cards_and_summaries_offer_the_comparison(client):
    page = client.get(reverse("initiatives:list")).content.decode()
    assert 'form="compare-form"' in page and f'action="{COMPARE}"' in page
    [slug] = slugs(1)
    detail = client.get(reverse("initiatives:detail", args=[slug])).content.decode()
    assert f'href="{COMPARE}?i={slug}"' in detail

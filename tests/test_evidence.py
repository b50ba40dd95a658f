"""Evidence first (issue 15): what each initiative achieved, who evaluated it, who paid, when it
was last reviewed; the rating scale's methodology page and the badges that link to it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from initiatives.models import EvaluationType, Evaluator, Initiative, Outcome, Status
from tests.admin_helpers import run_action
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

LIST = "/en/initiatives/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def liege():
    return Initiative.objects.get(slug="liege-drone-detection-pilot")


def test_a_summary_says_what_it_achieved_first(client):
    page = client.get(liege().get_absolute_url()).content.decode()
    achieved = page.index("What it achieved")
    assert achieved < page.index('id="context-heading"')
    assert "41 drone flights detected during 20 matches and concerts" in page
    words = text_of(page)
    assert "Evaluated by: Consultancy (2023)" in words
    assert "Funding City budget" in words
    assert "Last reviewed 4 November 2024" in words
    assert "Lessons for others" in words


def test_the_cost_per_person_is_worked_out_for_the_reader(client):
    initiative = InitiativeFactory(budget_eur=120_000, people_reached=1_500)
    words = text_of(client.get(initiative.get_absolute_url()).content.decode())
    assert "People reached 1,500" in words
    assert "Cost per person reached about €80" in words
    french = text_of(client.get(f"/fr/initiatives/{initiative.slug}/").content.decode())
    assert "1\xa0500" in french or "1 500" in french
    assert "80\xa0€" in french or "80 €" in french


def test_without_people_reached_there_is_no_cost_per_person(client):
    initiative = InitiativeFactory(budget_eur=120_000, people_reached=None)
    words = text_of(client.get(initiative.get_absolute_url()).content.decode())
    assert "Cost per person" not in words
    assert "People reached" not in words


def test_a_card_shows_the_first_result(client):
    page = client.get(LIST, {"q": "drone detection Liège"}).content.decode()
    assert "Achieved:" in page
    assert "41 drone flights detected during 20 matches and concerts" in page


@pytest.mark.parametrize("url", [LIST, "/en/initiatives/liege-drone-detection-pilot/"])
def test_every_badge_names_itself_and_links_to_its_definition(client, url):
    page = client.get(url).content.decode()
    badges = re.findall(r'<a class="badge (\w+)-(\w+)" href="([^"]+)">(.*?)</a>', page, re.S)
    assert badges
    methodology = client.get(reverse("evidence")).content.decode()
    for kind, value, href, label in badges:
        assert href == f"{reverse('evidence')}#{kind}-{value}"
        assert f'id="{kind}-{value}"' in methodology
        name = {"evaluation": "Evaluation:", "outcome": "Outcome:"}[kind]
        assert label.startswith(f'<span class="visually-hidden">{name} </span>')


def test_the_methodology_page_defines_every_rating_and_counts_it(client):
    page = client.get(reverse("evidence")).content.decode()
    for kind, choices in (("evaluation", EvaluationType), ("outcome", Outcome)):
        for value, label in choices.choices:
            found = re.search(
                rf'<dt id="{kind}-{value}">{re.escape(str(label))} <a class="count-link" '
                rf'href="([^"]+)">(\d+) initiatives?</a></dt>\s*<dd>',
                page,
            )
            assert found, (kind, value)
            listed = client.get(found[1].replace("&amp;", "&"))
            assert listed.context["result"].total == int(found[2]), (kind, value)
    assert "Why failures are published" in page


def test_honest_failures_are_in_the_demo(client):
    for outcome in (Outcome.NO_EFFECT, Outcome.MIXED):
        assert Initiative.objects.published().filter(outcome=outcome).count() >= 3


def test_every_published_demo_summary_has_results_and_funding():
    published = Initiative.objects.published()
    assert published.exists()
    assert not published.filter(results="").exists()
    assert not published.filter(funding_sources=[]).exists()
    assert not published.exclude(evaluation_type=EvaluationType.NONE).filter(evaluator="").exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"funding": "eu"}, {"funding_sources__contains": ["eu"]}),
        ({"evaluator": "university"}, {"evaluator": Evaluator.UNIVERSITY}),
        (
            {"funding": ["city", "national"]},
            {"funding_sources__overlap": ["city", "national"]},
        ),
    ],
)
def test_funding_and_evaluator_filter_the_list(client, query, expected):
    response = client.get(LIST, query)
    wanted = Initiative.objects.published().filter(**expected).count()
    assert wanted > 0
    assert response.context["result"].total == wanted
    facets = {group["name"]: group for group in response.context["facets"]}
    assert facets["funding"]["options"] and facets["evaluator"]["options"]


def test_funding_counts_beside_the_options_are_the_lists_sizes(client):
    response = client.get(LIST)
    funding = {group["name"]: group for group in response.context["facets"]}["funding"]
    for option in funding["options"]:
        listed = client.get(LIST, {"funding": option["value"]}).context["result"].total
        assert option["count"] == listed, option


@pytest.mark.parametrize("query", [{"funding": "lottery"}, {"evaluator": "astrologer"}])
def test_an_unknown_funding_source_or_evaluator_is_a_400_that_says_so(client, query):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_rating_scale_rules_are_reported_on_their_fields():
    initiative = InitiativeFactory.build(
        evaluation_type=EvaluationType.NONE,
        outcome=Outcome.EFFECTIVE,
        evaluator=Evaluator.UNIVERSITY,
        evaluation_year=2019,
        start_year=2021,
        results="one\ntwo\nthree\nfour",
    )
    with pytest.raises(ValidationError) as error:
        initiative.full_clean(exclude=["slug", "cities", "themes"])
    assert {"outcome", "evaluator", "evaluation_year", "results"} <= set(error.value.error_dict)

    internal = InitiativeFactory.build(
        evaluation_type=EvaluationType.INTERNAL,
        outcome=Outcome.PROMISING,
        evaluator=Evaluator.CONSULTANT,
        results="x" * 161,
    )
    with pytest.raises(ValidationError) as error:
        internal.full_clean(exclude=["slug", "cities", "themes"])
    assert "does not fit an evaluation" in str(error.value.error_dict["evaluator"])
    assert "Result 1 has 161 characters" in str(error.value.error_dict["results"])


@pytest.mark.parametrize(
    "values",
    [
        {"evaluation_type": "none", "outcome": "effective"},
        {"evaluation_type": "none", "evaluator": "university"},
        {"evaluation_type": "internal", "evaluation_year": 2000},
        {"funding_sources": ["lottery"]},
    ],
)
def test_the_database_holds_the_same_rules(values):
    initiative = InitiativeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(**values)


def test_a_publisher_confirms_summaries_are_still_accurate(client, publisher):
    published, draft = liege(), InitiativeFactory(status=Status.DRAFT, published_at=None)
    client.force_login(publisher)
    page = run_action(client, Initiative, "confirm_still_accurate", [published, draft])
    text = page.content.decode()
    assert "1 summary was confirmed as still accurate today." in text
    assert "1 summary is not published and was left alone" in text
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.last_reviewed == timezone.localdate()
    assert draft.last_reviewed is None
    assert published.history.first().history_change_reason == "confirmed as still accurate"
    words = text_of(client.get(published.get_absolute_url()).content.decode())
    assert f"Last reviewed {timezone.localdate():%-d %B %Y}" in words


def test_an_editor_cannot_confirm_a_review(client, editor):
    initiative = liege()
    client.force_login(editor)
    page = client.get(reverse("admin:initiatives_initiative_changelist")).content.decode()
    assert "confirm_still_accurate" not in page
    run_action(client, Initiative, "confirm_still_accurate", [initiative])
    initiative.refresh_from_db()
    assert initiative.last_reviewed == datetime.date(2024, 11, 4)


@pytest.mark.parametrize("name", ["about", "evidence", "accessibility", "privacy"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_sites_pages_exist_in_both_languages_and_the_footer_links_them(client, name, language):
    from django.utils.translation import override

    with override(language):
        url = reverse(name)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert "is not translated yet" not in html
    with override(language):
        footer = [reverse(other) for other in ("about", "evidence", "accessibility", "privacy")]
    home = client.get(f"/{language}/").content.decode()
    for link in footer:
        assert f'href="{link}"' in home

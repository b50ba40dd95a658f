"""Themes, projects, manifestos and recommendations in English and French: each page shows the
version of its language, falls back visibly to the other, and both versions are searchable."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative, Manifesto, Recommendation, Theme
from initiatives.translations import localised

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def in_french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_theme_page_speaks_the_language_of_its_address(client):
    english = client.get(reverse("initiatives:theme", args=["cybercrime"]))
    french = client.get(in_french("initiatives:theme", "cybercrime"))
    assert "<h1>Cybercrime</h1>" in english.content.decode()
    assert "<h1>Cybercriminalité</h1>" in french.content.decode()
    assert "fraude en ligne visant les habitants" in text_of(french)
    assert "fraude en ligne" not in text_of(english)


def test_a_missing_french_version_falls_back_to_english_visibly(client):
    Theme.objects.filter(slug="cybercrime").update(name_fr="", description_fr="")
    page = client.get(in_french("initiatives:theme", "cybercrime")).content.decode()
    assert (
        '<h1><span lang="en">Cybercrime</span> <span class="untranslated">(en anglais)</span>'
        in (page)
    )
    assert '<p class="untranslated">Pas encore traduit' in page
    # …and the cards and filters of every other theme stay French.
    assert "Cybercriminalité" not in page and "Technologies et IA" in page


def test_the_filters_and_cards_name_themes_in_the_page_language(client):
    french = client.get(in_french("initiatives:list"), {"theme": "cybercrime"}).content.decode()
    facets = re.search(r'<fieldset class="facet" id="id_theme">.*?</fieldset>', french, re.S)
    assert "Cybercriminalité" in facets.group() and ">Cybercrime " not in facets.group()
    chip = re.search(r'<ul class="chips".*?</ul>', french, re.S).group()
    assert "Cybercriminalité" in chip and "Cybercrime" not in chip
    cards = re.findall(r'<ul class="tags"[^>]*>(.*?)</ul>', french, re.S)
    assert any("Cybercriminalité" in card for card in cards)


def test_a_french_theme_name_finds_its_initiatives_in_any_language(client):
    cybercrime = set(
        Initiative.objects.published()
        .filter(themes__slug="cybercrime")
        .values_list("slug", flat=True)
    )
    english_ones = Initiative.objects.filter(slug__in=cybercrime, language="en")
    assert english_ones.exists()  # the name is searchable beyond French summaries
    found = client.get(reverse("initiatives:list"), {"q": "cybercriminalite"})
    listed = set(re.findall(r'href="/en/initiatives/([\w-]+)/"', found.content.decode()))
    assert cybercrime <= listed
    also = re.search(r'<p class="also-searched">.*?</p>', found.content.decode(), re.S).group()
    assert also.count(">Cybercrime<") == 1  # searched in every language, said once


def test_translating_a_theme_touches_no_initiative(client, django_assert_max_num_queries):
    """Its French name is searched at query time: saving it writes one row, whatever the
    number of initiatives (deriving their keywords again took 39 s at 100,000)."""
    theme = Theme.objects.get(slug="cybercrime")
    keywords = dict(Initiative.objects.values_list("pk", "keywords"))
    theme.name_fr = "Délinquance numérique"
    with django_assert_max_num_queries(1):
        theme.save(update_fields=["name_fr"])
    assert dict(Initiative.objects.values_list("pk", "keywords")) == keywords
    found = client.get(reverse("initiatives:list"), {"q": "délinquance numérique"})
    assert found.context["result"].total == theme.initiatives.published().count()


def test_a_draft_only_theme_is_not_searched_by_its_french_name(client):
    """Its English name would show in "Also searched"."""
    Theme.objects.create(name="Secret plans", slug="secret-plans", name_fr="Plans secrets")
    page = client.get(reverse("initiatives:list"), {"q": "plans secrets"}).content.decode()
    assert "Secret plans" not in page


def test_the_manifesto_in_french_with_its_recommendations(client):
    page = text_of(client.get(in_french("manifesto:year", 2025)))
    manifesto = Manifesto.objects.get(year=2025)
    assert manifesto.title_fr in page and manifesto.title not in page
    for recommendation in manifesto.recommendations.all():
        assert recommendation.title_fr in page


def test_a_french_query_finds_recommendations_by_their_french_text(client):
    recommendation = Recommendation.objects.get(manifesto__year=2025, number=2)
    response = client.get(in_french("search"), {"q": "former les personnels", "synonyms": "off"})
    assert recommendation in recommendations_found(response)
    assert "Former" in text_of(response)


def test_an_english_query_finds_recommendations_on_the_french_site_too(client):
    response = client.get(in_french("search"), {"q": "train staff"})
    recommendation = Recommendation.objects.get(manifesto__year=2025, number=2)
    assert recommendation in recommendations_found(response)


def recommendations_found(response) -> list:
    (group,) = [g for g in response.context["found"].groups if g.kind == "recommendations"]
    return group.items


def test_a_suggestion_names_the_theme_in_the_page_language(client):
    with translation.override("fr"):
        url = reverse("suggest")
    found = client.get(url, {"q": "cybercrim"}).json()
    labels = [item["label"] for item in found["suggestions"]]
    assert "Cybercriminalité" in labels


def test_localised_text_knows_its_language():
    theme = Theme(name="Drones", name_fr="")
    assert localised(theme, "name", "fr").is_fallback
    assert localised(theme, "name", "fr").language == "en"
    assert not localised(Theme(name="Drones", name_fr="Drones (FR)"), "name", "fr").is_fallback
    assert localised({"name": "Drones", "name_fr": "Les drones"}, "name", "fr") == "Les drones"


def test_the_admin_shows_both_versions_side_by_side(admin_client):
    theme = Theme.objects.get(slug="cybercrime")
    page = admin_client.get(reverse("admin:initiatives_theme_change", args=[theme.pk]))
    form_row = re.search(
        r'<div class="form-row[^"]*field-name field-name_fr.*?</fieldset>',
        page.content.decode(),
        re.S,
    )
    assert form_row, "the English and French names share one row"
    manifesto = Manifesto.objects.get(year=2025)
    page = admin_client.get(reverse("admin:initiatives_manifesto_change", args=[manifesto.pk]))
    assert "field-title field-title_fr" in page.content.decode()
    assert "field-text field-text_fr" in page.content.decode()


def test_the_french_name_of_a_theme_is_unique(admin_client):
    response = admin_client.post(
        reverse("admin:initiatives_theme_add"),
        {"name": "Cyber crime again", "slug": "cyber-again", "name_fr": "Cybercriminalité"},
    )
    assert response.status_code == 200
    assert "Another theme already has this French name." in response.content.decode()

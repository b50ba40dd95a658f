"""Initiatives with translations: every version offered to readers, one card per initiative in
lists and counts, in the reader's language when there is a public version in it."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.demo import load_demo
from initiatives.models import Initiative, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

ORIGINAL, FRENCH = "liege-drone-detection-pilot", "liege-detection-drones-stades"


@pytest.fixture(scope="module", autouse=True)
def translated_summaries(shared_demo, django_db_blocker):
    """The demo's translations of summaries (demo-translations.json), as `make run` loads them,
    in the module's demo transaction."""
    with django_db_blocker.unblock():
        load_demo(glossary=False)


def in_french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def card_slugs(response) -> list[str]:
    return re.findall(
        r'<h3 class="card-title"><a href="/\w\w/initiatives/([\w-]+)/"', response.content.decode()
    )


def test_a_summary_offers_its_other_versions(client):
    page = client.get(reverse("initiatives:detail", args=[ORIGINAL])).content.decode()
    versions = re.search(r'<p class="versions">.*?</p>', page).group()
    assert "Also available in:" in versions
    assert f'href="/en/initiatives/{FRENCH}/" hreflang="fr" lang="fr">Français</a>' in versions
    french = client.get(in_french("initiatives:detail", FRENCH)).content.decode()
    assert f'href="/fr/initiatives/{ORIGINAL}/" hreflang="en" lang="en">English</a>' in french
    assert "Aussi disponible en" in french


def test_lists_show_one_card_per_initiative_in_the_readers_language(client):
    english = card_slugs(client.get(reverse("initiatives:list"), {"q": "drones stadiums"}))
    french = card_slugs(client.get(in_french("initiatives:list"), {"q": "drones stadiums"}))
    assert ORIGINAL in english and FRENCH not in english
    assert FRENCH in french and ORIGINAL not in french
    assert len(english) == len(french)


def test_counts_count_initiatives_not_versions(client):
    versions = Initiative.objects.published().count()
    translations = Initiative.objects.published().filter(translation_of__isnull=False).count()
    assert translations >= 2
    result = client.get(reverse("initiatives:list")).context["result"]
    assert result.total == versions - translations
    theme = client.get(reverse("initiatives:list"), {"theme": "drones"}).context["result"]
    drones = Initiative.objects.published().filter(themes__slug="drones", translation_of=None)
    assert theme.total == drones.count()


def test_a_translation_alone_matching_the_words_is_found(client):
    """The French words are only in the translation: it stands for its initiative, and an
    English reader gets the English card of it."""
    found = client.get(reverse("initiatives:list"), {"q": "télépilotes", "synonyms": "off"})
    assert card_slugs(found) == [ORIGINAL]
    assert found.context["result"].total == 1


def test_a_draft_translation_is_never_offered(client):
    Initiative.objects.filter(slug=FRENCH).update(status=Status.DRAFT)
    page = client.get(reverse("initiatives:detail", args=[ORIGINAL])).content.decode()
    assert "Also available in" not in page and FRENCH not in page
    french = card_slugs(client.get(in_french("initiatives:list"), {"q": "drones stadiums"}))
    assert ORIGINAL in french


def test_a_scheduled_translation_is_not_offered_before_its_time(client):
    due = timezone.now() + datetime.timedelta(hours=3)
    Initiative.objects.filter(slug=FRENCH).update(published_at=due)
    page = client.get(reverse("initiatives:detail", args=[ORIGINAL])).content.decode()
    assert "Also available in" not in page and FRENCH not in page


def test_a_translation_of_an_unpublished_original_stands_alone(client):
    Initiative.objects.filter(slug=ORIGINAL).update(status=Status.DRAFT)
    english = card_slugs(client.get(reverse("initiatives:list"), {"q": "télépilotes"}))
    assert english == [FRENCH]


def test_translations_are_one_original_and_one_version_per_language():
    original = Initiative.objects.get(slug=ORIGINAL)
    french = Initiative.objects.get(slug=FRENCH)
    again = Initiative.objects.get(slug=FRENCH)
    again.pk, again.slug = None, "liege-encore"
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "already has a translation in this language" in str(error.value)
    other = Initiative.objects.get(slug="nice-drone-regulation-events")
    other.translation_of = french
    with pytest.raises(ValidationError, match="itself a translation"):
        other.full_clean()
    other.translation_of = None
    original.translation_of = other
    with pytest.raises(ValidationError, match="has translations of its own"):
        original.full_clean()
    original.translation_of = None
    other.translation_of, other.language = original, original.language
    with pytest.raises(ValidationError, match="another language than its original"):
        other.full_clean()


def test_the_list_of_a_page_costs_no_query_per_translation(client, django_assert_max_num_queries):
    client.get(in_french("initiatives:list"))  # warm the caches of the catalogue's state
    with django_assert_max_num_queries(8):
        client.get(in_french("initiatives:list"), {"q": "drones"})


def test_a_wrong_language_is_a_message_not_a_crash():
    """A field with an error is left out of the constraints' validation; the search vectors,
    which read it, used to fail on it (FieldError: a 500 in the admin)."""
    summary = Initiative.objects.get(slug=FRENCH)
    summary.language = "zz"
    with pytest.raises(ValidationError) as error:
        summary.full_clean()
    assert "language" in error.value.message_dict


def test_a_summary_is_not_related_to_its_own_versions(client):
    for slug, other in ((ORIGINAL, FRENCH), (FRENCH, ORIGINAL)):
        related = client.get(reverse("initiatives:detail", args=[slug])).context["related"]
        assert other not in [initiative.slug for initiative in related]
        assert all(initiative.translation_of_id is None for initiative in related)


def test_the_home_page_shows_each_new_initiative_once_in_the_readers_language(client):
    Initiative.objects.filter(slug__in=[ORIGINAL, FRENCH]).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    english = client.get(reverse("home")).context["latest_initiatives"]
    french = client.get(in_french("home")).context["latest_initiatives"]
    assert [i.slug for i in english][0] == ORIGINAL and FRENCH not in [i.slug for i in english]
    assert [i.slug for i in french][0] == FRENCH and ORIGINAL not in [i.slug for i in french]


@pytest.mark.parametrize("query", [{}, {"theme": "drones"}, {"q": "drones"}, {"country": "BE"}])
def test_each_language_counts_what_filtering_by_it_lists(client, query):
    """An English summary with a French translation is listed under French too: the option
    and the overview's language bar say so."""
    url = reverse("initiatives:list")
    options = client.get(url, query).context["result"].counts.options["language"]
    assert options.get("fr", ("", 0))[1] > 0
    for code, (_label, count) in options.items():
        listed = client.get(url, {**query, "language": code}).context["result"].total
        assert count == listed, (code, query)
    bars = client.get(reverse("initiatives:explore"), query).context["languages"]
    assert bars
    for bar in bars:  # each leads to one of the lists counted above
        [code] = parse_qs(urlsplit(bar["url"]).query)["language"]
        assert bar["count"] == options[code][1], bar

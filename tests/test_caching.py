"""Public pages are shared by caches and revalidated cheaply; nothing personal is ever shared."""

import datetime
import gzip

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from efus_catalogue.caches import FRAGMENTS, cache_settings, public_max_age
from initiatives.models import Initiative, NewsItem, Status
from tests.factories import InitiativeFactory, NewsItemFactory

# Every test here works on the demo, loaded once for the module (tests/conftest.py); those that
# need a catalogue of their own are in test_caching_schedules.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]
HOME = reverse("home")
LIST = reverse("initiatives:list")
SEARCH = reverse("search")


def public_pages(demo) -> list[str]:
    initiative = Initiative.objects.published().first()
    return [
        HOME,
        LIST,
        initiative.get_absolute_url(),
        f"{SEARCH}?q=drones",
        f"{LIST}?q=drones&theme=drones",
        reverse("initiatives:theme", args=["drones"]),
        reverse("news:list"),
        NewsItem.objects.published().first().get_absolute_url(),
        reverse("manifesto:current"),
    ]


def vary(response) -> set[str]:
    return {name.strip() for name in response.get("Vary", "").split(",") if name.strip()}


def revalidate(client, url, etag, **headers):
    return client.get(url, headers={"if-none-match": etag, **headers})


# --- anonymous visitors ------------------------------------------------------------------------


def test_public_pages_set_no_cookie_and_are_shared_for_a_minute(client, demo):
    for url in public_pages(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)  # no csrftoken, no sessionid
        assert "Set-Cookie" not in response.headers
        assert not response.wsgi_request.session.accessed, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert response["ETag"].startswith('W/"'), url
        # Only Accept-Encoding (the page is compressed for clients that accept gzip): the
        # language is in the address, and nothing depends on CSRF or the session.
        assert vary(response) == {"Accept-Encoding"}, url


def test_max_age_comes_from_the_setting(client, demo, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 5
    assert client.get(LIST)["Cache-Control"] == "public, max-age=5"


def test_a_conditional_get_answers_304_in_one_query_without_the_view(client, demo, time_machine):
    # The clock stands still: an ETag names its five-minute period, which a slow run crossed
    # between a page and its revalidation (a 200 where a 304 was due).
    time_machine.move_to(datetime.datetime.now(datetime.UTC), tick=False)
    for url in public_pages(demo):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            again = revalidate(client, url, first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert len(queries) == 1, (url, [query["sql"] for query in queries])
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=60"
        assert vary(again) == vary(first)


def test_head_requests_are_validated_too(client, demo):
    etag = client.get(LIST)["ETag"]
    assert client.head(LIST, headers={"if-none-match": etag}).status_code == 304


def test_each_url_and_query_string_has_its_own_etag(client, demo):
    etags = {client.get(url)["ETag"] for url in public_pages(demo)}
    assert len(etags) == len(public_pages(demo))
    listed = client.get(LIST)["ETag"]
    assert revalidate(client, f"{LIST}?page=1", listed).status_code == 200
    assert client.get(LIST, HTTP_HOST="127.0.0.1")["ETag"] != listed


def test_another_language_is_another_etag(client, demo):
    english = client.get(LIST)
    with translation.override("fr"):
        french_list = reverse("initiatives:list")
    french = revalidate(client, french_list, english["ETag"])
    assert french.status_code == 200 and french["Content-Language"] == "fr"
    assert french["ETag"] != english["ETag"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: InitiativeFactory(title="Harbour patrols"), id="new initiative"),
        pytest.param(
            lambda: Initiative.objects.filter(pk=Initiative.objects.published().first().pk).update(
                status=Status.DRAFT
            ),
            id="withdrawn by plain SQL",
        ),
        pytest.param(lambda: NewsItemFactory(title="Harbour news"), id="new news item"),
        pytest.param(
            lambda: NewsItem.objects.filter(pk=NewsItem.objects.first().pk).update(title="Renamed"),
            id="news item edited",
        ),
    ],
)
def test_a_change_to_public_content_makes_every_old_etag_stale(client, demo, change):
    urls = [HOME, LIST, reverse("news:list"), reverse("manifesto:current")]
    before = {url: client.get(url)["ETag"] for url in urls}
    change()
    for url in urls:
        after = revalidate(client, url, before[url])
        assert after.status_code == 200, url
        assert after["ETag"] != before[url]


def test_a_published_initiative_shows_at_once_to_a_revalidating_cache(client, demo):
    listed = client.get(LIST)
    InitiativeFactory(title="Harbour patrols")
    after = revalidate(client, LIST, listed["ETag"])
    assert after.status_code == 200
    assert after.context["result"].total == listed.context["result"].total + 1


def test_an_etag_lasts_at_most_five_minutes_even_without_a_change(client, demo, time_machine):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    etag = client.get(LIST)["ETag"]
    time_machine.move_to(start + datetime.timedelta(seconds=299), tick=False)
    assert revalidate(client, LIST, etag).status_code == 304
    time_machine.move_to(start + datetime.timedelta(seconds=300), tick=False)
    assert revalidate(client, LIST, etag).status_code == 200


def test_errors_and_missing_pages_are_not_shared(client, demo):
    for url in [f"{LIST}?year_from=abc", reverse("initiatives:detail", args=["no-such-thing"])]:
        response = client.get(url)
        assert response.status_code in (400, 404)
        assert response["Cache-Control"] == "private, no-cache"
        assert "ETag" not in response


# --- pages kept by the server ------------------------------------------------------------------


def test_a_page_asked_again_is_sent_again_without_running_the_view(client, demo, time_machine):
    # Still in the ETag's five-minute period when the loop ends, however slow the machine.
    time_machine.move_to(datetime.datetime.now(datetime.UTC), tick=False)
    for url in public_pages(demo):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert again.status_code == 200, url
        assert again.context is None, url  # no template rendered
        assert len(queries) == 1, (url, [query["sql"] for query in queries])  # the state
        assert again.content == first.content, url
        assert again["Content-Type"] == first["Content-Type"]
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=60"
        assert vary(again) == vary(first)


def test_a_kept_page_never_outlives_a_change_to_the_content(client, demo):
    initiative = Initiative.objects.published().first()
    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert "Harbour patrols" not in client.get(LIST).content.decode()
    InitiativeFactory(title="Harbour patrols", start_year=2026, end_year=None)
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.DRAFT)  # plain SQL
    assert "Harbour patrols" in client.get(LIST).content.decode()
    assert client.get(initiative.get_absolute_url()).status_code == 404


def test_each_language_and_host_has_its_own_kept_page(client, demo):
    english = client.get(LIST)
    with translation.override("fr"):
        french = client.get(reverse("initiatives:list"))
    assert french["Content-Language"] == "fr" and '<html lang="fr">' in french.content.decode()
    assert client.get(LIST).content == english.content
    elsewhere = client.get(reverse("initiatives:detail", args=[demo_slug()]), HTTP_HOST="127.0.0.1")
    assert "http://127.0.0.1/" in elsewhere.content.decode()  # the citation's address


def demo_slug() -> str:
    return Initiative.objects.published().values_list("slug", flat=True).first()


def test_editors_pages_and_failed_pages_are_never_kept(client, editor_client, demo):
    assert editor_client.get(LIST).status_code == 200
    assert Client().get(LIST).context is not None  # computed: the editor's page was not kept
    bad = f"{LIST}?year_from=abc"
    assert client.get(bad).status_code == 400
    again = client.get(bad)
    assert again.status_code == 400 and again.context is not None


# --- editors -----------------------------------------------------------------------------------


def test_a_logged_in_editor_gets_private_pages_without_etag(editor_client, demo):
    for url in public_pages(demo):
        response = editor_client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache", url
        assert "ETag" not in response


def test_an_editor_never_gets_a_304_from_a_public_etag(client, editor, demo):
    etag = client.get(LIST)["ETag"]
    client.force_login(editor)
    assert revalidate(client, LIST, etag).status_code == 200


def test_admin_and_previews_are_never_public(client, editor_client, demo):
    initiative = Initiative.objects.first()
    preview = reverse("initiative-preview", args=[initiative.pk])
    login = Client().get(reverse("admin:login"))
    assert "public" not in login["Cache-Control"] and "ETag" not in login
    assert "public" not in Client().get(preview).get("Cache-Control", "")
    for url in [reverse("admin:index"), preview]:
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "ETag" not in response


def test_the_suggestions_keep_their_own_cache_control(client, demo):
    response = client.get(reverse("suggest"), {"q": "dr"})
    assert response["Cache-Control"] == "public, max-age=60"


# --- cache settings ----------------------------------------------------------------------------


# --- the page frame, rendered once per language -------------------------------------------------


@pytest.fixture
def kept_frame(settings):
    """The fragments cache as production has it (DEBUG, which the suite's settings start from,
    turns it off)."""
    settings.CACHES = {**settings.CACHES, "fragments": FRAGMENTS}
    yield caches["fragments"]


def frame(html: str) -> tuple[str, str]:
    """The header's navigation and the footer's links, as a visitor's screen reader lists them."""
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
    return header, footer


@pytest.mark.django_db
def test_the_kept_frame_follows_the_language_and_the_section(client, kept_frame):
    pages = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            for name in ("initiatives:list", "news:list", "manifesto:current"):
                response = client.get(reverse(name))
                assert response.status_code == 200
                header, footer = frame(response.content.decode())
                current = [line for line in header.splitlines() if 'aria-current="page"' in line]
                # The section's own link is marked, and only it, in the page's language.
                assert len(current) == 1 and f'href="{reverse(name)}"' in current[0]
                other = "fr" if language == "en" else "en"
                assert f'href="/{language}/' in footer and f'href="/{other}/' not in footer
                pages.setdefault((language, name), []).append((header, footer))
    assert "Actualités" in pages["fr", "news:list"][0][0]
    assert "Actualités" not in pages["en", "news:list"][0][0]
    # Rendered once per language and section, then read back unchanged.
    assert pages["en", "news:list"][0] == pages["en", "news:list"][1]
    # A header per language and section, a search form and a footer per language.
    assert len(kept_frame._cache) == 2 * 3 + 2 * 2


def test_the_frame_is_kept_in_each_process_whatever_the_cache_url():
    for environ in ({}, {"CACHE_URL": "dummy://"}, {"CACHE_URL": "redis://cache:6379/0"}):
        assert cache_settings(environ)["fragments"] == FRAGMENTS
        assert cache_settings(environ, debug=True)["fragments"]["BACKEND"].endswith("DummyCache")


def test_without_cache_url_each_process_has_its_own_memory():
    local = cache_settings({})
    assert local["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert local["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # Two caches, not one under two names: pages cannot push out the counts.
    assert local["pages"].get("LOCATION") != local["default"].get("LOCATION")
    assert cache_settings({"CACHE_URL": "  "}) == local


@pytest.mark.parametrize(
    "url", ["redis://cache:6379/0", "rediss://:secret@cache:6380/1", "unix:///run/redis.sock"]
)
def test_a_cache_url_selects_djangos_redis_backend(url):
    found = cache_settings({"CACHE_URL": url})
    redis = "django.core.cache.backends.redis.RedisCache"
    assert found == {
        "default": {"BACKEND": redis, "LOCATION": url},
        "pages": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "pages"},
        "fragments": FRAGMENTS,
    }


def test_a_dummy_cache_url_caches_nothing():
    found = cache_settings({"CACHE_URL": "dummy://"})
    nothing = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    assert found == {"default": nothing, "pages": nothing, "fragments": FRAGMENTS}


def test_the_redis_client_library_is_installed():
    from django.core.cache.backends.redis import RedisCache

    backend = RedisCache("redis://cache:6379/0", {})
    assert backend._cache._lib.__name__ == "redis"  # builds the client; connects on first use


def test_an_unknown_cache_url_is_refused_without_showing_its_password():
    with pytest.raises(ImproperlyConfigured, match="memcached") as refused:
        cache_settings({"CACHE_URL": "memcached://user:secret@cache:11211"})
    assert "secret" not in str(refused.value)


def test_public_max_age_setting():
    assert public_max_age({}) == 60
    assert public_max_age({"PUBLIC_CACHE_MAX_AGE": "0"}) == 0
    assert public_max_age({"PUBLIC_CACHE_MAX_AGE": " 300 "}) == 300
    for wrong in ["-1", "1.5", "a minute"]:
        with pytest.raises(ImproperlyConfigured, match="PUBLIC_CACHE_MAX_AGE"):
            public_max_age({"PUBLIC_CACHE_MAX_AGE": wrong})


def test_pages_are_compressed_for_clients_that_accept_it(client, demo):
    plain = client.get(reverse("initiatives:list"))
    compressed = client.get(reverse("initiatives:list"), headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 4


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from initiatives.demo import load_demo


def pytest_configure():
    # Hashing a password the production way takes about half a second, and the suite creates
    # hundreds of staff accounts and logs in through the form: a fast hasher for tests only.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(request, db):
    """The demo catalogue of fixtures/demo.json, loaded into the test database, without the
    glossary's seed (tests of searches across languages load it: test_search.py), nor the
    summaries that translate others (test_initiative_translations.py loads them)."""
    if "shared_demo" in request.fixturenames:
        return request.getfixturevalue("shared_demo")
    return load_demo(glossary=False, translated_summaries=False)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo catalogue loaded once for a whole module, for modules whose every test works on
    it: `pytestmark = pytest.mark.usefixtures("shared_demo")`. Loading it takes 0.6 s, and
    some 150 tests use it. Each test still runs in a savepoint of its own (the `db` fixture),
    so what a test writes is undone after it; the demo itself is undone when the module ends.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(glossary=False, translated_summaries=False)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the catalogue's version (a sequence) survives the
    rollback of a previous test's data, so an entry cached then could still be found."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in another leaves that language
    active in the thread, and `reverse()` would then give its addresses."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def no_kept_pages(settings):
    """Whole pages computed each time, so that a test sees the caches of their pieces."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def staff_user(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    """A member of the Editors group: writes and submits for review."""
    return staff_user("edith", "Editors")


@pytest.fixture
def publisher(db):
    """A member of the Publishers group: reviews, publishes, withdraws."""
    return staff_user("paul", "Publishers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client

import pytest

from initiatives.demo import load_demo


@pytest.fixture
def demo(db):
    """The demo catalogue of fixtures/demo.json, loaded into the test database."""
    return load_demo()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the catalogue's version (a sequence) survives the
    rollback of a previous test's data, so an entry cached then could still be found."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

import pytest

from initiatives.demo import load_demo


@pytest.fixture
def demo(db):
    """The demo catalogue of fixtures/demo.json, loaded into the test database."""
    return load_demo()

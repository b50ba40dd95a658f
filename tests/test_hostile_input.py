"""Thousands of generated query strings against every public URL: never a server error.

Keys come from the real parameters (so that values reach the filters, the search, the pager)
and from anywhere; values are any text (control characters, accents, emoji, lone surrogates
encoded as bytes), huge and negative numbers, repeated keys, raw percent-encoding that is not
UTF-8. A 4xx is a fine answer; a 5xx is a bug. Deterministic: Hypothesis is derandomised.
"""

import os
import urllib.parse

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import Initiative, NewsItem, Project

pytestmark = pytest.mark.usefixtures("shared_demo")

PARAMETERS = [
    "q", "theme", "country", "city", "project", "year_from", "year_to", "budget_min",
    "budget_max", "evaluation", "outcome", "language", "sort", "page", "year", "revision",
]  # fmt: skip
# 80 × 16 URLs in the suite (about 30 s in one process); HOSTILE_EXAMPLES=1000 for a longer hunt.
EXAMPLES_PER_URL = int(os.environ.get("HOSTILE_EXAMPLES", "80"))

numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
texts = st.text(max_size=300)
long_texts = st.text(min_size=500, max_size=2000, alphabet=st.characters(codec="utf-8"))
raw_escapes = st.lists(st.integers(0, 255), max_size=12).map(
    lambda octets: "".join(f"%{octet:02X}" for octet in octets)
)
values = st.one_of(
    texts, numbers, long_texts, raw_escapes, st.sampled_from(["", "0", "-1", "1e309"])
)
keys = st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=20))


@st.composite
def query_strings(draw):
    pairs = draw(st.lists(st.tuples(keys, values), max_size=6))
    encoded = [
        f"{urllib.parse.quote(key)}={value if value.startswith('%') else urllib.parse.quote(value)}"
        for key, value in pairs
    ]
    return "&".join(encoded)


def public_urls():
    initiative = Initiative.objects.published().prefetch_related("themes", "cities").first()
    news = NewsItem.objects.published().first()
    return [
        reverse("home"),
        reverse("initiatives:list"),
        initiative.get_absolute_url(),
        initiative.themes.first().get_absolute_url(),
        initiative.cities.first().get_absolute_url(),
        reverse("initiatives:country", args=["FR"]),
        reverse("search"),
        reverse("suggest"),
        reverse("news:list"),
        news.get_absolute_url(),
        reverse("manifesto:current"),
        reverse("initiatives:project", args=[Project.objects.public().first().slug]),
        reverse("initiative-preview", args=[initiative.pk]),
        reverse("initiatives:feed-atom"),  # the list's query string, as a feed
        reverse("news-preview", args=[news.pk]),
        "/readyz",
        reverse("initiatives:explore"),
        reverse("initiatives:compare"),
    ]


@pytest.mark.parametrize("index", range(18))
def test_no_query_string_makes_a_public_page_fail(client, db, index):
    url = public_urls()[index]
    answers = []

    @settings(
        max_examples=EXAMPLES_PER_URL,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=query_strings())
    def never_a_server_error(query):
        response = client.get(f"{url}?{query}")
        answers.append(response.status_code)
        assert response.status_code < 500, (url, query, response.status_code)

    never_a_server_error()
    assert len(answers) >= EXAMPLES_PER_URL // 2  # the strategies did generate requests

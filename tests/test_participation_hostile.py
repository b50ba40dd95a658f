"""Generated input against the participation pages: any query string on the follow page, any
form fields posted to the three forms, any token in the signed links. A 4xx is a fine answer;
a 5xx is a bug. Deterministic: Hypothesis is derandomised."""

import time
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import Initiative, Proposal
from initiatives.participation import guard

pytestmark = pytest.mark.usefixtures("shared_demo")

FIELDS = [
    "title", "lead", "city_name", "country", "start_year", "end_year", "themes", "other_themes",
    "context", "budget_eur", "results", "language", "email", "consent", "section", "message",
    "frequency", "q", "theme", "page", "sort",
]  # fmt: skip
values = st.one_of(
    st.text(max_size=200),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "BE", "en", "daily", "budget", "on"]),
)
pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), values), max_size=8
)
HYPOTHESIS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form_paths():
    slug = Initiative.objects.published().order_by("slug").first().slug
    return ["/en/propose/", f"/en/initiatives/{slug}/correct/", "/en/follow/"]


@pytest.mark.parametrize("index", range(3))
def test_no_posted_form_makes_a_participation_page_fail(client, db, settings, index):
    settings.PARTICIPATION_RATE_LIMIT = "100000/hour"
    path = form_paths()[index]

    @HYPOTHESIS
    @given(fields=pairs)
    def never_a_server_error(fields):
        data = {}
        for key, value in fields:
            data.setdefault(key, []).append(value)
        data[guard.STARTED] = guard.started_token(time.time() - 30)
        response = client.post(path, data)
        assert response.status_code < 500, (path, fields, response.status_code)

    never_a_server_error()
    assert not Proposal.objects.filter(title="").exists()


def test_no_query_string_makes_the_follow_page_fail(client, db):
    @HYPOTHESIS
    @given(fields=pairs)
    def never_a_server_error(fields):
        query = "&".join(f"{urllib.parse.quote(k)}={urllib.parse.quote(v)}" for k, v in fields)
        response = client.get(f"/en/follow/?{query}")
        assert response.status_code < 500, (query, response.status_code)

    never_a_server_error()


@pytest.mark.parametrize("name", ["confirm", "unsubscribe", "manage"])
def test_no_token_makes_a_link_fail(client, db, name):
    @HYPOTHESIS
    @given(token=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80))
    def never_a_server_error(token):
        path = f"/en/follow/{name}/{urllib.parse.quote(token, safe='')}/"
        for method in (client.get, client.post):
            assert method(path).status_code < 500, (path, token)

    never_a_server_error()

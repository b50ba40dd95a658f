"""Every query string goes through one validation path: control characters answer 400."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative, NewsItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]
MESSAGE = "The address contains a control character"


def public_urls():
    initiative = Initiative.objects.published().first()
    news = NewsItem.objects.published().first()
    return [
        reverse("home"),
        reverse("initiatives:list"),
        initiative.get_absolute_url(),
        reverse("initiatives:theme", args=["drones"]),
        reverse("initiatives:city", args=["lyon"]),
        reverse("initiatives:country", args=["FR"]),
        reverse("initiatives:project", args=["icarus"]),
        reverse("news:list"),
        news.get_absolute_url(),
        reverse("manifesto:current"),
        reverse("search"),
        reverse("suggest"),
        reverse("initiative-preview", args=[initiative.pk]),
        reverse("admin:login"),
        reverse("initiatives:explore"),
        reverse("initiatives:compare"),
    ]


@pytest.mark.parametrize(
    "query_string",
    ["q=ab%00cd", "page=%01", "theme=drones&year_from=20%0b24", "%00=1", "q=%7f"],
)
def test_control_characters_answer_400_with_a_message_everywhere(client, demo, query_string):
    for url in public_urls():
        response = client.get(f"{url}?{query_string}")
        assert response.status_code == 400, url
        assert MESSAGE in response.content.decode(), url


def test_tabs_and_line_breaks_are_not_control_characters_to_refuse(client, demo):
    response = client.get(reverse("initiatives:list"), {"q": "drones\tnice\r\n"})
    assert response.status_code == 200
    assert response.context["result"].query == "drones nice"


def test_suggestions_of_hostile_text_are_empty_or_bounded(client, demo):
    assert client.get(reverse("suggest"), {"q": "é" * 5000}).json()["query"] == "é" * 100
    assert client.get(reverse("suggest"), {"q": "x"}).json()["suggestions"] == []
    assert client.get(reverse("suggest"), {"q": "?!…"}).json()["suggestions"] == []

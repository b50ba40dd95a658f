"""Reading the initiative list the way a visitor does: titles shown, slugs on every page."""

from django.urls import reverse

LIST = reverse("initiatives:list")


def titles(response) -> list[str]:
    return [initiative.title for initiative in response.context["initiatives"]]


def slugs(response) -> set[str]:
    return {initiative.slug for initiative in response.context["initiatives"]}


def get_all(client, params) -> set[str]:
    """Every slug of a possibly paginated list."""
    found, page = set(), 1
    while True:
        response = client.get(LIST, {**params, "page": page})
        assert response.status_code == 200
        found |= slugs(response)
        if not response.context["page_obj"].has_next():
            return found
        page += 1

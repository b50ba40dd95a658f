"""Every change of an initiative, news item or recommendation is kept, with who and when."""

import re

import pytest
from django.urls import reverse

from initiatives.models import Initiative, NewsItem, Recommendation
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, NewsItemFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_changes_are_recorded_with_their_author_and_can_be_reverted(client, editor):
    draft = DraftFactory(title="Street lighting audit")
    client.force_login(editor)
    client.post(change_url(draft), form_data(draft, title="Street lighting audit with residents"))
    draft.refresh_from_db()
    assert draft.title == "Street lighting audit with residents"

    history = list(draft.history.order_by("history_date"))
    assert history[0].title == "Street lighting audit"
    assert history[0].history_type == "+"
    assert history[-1].title == "Street lighting audit with residents"
    assert history[-1].history_user == editor
    assert history[-1].history_type == "~"

    listing = client.get(reverse("admin:initiatives_initiative_history", args=[draft.pk]))
    assert listing.status_code == 200
    assert "edith" in listing.content.decode()

    first = history[0]
    revert_url = reverse(
        "admin:initiatives_initiative_simple_history", args=[draft.pk, first.history_id]
    )
    form = client.get(revert_url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["title"] == "Street lighting audit"
    client.post(revert_url, form_data(draft, title=form.context["adminform"].form.initial["title"]))
    draft.refresh_from_db()
    assert draft.title == "Street lighting audit"
    assert draft.history.count() == len(history) + 1
    assert draft.history.latest().history_user == editor


def test_history_keeps_cities_and_themes():
    draft = DraftFactory()
    theme = draft.themes.get()
    draft.save()  # the factory adds relations after the first save
    assert list(draft.history.latest().themes.values_list("theme", flat=True)) == [theme.pk]

    draft.themes.clear()
    assert draft.history.latest().themes.count() == 0
    assert draft.history.filter(historicalinitiative_themes__theme=theme).exists()  # kept before


def test_workflow_transitions_are_recorded_with_a_reason(client, publisher):
    draft = DraftFactory()
    client.force_login(publisher)
    client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    latest = draft.history.latest()
    assert latest.status == "published"
    assert latest.history_user == publisher
    assert latest.history_change_reason == "published"


def test_deleting_asks_for_confirmation_and_is_recorded(client, editor, publisher):
    draft = DraftFactory(title="Obsolete pilot")
    delete_url = reverse("admin:initiatives_initiative_delete", args=[draft.pk])

    client.force_login(editor)
    assert client.get(delete_url).status_code == 403  # editors do not delete

    client.force_login(publisher)
    confirmation = client.get(delete_url)
    assert confirmation.status_code == 200
    assert "Are you sure" in confirmation.content.decode()
    assert Initiative.objects.filter(pk=draft.pk).exists()

    client.post(delete_url, {"post": "yes"})
    assert not Initiative.objects.filter(pk=draft.pk).exists()
    deletion = Initiative.history.filter(id=draft.pk, history_type="-").get()
    assert deletion.history_user == publisher
    assert deletion.title == "Obsolete pilot"


def test_news_and_recommendations_have_history(client, editor):
    item = NewsItemFactory()
    item.title = "Corrected headline"
    item.save()
    assert NewsItem.history.filter(id=item.pk).count() == 2

    recommendation = RecommendationFactory()
    recommendation.text = "Train every member of staff who handles personal data."
    recommendation.save()
    assert Recommendation.history.filter(id=recommendation.pk).count() == 2
    client.force_login(editor)
    history_url = reverse("admin:initiatives_recommendation_history", args=[recommendation.pk])
    assert client.get(history_url).status_code == 200


def test_adding_and_submitting_is_one_event_in_the_history(client, editor):
    from tests.admin_helpers import initiative_form

    client.force_login(editor)
    response = client.post(
        reverse("admin:initiatives_initiative_add"), initiative_form(_transition_submit="1")
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="night-buses-against-street-harassment")
    [entry] = initiative.history.all()
    assert entry.history_type == "+"
    assert entry.history_change_reason == "submitted for review"
    assert list(entry.cities.all()) and list(entry.themes.all())  # the state after the save

    client.post(change_url(initiative), form_data(initiative, title="Night buses, reviewed"))
    assert initiative.history.count() == 2
    page = client.get(reverse("admin:initiatives_initiative_history", args=[initiative.pk]))
    text = page.content.decode()
    assert "Created and submitted for review" in text
    assert "Changed" in text


def test_the_history_names_choices_as_editors_read_them(client, publisher):
    draft = DraftFactory(title="Safer ferries")
    client.force_login(publisher)
    client.post(change_url(draft), form_data(draft, _transition_publish="1"))
    page = client.get(reverse("admin:initiatives_initiative_history", args=[draft.pk]))
    text = page.content.decode()
    status_change = re.search(
        r"<strong>Status:</strong>\s*(\w[\w ]*?)\s*&nbsp;&rarr;&nbsp;&nbsp;(\w[\w ]*)",
        text,
        re.S,
    )
    assert status_change, text
    assert status_change.groups() == ("Draft", "Published")  # labels, not "draft", "published"

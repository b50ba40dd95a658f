"""The editorial workflow in the admin: who may submit, publish, withdraw; what visitors see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, NewsItem, Status
from tests.admin_helpers import change_url, changelist_url, form_data, initiative_form, run_action
from tests.factories import DraftFactory, InitiativeFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def test_editor_submits_for_review_but_cannot_publish(client, editor):
    draft = DraftFactory()
    client.force_login(editor)

    page = client.get(change_url(draft))
    assert b'name="_transition_submit"' in page.content
    assert b'name="_transition_publish"' not in page.content

    response = client.post(change_url(draft), form_data(draft, _transition_submit="1"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW

    refused = client.post(change_url(draft), form_data(draft, _transition_publish="1"))
    assert refused.status_code == 200
    assert "You may not publish this item." in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert draft.published_at is None


def test_editor_cannot_set_status_through_the_form(client, editor):
    draft = DraftFactory()
    client.force_login(editor)
    client.post(change_url(draft), form_data(draft, status=Status.PUBLISHED))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publish_and_withdraw_actions_are_for_publishers_only(client, editor, publisher):
    draft = DraftFactory()
    client.force_login(editor)
    actions = client.get(changelist_url(Initiative)).context["action_form"].fields["action"]
    offered = {name for name, _label in actions.choices}
    assert "submit_for_review" in offered
    assert not {"publish", "withdraw"} & offered

    response = run_action(client, Initiative, "publish", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT  # Django refuses an action that is not offered
    assert response.status_code == 200

    client.force_login(publisher)
    run_action(client, Initiative, "publish", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_publisher_publishes_from_the_change_form_and_the_date_is_set_once(client, publisher):
    draft = DraftFactory(status=Status.REVIEW)
    client.force_login(publisher)
    before = timezone.now()
    response = client.post(change_url(draft), form_data(draft, _transition_publish="1"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    first_publication = draft.published_at
    assert first_publication >= before

    run_action(client, Initiative, "withdraw", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404

    run_action(client, Initiative, "publish", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at == first_publication


def test_publishing_an_incomplete_summary_names_the_empty_sections(client, publisher):
    draft = DraftFactory(context="", evaluation="")
    client.force_login(publisher)
    response = client.post(
        change_url(draft), form_data(draft, context="", evaluation="", _transition_publish="1")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"context", "evaluation"}
    assert "A published summary needs this section" in errors["context"][0]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    # The same draft can still be saved as it is: drafts may be incomplete.
    saved = client.post(change_url(draft), form_data(draft, context="", evaluation=""))
    assert saved.status_code == 302


def test_publish_action_reports_incomplete_items_and_publishes_the_rest(client, publisher):
    complete = DraftFactory(title="Complete summary")
    incomplete = DraftFactory(title="Half-written summary", budget="")
    client.force_login(publisher)
    response = run_action(client, Initiative, "publish", [complete, incomplete])
    text = response.content.decode()
    assert "1 initiative was published." in text
    assert "Half-written summary" in text and "budget" in text
    complete.refresh_from_db()
    incomplete.refresh_from_db()
    assert complete.status == Status.PUBLISHED
    assert incomplete.status == Status.DRAFT


def test_end_year_before_start_year_is_reported_on_the_end_year(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:initiatives_initiative_add"),
        initiative_form(start_year="2024", end_year="2020"),
    )
    errors = response.context["adminform"].form.errors
    assert "cannot be before the start year" in errors["end_year"][0]


def test_duplicate_slug_is_reported_on_the_slug(client, editor):
    InitiativeFactory(slug="night-buses-against-street-harassment")
    client.force_login(editor)
    response = client.post(reverse("admin:initiatives_initiative_add"), initiative_form())
    assert "slug" in response.context["adminform"].form.errors


def test_scheduled_publication_stays_hidden_until_its_date(client, publisher):
    draft = DraftFactory()
    client.force_login(publisher)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(
        change_url(draft),
        form_data(
            draft,
            published_at_0=tomorrow.strftime("%Y-%m-%d"),
            published_at_1=tomorrow.strftime("%H:%M:%S"),
            _transition_publish="1",
        ),
        follow=True,
    )
    assert "It becomes public on" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at > timezone.now()

    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft not in Initiative.objects.published()

    Initiative.objects.filter(pk=draft.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_preview_shows_a_draft_to_staff_only(client, editor):
    draft = DraftFactory(title="A summary still in the drawer")
    preview = reverse("initiative-preview", args=[draft.pk])

    anonymous = client.get(preview)
    assert anonymous.status_code == 302
    assert reverse("admin:login") in anonymous["Location"]
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(editor)
    page = client.get(preview)
    assert page.status_code == 200
    text = page.content.decode()
    assert "A summary still in the drawer" in text
    assert "Preview for editors" in text
    for section in ("Context", "Objectives", "Activities", "Budget", "Evaluation"):
        assert section in text
    assert page["X-Robots-Tag"] == "noindex"
    assert (
        reverse("initiative-preview", args=[draft.pk])
        in client.get(change_url(draft)).content.decode()
    )


def test_news_preview_and_workflow(client, editor, publisher):
    item = NewsItemFactory(status=Status.DRAFT, published_at=None, title="Workshop report")
    client.force_login(editor)
    assert client.get(reverse("news-preview", args=[item.pk])).status_code == 200
    run_action(client, NewsItem, "submit_for_review", [item])
    item.refresh_from_db()
    assert item.status == Status.REVIEW
    client.force_login(publisher)
    run_action(client, NewsItem, "publish", [item])
    item.refresh_from_db()
    assert item.is_public
    assert client.get(item.get_absolute_url()).status_code == 200


def test_admin_index_counts_drafts_and_items_in_review(client, editor):
    DraftFactory.create_batch(2)
    DraftFactory(status=Status.REVIEW)
    InitiativeFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:index"))
    rows = {row["name"]: row for row in page.context["rows"]}
    assert rows["initiatives"]["drafts"] == 2
    assert rows["initiatives"]["in_review"] == 1
    assert "status__exact=review" in page.content.decode()

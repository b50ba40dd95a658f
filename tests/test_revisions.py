"""Changes to published content wait for a publisher: the public keeps the published version
while an editor's revision is compared, previewed, approved or rejected."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, Revision, RevisionState, Status
from tests.admin_helpers import change_url, form_data
from tests.factories import (
    DraftFactory,
    InitiativeFactory,
    ManifestoFactory,
    NewsItemFactory,
    RecommendationFactory,
    ThemeFactory,
)

PUBLISHED_AT = {"published_at_0": "2024-01-15", "published_at_1": "09:00:00"}


def same_as(initiative, **overrides):
    """The change form's data for the initiative as it is, with `overrides`."""
    fields = "lead start_year budget_eur evaluation_type outcome language partners contact"
    data = form_data(initiative, **{name: getattr(initiative, name) for name in fields.split()})
    data["end_year"] = initiative.end_year or ""
    data.update(overrides)
    return data


def review_url(obj):
    return reverse(f"admin:initiatives_{obj._meta.model_name}_review", args=[obj.pk])


@pytest.fixture
def initiative(db):
    return InitiativeFactory(title="Drones over the carnival", slug="drones-over-the-carnival")


@pytest.fixture
def proposed(client, editor, initiative):
    """An editor has changed the published initiative's title: a pending revision."""
    client.force_login(editor)
    response = client.post(
        change_url(initiative), same_as(initiative, title="Drones over the summer carnival")
    )
    assert response.status_code == 302
    client.logout()
    return Revision.objects.get()


def public_title(client, initiative):
    page = client.get(initiative.get_absolute_url()).content.decode()
    return "summer carnival" in page


def test_an_editors_change_to_a_published_initiative_waits_for_review(client, editor, initiative):
    client.force_login(editor)
    versions = initiative.history.count()
    response = client.post(
        change_url(initiative),
        same_as(initiative, title="Drones over the summer carnival"),
        follow=True,
    )
    assert "await review by a publisher" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "Drones over the carnival"  # the item itself is untouched
    assert initiative.history.count() == versions
    client.logout()
    assert not public_title(client, initiative)
    revision = Revision.objects.get()
    assert revision.state == RevisionState.PENDING and revision.author == editor
    assert revision.content["title"] == "Drones over the summer carnival"


def test_the_change_form_continues_from_the_pending_revision(client, editor, proposed):
    client.force_login(editor)
    page = client.get(change_url(proposed.item)).content.decode()
    assert 'value="Drones over the summer carnival"' in page
    assert "awaits review" in page


def test_a_second_edit_updates_the_same_revision(client, editor, proposed):
    client.force_login(editor)
    initiative = Initiative.objects.get()
    client.post(change_url(initiative), same_as(initiative, title="Drones at the carnival"))
    revision = Revision.objects.get()
    assert revision.pk == proposed.pk
    assert revision.content["title"] == "Drones at the carnival"


def test_saving_the_published_content_unchanged_proposes_nothing(client, editor, initiative):
    client.force_login(editor)
    response = client.post(change_url(initiative), same_as(initiative), follow=True)
    assert "Nothing differs from the published version" in response.content.decode()
    assert not Revision.objects.exists()


def test_a_draft_is_changed_at_once(client, editor):
    draft = DraftFactory(title="Draft title")
    client.force_login(editor)
    client.post(change_url(draft), same_as(draft, title="Better draft title"))
    draft.refresh_from_db()
    assert draft.title == "Better draft title"
    assert not Revision.objects.exists()


def test_a_scheduled_item_is_reviewed_too(client, editor):
    later = timezone.now() + datetime.timedelta(days=2)
    scheduled = InitiativeFactory(title="Scheduled title", published_at=later)
    client.force_login(editor)
    client.post(change_url(scheduled), same_as(scheduled, title="Changed before it is due"))
    scheduled.refresh_from_db()
    assert scheduled.title == "Scheduled title"
    assert Revision.objects.pending().count() == 1


def test_review_page_compares_and_links_a_preview(client, publisher, proposed):
    client.force_login(publisher)
    page = client.get(review_url(proposed.item)).content.decode()
    assert "Drones over the carnival" in page and "Drones over the summer carnival" in page
    preview = f"/preview/initiatives/{proposed.object_id}/?revision={proposed.pk}"
    assert preview in page
    shown = client.get(preview).content.decode()
    assert "Drones over the summer carnival" in shown
    assert "as a revision proposes it" in shown


def test_approving_publishes_the_revision_and_records_both_people(
    client, editor, publisher, proposed
):
    client.force_login(publisher)
    response = client.post(review_url(proposed.item), {"_approve": "1"}, follow=True)
    assert "approved and is published" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.APPROVED and proposed.reviewer == publisher
    initiative = Initiative.objects.get()
    assert initiative.title == "Drones over the summer carnival"
    latest = initiative.history.first()
    assert latest.history_user == publisher
    assert editor.username in latest.history_change_reason
    client.logout()
    assert public_title(client, initiative)


def test_rejecting_needs_a_reason_and_keeps_the_published_version(client, publisher, proposed):
    client.force_login(publisher)
    refused = client.post(review_url(proposed.item), {"_reject": "1", "note": "  "})
    assert refused.status_code == 400
    assert "Say why the revision is rejected" in refused.content.decode()
    client.post(review_url(proposed.item), {"_reject": "1", "note": "The carnival is in May."})
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.REJECTED
    history = client.get(
        reverse("admin:initiatives_initiative_history", args=[proposed.object_id])
    ).content.decode()
    assert "The carnival is in May." in history and "Rejected" in history
    client.logout()
    assert not public_title(client, Initiative.objects.get())


def test_editors_may_read_a_revision_but_not_decide(client, editor, proposed):
    client.force_login(editor)
    page = client.get(review_url(proposed.item))
    assert page.status_code == 200
    assert "Approve and publish" not in page.content.decode()
    assert client.post(review_url(proposed.item), {"_approve": "1"}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.is_pending


def test_publishers_edit_published_content_directly_and_approve_what_they_saw(
    client, publisher, proposed
):
    client.force_login(publisher)
    initiative = Initiative.objects.get()
    client.post(
        change_url(initiative),
        same_as(initiative, title="Drones over the winter carnival", **PUBLISHED_AT),
    )
    initiative.refresh_from_db()
    assert initiative.title == "Drones over the winter carnival"
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.APPROVED


def test_themes_wait_for_review_too(client, editor, publisher, initiative):
    new_theme = ThemeFactory(name="Festivals")
    client.force_login(editor)
    client.post(change_url(initiative), same_as(initiative, themes=[new_theme.pk]))
    assert new_theme not in initiative.themes.all()
    client.force_login(publisher)
    assert "Festivals" in client.get(review_url(initiative)).content.decode()
    client.post(review_url(initiative), {"_approve": "1"})
    assert list(initiative.themes.all()) == [new_theme]


def test_approval_is_validated_like_a_save(client, publisher, proposed):
    InitiativeFactory(slug="taken")
    proposed.content["slug"] = "taken"
    proposed.save()
    client.force_login(publisher)
    response = client.post(review_url(proposed.item), {"_approve": "1"})
    assert response.status_code == 400
    assert "slug" in response.content.decode().lower()
    assert Revision.objects.get().is_pending


def test_news_items_wait_for_review(client, editor):
    item = NewsItemFactory(title="Conference in Nice")
    client.force_login(editor)
    data = {
        "title": "Conference in Nice, postponed",
        "slug": item.slug,
        "date": "2024-05-01",
        "lead": item.lead,
        "body": item.body,
        "language": "en",
    }
    client.post(change_url(item), data)
    item.refresh_from_db()
    assert item.title == "Conference in Nice"
    assert Revision.objects.pending().get().content["title"] == "Conference in Nice, postponed"


def test_recommendations_of_a_published_manifesto_wait_for_review(client, editor):
    recommendation = RecommendationFactory(title="Train the staff")
    client.force_login(editor)
    data = {
        "manifesto": recommendation.manifesto.pk,
        "number": recommendation.number,
        "title": "Train every member of staff",
        "text": recommendation.text,
    }
    client.post(change_url(recommendation), data)
    recommendation.refresh_from_db()
    assert recommendation.title == "Train the staff"
    assert Revision.objects.pending().count() == 1
    # Nor can an editor slip a change through the manifesto's inline, or add to it.
    manifesto_form = client.get(change_url(recommendation.manifesto)).content.decode()
    assert 'name="recommendations-0-title"' not in manifesto_form
    add_form = client.get(reverse("admin:initiatives_recommendation_add"))
    choices = add_form.context["adminform"].form.fields["manifesto"].queryset
    assert recommendation.manifesto not in choices


def test_an_unpublished_manifesto_is_edited_freely(client, editor):
    draft = ManifestoFactory(status=Status.DRAFT, published_at=None)
    recommendation = RecommendationFactory(manifesto=draft, title="Old")
    client.force_login(editor)
    data = {"manifesto": draft.pk, "number": recommendation.number, "title": "New", "text": "x"}
    client.post(change_url(recommendation), data)
    recommendation.refresh_from_db()
    assert recommendation.title == "New"


def test_editors_cannot_revert_a_published_item_from_its_history(client, editor, initiative):
    initiative.title = "Second title"
    initiative.save()
    client.force_login(editor)
    history = client.get(
        reverse("admin:initiatives_initiative_history", args=[initiative.pk])
    ).content.decode()
    assert "Choose a date from the list below to revert" not in history


def test_admin_index_counts_changes_awaiting_review(client, publisher, proposed):
    client.force_login(publisher)
    page = client.get(reverse("admin:index")).content.decode()
    assert "1 change to published content awaits review" in page
    queue = client.get(
        reverse("admin:initiatives_revision_changelist"), {"state__exact": "pending"}
    )
    assert review_url(proposed.item) in queue.content.decode()


def test_public_vocabulary_is_changed_by_publishers_only(client, editor, publisher, initiative):
    used = initiative.themes.get()
    unused = ThemeFactory(name="Not used yet")
    client.force_login(editor)
    theme_change = reverse("admin:initiatives_theme_change", args=[used.pk])
    assert client.post(theme_change, {"name": "Renamed", "slug": used.slug}).status_code == 403
    used.refresh_from_db()
    assert used.name != "Renamed"
    unused_change = reverse("admin:initiatives_theme_change", args=[unused.pk])
    client.post(unused_change, {"name": "Festivals", "slug": unused.slug})
    unused.refresh_from_db()
    assert unused.name == "Festivals"
    client.force_login(publisher)
    client.post(theme_change, {"name": "Renamed", "slug": used.slug})
    used.refresh_from_db()
    assert used.name == "Renamed"

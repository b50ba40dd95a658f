"""Following a search by e-mail (issue 18): double opt-in, digests of newly published
initiatives the list's filters find, never an item twice, one-click unsubscribe, management by
a signed link."""

import re
import smtplib
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from initiatives.models import DigestItem, Initiative, Status, Subscription
from initiatives.participation import guard
from initiatives.participation.digests import send_digests
from initiatives.workflow import PUBLISH, apply
from tests.factories import InitiativeFactory, ThemeFactory

FOLLOW = "/en/follow/"


@pytest.fixture
def drones(db):
    theme = ThemeFactory(name="Drones", slug="drones")
    InitiativeFactory(title="Drone detection at stadiums", themes=[theme])
    return theme


def follow(client, query, capture, email="reader@example.org", frequency="daily", lang="en"):
    data = {
        "email": email,
        "frequency": frequency,
        guard.STARTED: guard.started_token(time.time() - 30),
        guard.HONEYPOT: "",
    }
    with capture(execute=True):
        return client.post(f"/{lang}/follow/?{query}", data)


def local(link: str) -> str:
    return link.split("127.0.0.1:8000", 1)[1]


def link_in(message, fragment: str) -> str:
    return next(link for link in re.findall(r"https?://\S+", message.body) if fragment in link)


def confirmed_subscription(client, query, capture, **options) -> Subscription:
    follow(client, query, capture, **options)
    confirmation = mail.outbox.pop()
    link = local(link_in(confirmation, "/confirm/"))
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200
    return Subscription.objects.get(query=query, email=options.get("email", "reader@example.org"))


def publish_new(publisher, **fields):
    draft = InitiativeFactory(status=Status.DRAFT, published_at=None, **fields)
    apply(publisher, draft, PUBLISH)
    return draft


def test_every_list_offers_to_follow_its_search(client, drones):
    page = client.get("/en/initiatives/?theme=drones&q=stadiums").content.decode()
    assert 'href="/en/follow/?theme=drones&amp;q=stadiums"' in page
    form = client.get("/en/follow/?q=stadiums&theme=drones&page=2")
    assert form.status_code == 200
    assert "Drones" in form.content.decode()
    assert "It finds 1 initiative today." in form.content.decode()


def test_the_search_page_offers_to_follow_its_initiatives(client, drones):
    page = client.get("/en/search/?q=drone+stadiums").content.decode()
    assert 'href="/en/follow/?q=drone%20stadiums"' in page
    assert client.get("/en/follow/?q=drone%20stadiums").status_code == 200


def test_a_refused_search_cannot_be_followed(client, drones, django_capture_on_commit_callbacks):
    response = client.get("/en/follow/?theme=nope")
    assert response.status_code == 400
    assert "This search cannot be followed" in response.content.decode()
    assert follow(client, "theme=nope", django_capture_on_commit_callbacks).status_code == 400
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_double_opt_in_then_a_digest_of_new_matching_items_then_none_twice(
    client, drones, publisher, django_capture_on_commit_callbacks
):
    response = follow(client, "theme=drones", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    mail.outbox.clear()
    # Nothing is sent before the confirmation.
    publish_new(publisher, title="Drone pilots trained", themes=[drones])
    assert send_digests().sent == 0
    link = local(link_in(confirmation, "/confirm/"))
    # Opening the link (as a mail scanner does) confirms nothing; its button does.
    assert "Confirm" in client.get(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert "you follow this search" in client.post(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    publish_new(publisher, title="Drones over the harbour", themes=[drones])
    publish_new(publisher, title="Bike thefts down")  # another theme
    InitiativeFactory(title="Drones, still a draft", status=Status.DRAFT, published_at=None)
    InitiativeFactory(
        title="Drones, scheduled",
        themes=[drones],
        published_at=timezone.now() + timedelta(days=3),
    )
    assert send_digests().sent == 1
    (digest,) = mail.outbox
    assert "Drones over the harbour" in digest.body
    # Published before the confirmation, another theme, a draft, a scheduled item: none.
    for absent in ("Drone pilots trained", "Bike thefts", "still a draft", "scheduled"):
        assert absent not in digest.body
    assert digest.alternatives[0].mimetype == "text/html"
    assert "Drones over the harbour" in digest.alternatives[0].content
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for link in re.findall(r"https?://\S+", digest.body):
        if "/unsubscribe/" not in link:
            assert client.get(local(link)).status_code == 200, link

    # Run again now, and again days later: the item is never sent twice.
    assert send_digests().sent == 0
    assert send_digests(timezone.now() + timedelta(days=2)).sent == 0
    assert len(mail.outbox) == 1

    # One click, as a mail client does it: a POST without a page or a CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post(local(unsubscribe)).status_code == 200
    assert not Subscription.objects.exists()
    assert not DigestItem.objects.exists()


def test_a_failed_send_is_retried_and_a_repeated_run_sends_once(
    client, drones, publisher, monkeypatch, django_capture_on_commit_callbacks
):
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    publish_new(publisher, title="Drones over the harbour", themes=[drones])

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPConnectError(421, b"the mail server is away")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.message.EmailMessage.send", refuse)
        assert send_digests().failed == 1
    assert not DigestItem.objects.exists()  # not recorded: retried
    out = StringIO()
    call_command("send_participation_mail", stdout=out)
    assert "Digests sent: 1" in out.getvalue()
    call_command("send_participation_mail", stdout=out)
    assert len(mail.outbox) == 1


def test_a_send_that_may_have_been_delivered_is_never_sent_again(
    client, drones, publisher, monkeypatch, django_capture_on_commit_callbacks
):
    """The server took the message, then the connection broke: perhaps delivered, so it is
    recorded as sent rather than perhaps sent twice."""
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    publish_new(publisher, title="Drones over the harbour", themes=[drones])

    def delivered_then_broke(self, *args, **kwargs):
        mail.outbox.append(self)
        raise smtplib.SMTPServerDisconnected("connection closed after the message")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.message.EmailMessage.send", delivered_then_broke)
        assert send_digests().failed == 1
    call_command("send_participation_mail", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_weekly_digests_wait_a_week(client, drones, publisher, django_capture_on_commit_callbacks):
    confirmed_subscription(
        client, "theme=drones", django_capture_on_commit_callbacks, frequency="weekly"
    )
    assert send_digests().empty == 1  # nothing new yet; the week starts
    publish_new(publisher, title="Drones over the harbour", themes=[drones])
    assert send_digests(timezone.now() + timedelta(days=3)).sent == 0
    assert send_digests(timezone.now() + timedelta(days=7)).sent == 1


def test_a_french_subscriber_gets_french_e_mails_and_links(
    client, drones, django_capture_on_commit_callbacks
):
    follow(client, "theme=drones", django_capture_on_commit_callbacks, lang="fr")
    (confirmation,) = mail.outbox
    assert "Confirmez" in confirmation.subject
    assert "/fr/follow/confirm/" in confirmation.body


def test_a_french_subscriber_reads_the_french_version_of_a_new_summary(
    client, drones, publisher, django_capture_on_commit_callbacks
):
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks, lang="fr")
    original = publish_new(publisher, title="Drones over the harbour", themes=[drones])
    translation = publish_new(
        publisher,
        title="Des drones au-dessus du port",
        slug="drones-au-dessus-du-port",
        language="fr",
        translation_of=original,
        themes=[drones],
    )
    assert send_digests().sent == 1
    (digest,) = mail.outbox
    assert "Des drones au-dessus du port" in digest.body
    assert f"/fr/initiatives/{translation.slug}/" in digest.body
    assert "Drones over the harbour" not in digest.body


def test_an_initiative_named_in_one_version_is_not_named_again_in_another(
    client, drones, publisher, django_capture_on_commit_callbacks
):
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    original = InitiativeFactory(
        status=Status.DRAFT, published_at=None, title="Drones over the harbour", themes=[drones]
    )
    publish_new(
        publisher,
        title="Des drones au-dessus du port",
        slug="drones-au-dessus-du-port",
        language="fr",
        translation_of=original,
        themes=[drones],
    )
    assert send_digests().sent == 1  # the translation, while the original is a draft
    apply(publisher, original, PUBLISH)
    later = timezone.now() + timedelta(days=2)
    assert send_digests(later).sent == 0  # the original: the same initiative
    assert len(mail.outbox) == 1


def test_the_management_page_lists_changes_and_unsubscribes(
    client, drones, django_capture_on_commit_callbacks
):
    first = confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    confirmed_subscription(client, "q=cameras", django_capture_on_commit_callbacks)
    from initiatives.participation.subscriptions import links

    manage = local(links(first)["manage_url"])
    page = client.get(manage).content.decode()
    assert "theme=drones" in page and "q=cameras" in page
    assert client.post(manage, {"subscription": first.pk, "frequency": "weekly"}).status_code == 302
    first.refresh_from_db()
    assert first.frequency == "weekly"
    assert client.post(manage, {"subscription": first.pk, "frequency": "hourly"}).status_code == 400
    unsubscribe = local(links(first)["unsubscribe_url"])
    assert "Unsubscribe" in client.get(unsubscribe).content.decode()  # a GET only asks
    assert Subscription.objects.filter(pk=first.pk).exists()
    client.post(unsubscribe)
    assert "theme=drones" not in client.get(manage).content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/follow/confirm/garbage/",
        "/en/follow/manage/garbage/",
    ],
)
def test_bad_links_answer_404_with_a_way_on(client, db, path):
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()


def test_a_confirmation_link_expires_after_a_week(
    client, drones, django_capture_on_commit_callbacks, time_machine
):
    follow(client, "theme=drones", django_capture_on_commit_callbacks)
    link = local(link_in(mail.outbox[0], "/confirm/"))
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert client.post(link).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_a_forged_unsubscribe_link_removes_nothing(
    client, drones, django_capture_on_commit_callbacks
):
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    assert client.post("/en/follow/unsubscribe/1:forged/").status_code == 200
    assert Subscription.objects.count() == 1


def test_following_twice_sends_no_second_confirmation_once_confirmed(
    client, drones, django_capture_on_commit_callbacks
):
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    response = follow(client, "theme=drones", django_capture_on_commit_callbacks)
    assert response.status_code == 200  # the page says the same, whoever follows what
    assert mail.outbox == []
    assert Subscription.objects.count() == 1


def test_the_follow_form_is_guarded_like_the_others(
    client, drones, settings, django_capture_on_commit_callbacks
):
    settings.PARTICIPATION_RATE_LIMIT = "1/hour"
    assert follow(client, "theme=drones", django_capture_on_commit_callbacks).status_code == 200
    assert follow(client, "q=x", django_capture_on_commit_callbacks).status_code == 429
    data = {"email": "a@example.org", "frequency": "daily", guard.HONEYPOT: "x"}
    settings.PARTICIPATION_RATE_LIMIT = "100/hour"
    assert client.post(FOLLOW, data, REMOTE_ADDR="192.0.2.9").status_code == 400


def test_unconfirmed_addresses_are_deleted_after_a_week(
    client, drones, django_capture_on_commit_callbacks
):
    follow(client, "theme=drones", django_capture_on_commit_callbacks)
    Subscription.objects.update(created_at=timezone.now() - timedelta(days=8))
    call_command("purge_participation", stdout=StringIO())
    assert not Subscription.objects.exists()


def test_a_search_the_list_no_longer_accepts_sends_nothing_rather_than_everything(
    client, drones, publisher, django_capture_on_commit_callbacks
):
    confirmed_subscription(client, "theme=drones", django_capture_on_commit_callbacks)
    publish_new(publisher, title="Bike thefts down")
    # The only public initiative of the theme is withdrawn: the theme is no longer public,
    # and the list refuses "theme=drones" (400) instead of filtering by it.
    Initiative.objects.filter(themes=drones).update(status=Status.DRAFT)
    assert client.get("/en/initiatives/?theme=drones").status_code == 400
    report = send_digests()
    assert (report.sent, report.refused) == (0, 1)
    assert mail.outbox == []


def test_robots_are_asked_not_to_crawl_the_follow_and_correction_forms(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert {"Disallow: /en/follow/", "Disallow: /fr/initiatives/*/correct/"} <= set(lines)
    assert not any("propose" in line for line in lines)  # cities should find that one

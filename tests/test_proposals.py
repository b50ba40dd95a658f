"""Proposals and corrections from the public (issue 18): the forms, what keeps robots out, the
moderation queue in the admin, the e-mails, and that nothing proposed is public before it is
published."""

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.models import (
    City,
    Contact,
    Correction,
    CorrectionState,
    Initiative,
    Proposal,
    ProposalState,
    Status,
    Theme,
)
from initiatives.participation import guard
from initiatives.workflow import PUBLISH, apply
from tests.factories import CityFactory, InitiativeFactory, ThemeFactory

PROPOSE = "/en/propose/"
SECRET_WORDS = "Unmistakablewording of a proposal"


@pytest.fixture
def theme(db):
    # A public theme: one a published initiative uses.
    theme = ThemeFactory(name="Night-time economy", slug="night-time-economy")
    InitiativeFactory(themes=[theme])
    return theme


@pytest.fixture
def publishers_with_email(publisher):
    publisher.email = "paul@example.org"
    publisher.save()
    return publisher


def proposal_data(theme, **changes) -> dict:
    data = {
        "title": "Night mayors in Ghent",
        "lead": f"{SECRET_WORDS}: a night mayor mediates between residents and bars.",
        "city_name": "Ghent",
        "country": "BE",
        "start_year": "2022",
        "end_year": "",
        "themes": [str(theme.pk)],
        "other_themes": "Noise",
        "context": "Complaints about noise doubled in 2021.",
        "objectives": "Halve complaints within two years.",
        "activities": "A night mayor, stewards, a charter signed by 60 bars.",
        "budget": "€80,000 a year from the city.",
        "evaluation": "Internal count of complaints.",
        "budget_eur": "80000",
        "results": "Complaints down by 40 %",
        "language": "en",
        "contact_name": "Nadia Night",
        "organisation": "City of Ghent",
        "email": "nadia@example.org",
        "consent": "on",
        guard.STARTED: guard.started_token(time.time() - 30),
        guard.HONEYPOT: "",
    }
    return data | changes


def propose(client, data, capture):
    with capture(execute=True):
        return client.post(PROPOSE, data)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_the_form_shows_the_summary_structure_and_examples(client, theme):
    response = client.get(PROPOSE)
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Context", "Objectives", "Activities", "Budget", "Evaluation", "Results"):
        assert f">{label}" in page
    assert "Example: “Halve car thefts" in page  # what a good section looks like
    assert "Night-time economy" in page  # public themes are offered
    assert "privacy notice" in page
    assert "private" in response["Cache-Control"]


def test_a_proposal_is_received_acknowledged_and_publishers_told(
    client, theme, publishers_with_email, django_capture_on_commit_callbacks
):
    response = propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.state == ProposalState.RECEIVED
    assert proposal.contact.email == "nadia@example.org"
    assert proposal.contact.language == "en"
    assert list(proposal.themes.all()) == [theme]
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["nadia@example.org", "paul@example.org"]
    acknowledgement = next(m for m in mail.outbox if m.to == ["nadia@example.org"])
    assert "Night mayors in Ghent" in acknowledgement.subject
    assert acknowledgement.alternatives[0].mimetype == "text/html"
    notice = next(m for m in mail.outbox if m.to == ["paul@example.org"])
    admin_link = next(link for link in links_in(notice) if "/admin/" in link)
    client.force_login(publishers_with_email)
    path = admin_link.split("127.0.0.1:8000", 1)[1]
    assert client.get(path).status_code == 200


def test_a_french_proposer_gets_french_e_mails(client, theme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/propose/", proposal_data(theme))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Proposition reçue" in message.subject
    assert "Merci" in message.body


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda: {guard.HONEYPOT: "http://spam.example"}, "a field meant to stay empty"),
        (lambda: {guard.STARTED: guard.started_token()}, "a moment after it was shown"),
        (lambda: {guard.STARTED: "forged"}, "open for too long or was damaged"),
        (
            lambda: {guard.STARTED: guard.started_token(time.time() - 3 * 86400)},
            "open for too long",
        ),
    ],
    ids=["honeypot", "too fast", "forged time", "expired form"],
)
def test_robots_are_refused_with_a_message_and_the_text_kept(
    client, theme, change, message, django_capture_on_commit_callbacks
):
    response = propose(client, proposal_data(theme) | change(), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Complaints about noise doubled" in page  # nothing written is lost
    assert not Proposal.objects.exists()
    assert mail.outbox == []


def test_the_rate_limit_answers_429_with_retry_after(
    client, theme, settings, django_capture_on_commit_callbacks
):
    settings.PARTICIPATION_RATE_LIMIT = "2/hour"
    for _attempt in range(2):
        assert (
            propose(client, proposal_data(theme), django_capture_on_commit_callbacks).status_code
            == 302
        )
    response = propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "try again in" in response.content.decode()
    assert Proposal.objects.count() == 2
    # Another address is not held back.
    other = client.post(PROPOSE, proposal_data(theme), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"context": "x" * 5001}, "at most 5000 characters"),
        ({"end_year": "2019"}, "The end year cannot be before the start year"),
        ({"start_year": "1800"}, "greater than or equal to 1990"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"consent": ""}, "This field is required"),
        ({"themes": [], "other_themes": ""}, "Choose at least one theme"),
        ({"results": "a" * 170}, "characters"),
        (
            {
                "activities": "see https://a.example https://b.example www.c.example http://d.example"
            },
            "Write at most 3 links (this has 4)",
        ),
        ({"themes": ["999999"]}, "Select a valid choice"),
        # Repeated in the acknowledgement, which goes to an address nobody has checked.
        ({"contact_name": "Win at casino.example"}, "Write this without a web address"),
    ],
    ids=[
        "section too long",
        "years",
        "year range",
        "e-mail",
        "consent",
        "no theme",
        "long result",
        "links",
        "unknown theme",
        "link in the name",
    ],
)
def test_bad_input_is_named_and_answered_400(
    client, theme, change, field_message, django_capture_on_commit_callbacks
):
    response = propose(client, proposal_data(theme) | change, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_theme_only_drafts_use_is_not_offered(client, theme):
    hidden = ThemeFactory(name="Secret theme")
    InitiativeFactory(themes=[hidden], status=Status.DRAFT, published_at=None)
    assert "Secret theme" not in client.get(PROPOSE).content.decode()
    response = client.post(PROPOSE, proposal_data(theme, themes=[str(hidden.pk)]))
    assert response.status_code == 400


def test_nul_characters_are_refused_not_a_500(client, theme):
    response = client.post(PROPOSE, proposal_data(theme, title="Night\x00mayors"))
    assert response.status_code == 400


def admin_post(client, proposal, **data):
    url = reverse("admin:initiatives_proposal_change", args=[proposal.pk])
    form = {
        "city": "",
        "themes": [str(pk) for pk in proposal.themes.values_list("pk", flat=True)],
        "other_themes": proposal.other_themes,
        "reason": "",
    }
    return client.post(url, form | data)


def test_a_proposal_becomes_a_draft_with_its_city_and_themes_then_is_announced(
    client, theme, editor, publisher, django_capture_on_commit_callbacks
):
    propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    mail.outbox.clear()
    client.force_login(editor)
    index = client.get("/admin/").content.decode()
    assert "1 proposal from the public awaits moderation" in index
    response = admin_post(client, proposal, _make_draft="1")
    initiative = Initiative.objects.get(title="Night mayors in Ghent")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:initiatives_initiative_change", args=[initiative.pk]
    )
    assert initiative.status == Status.DRAFT
    assert initiative.contact == ""  # the sender's details stay with the proposal
    assert [city.name for city in initiative.cities.all()] == ["Ghent"]
    assert City.objects.get(name="Ghent").country == "BE"  # unknown: created
    assert sorted(t.name for t in initiative.themes.all()) == ["Night-time economy", "Noise"]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFTED
    assert proposal.initiative == initiative
    assert client.get(initiative.get_absolute_url()).status_code == 404
    # Publication is the usual workflow; the proposer hears of it from the cron command.
    apply(publisher, initiative, PUBLISH)
    call_command("send_participation_mail", stdout=StringIO())
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert "Published" in message.subject
    link = next(link for link in links_in(message) if "/initiatives/" in link)
    assert client.get(link.split("127.0.0.1:8000", 1)[1]).status_code == 200
    call_command("send_participation_mail", stdout=StringIO())
    assert len(mail.outbox) == 1  # told once


def test_an_editor_maps_the_city_to_the_catalogues_spelling(
    client, theme, editor, django_capture_on_commit_callbacks
):
    gent = CityFactory(name="Gent", country="BE")
    propose(client, proposal_data(theme, other_themes=""), django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    client.force_login(editor)
    admin_post(client, proposal, city=str(gent.pk), _make_draft="1")
    initiative = Initiative.objects.get(title="Night mayors in Ghent")
    assert list(initiative.cities.all()) == [gent]
    assert not City.objects.filter(name="Ghent").exists()
    assert list(initiative.themes.all()) == [theme]


def test_declining_needs_a_reason_which_the_proposer_receives(
    client, theme, editor, django_capture_on_commit_callbacks
):
    propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    mail.outbox.clear()
    client.force_login(editor)
    refused = admin_post(client, proposal, _decline="1")
    assert refused.status_code == 200
    assert "Write the reason" in refused.content.decode()
    assert Proposal.objects.get().state == ProposalState.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_post(
            client, proposal, reason="It is a private company's product.", _decline="1"
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert proposal.decided_by == editor
    (message,) = mail.outbox
    assert "It is a private company's product." in message.body
    assert "It is a private company&#x27;s product." in message.alternatives[0].content
    # A decided proposal cannot be turned into a draft any more.
    admin_post(client, proposal, _make_draft="1")
    assert not Initiative.objects.filter(title="Night mayors in Ghent").exists()


def test_nothing_proposed_is_public_before_publication(
    client, theme, editor, django_capture_on_commit_callbacks
):
    propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    client.force_login(editor)
    admin_post(client, Proposal.objects.get(), _make_draft="1")
    client.logout()
    pages = [
        "/en/initiatives/",
        "/en/initiatives/?q=mediates",
        "/en/search/?q=mediates",
        "/en/initiatives/feed/atom/",
        "/api/v1/initiatives/",
        "/sitemap-initiatives.xml",
        f"/en/cities/{City.objects.get(name='Ghent').slug}/",  # created for the draft
        "/en/themes/noise/",
        "/api/v1/cities/",
    ]
    for path in pages:
        page = client.get(path).content.decode()
        assert "mediates between residents" not in page, path
        assert "Night mayors" not in page, path


def test_contacts_are_deleted_after_the_retention_period(
    client, theme, editor, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_RETENTION_DAYS = 30
    propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    client.force_login(editor)
    admin_post(client, proposal, reason="Out of scope.", _decline="1")
    Proposal.objects.update(decided_at=timezone.now() - timedelta(days=29))
    call_command("purge_participation", stdout=StringIO())
    assert Contact.objects.count() == 1
    Proposal.objects.update(decided_at=timezone.now() - timedelta(days=31))
    call_command("purge_participation", stdout=StringIO())
    assert not Contact.objects.exists()
    proposal.refresh_from_db()
    assert proposal.title == "Night mayors in Ghent"  # the editorial record stays
    page = client.get(reverse("admin:initiatives_proposal_change", args=[proposal.pk]))
    assert "deleted after the retention period" in page.content.decode()


# --- corrections ------------------------------------------------------------------------------


def correction_data(**changes):
    data = {
        "section": "budget",
        "message": "The budget was €90,000, not €80,000 (council minutes of 3 May).",
        "email": "",
        guard.STARTED: guard.started_token(time.time() - 30),
        guard.HONEYPOT: "",
    }
    return data | changes


def test_every_summary_offers_a_correction_which_reaches_the_queue(client, editor):
    initiative = InitiativeFactory(title="Safe routes to school")
    page = client.get(initiative.get_absolute_url()).content.decode()
    form_url = f"/en/initiatives/{initiative.slug}/correct/"
    assert f'href="{form_url}"' in page
    form = client.get(form_url)
    assert form.status_code == 200
    assert "Safe routes to school" in form.content.decode()
    response = client.post(form_url, correction_data(email="reader@example.org"))
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.initiative == initiative
    assert correction.contact.email == "reader@example.org"
    assert "Back to the summary" in client.get(response["Location"]).content.decode()
    # The editor opens it, resolves it, and lands on the summary's form.
    client.force_login(editor)
    assert "1 suggested correction awaits moderation" in client.get("/admin/").content.decode()
    change = reverse("admin:initiatives_correction_change", args=[correction.pk])
    assert "council minutes" in client.get(change).content.decode()
    response = client.post(change, {"_resolve_and_open": "1"})
    assert response["Location"] == reverse(
        "admin:initiatives_initiative_change", args=[initiative.pk]
    )
    correction.refresh_from_db()
    assert correction.state == CorrectionState.RESOLVED
    assert correction.decided_by == editor


def test_a_correction_without_an_address_and_bad_ones(client, db):
    initiative = InitiativeFactory()
    url = f"/en/initiatives/{initiative.slug}/correct/"
    assert client.post(url, correction_data()).status_code == 302
    assert Correction.objects.get().contact is None
    assert client.post(url, correction_data(section="nope")).status_code == 400
    assert client.post(url, correction_data(message="")).status_code == 400
    assert client.post(url, correction_data(message="m" * 3001)).status_code == 400
    assert client.post(url, correction_data(**{guard.HONEYPOT: "x"})).status_code == 400
    assert Correction.objects.count() == 1


def test_drafts_cannot_be_corrected_from_outside(client, db):
    draft = InitiativeFactory(status=Status.DRAFT, published_at=None)
    assert client.get(f"/en/initiatives/{draft.slug}/correct/").status_code == 404
    assert (
        client.post(f"/en/initiatives/{draft.slug}/correct/", correction_data()).status_code == 404
    )


def test_editors_may_moderate_and_only_publishers_delete(editor, publisher):
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_proposal").exists()
    assert not editors.permissions.filter(codename="delete_proposal").exists()
    assert publisher.has_perm("initiatives.delete_proposal")
    assert not editor.has_perm("initiatives.view_subscription")


def test_themes_are_created_only_when_unknown(
    client, theme, editor, django_capture_on_commit_callbacks
):
    ThemeFactory(name="Noise", slug="noise", name_fr="Bruit")
    propose(client, proposal_data(theme), django_capture_on_commit_callbacks)
    french = proposal_data(theme, other_themes="bruit", title="Nuits calmes à Gand")
    propose(client, french, django_capture_on_commit_callbacks)
    client.force_login(editor)
    for proposal in Proposal.objects.all():
        admin_post(client, proposal, _make_draft="1")
    assert Theme.objects.filter(name__iexact="noise").count() == 1
    assert Theme.objects.filter(name_fr__iexact="bruit").count() == 1


@pytest.mark.parametrize(
    "path, words",
    [
        ("/en/about/privacy/", "deleted 45 days after the decision"),
        ("/fr/about/privacy/", "supprimées 45 jours après la décision"),
    ],
)
def test_the_privacy_notice_states_the_retention_period(client, db, settings, path, words):
    settings.CONTACT_RETENTION_DAYS = 45
    assert words in client.get(path).content.decode()


def test_list_actions_draft_several_proposals_and_close_corrections(
    client, theme, editor, django_capture_on_commit_callbacks
):
    for title in ("First proposal", "Second proposal"):
        propose(client, proposal_data(theme, title=title), django_capture_on_commit_callbacks)
    client.force_login(editor)
    changelist = reverse("admin:initiatives_proposal_changelist")
    selected = [str(pk) for pk in Proposal.objects.values_list("pk", flat=True)]
    response = client.post(
        changelist, {"action": "make_drafts", "_selected_action": selected}, follow=True
    )
    assert "2 draft initiatives were created." in response.content.decode()
    assert Initiative.objects.filter(title__endswith="proposal", status=Status.DRAFT).count() == 2
    again = client.post(
        changelist, {"action": "make_drafts", "_selected_action": selected}, follow=True
    )
    assert "Not a new proposal: First proposal" in again.content.decode()
    assert Initiative.objects.filter(title__endswith="proposal").count() == 2

    initiative = InitiativeFactory()
    corrections = [
        Correction.objects.create(initiative=initiative, section="lead", message=str(n))
        for n in range(3)
    ]
    client.post(
        reverse("admin:initiatives_correction_changelist"),
        {"action": "dismiss", "_selected_action": [str(corrections[0].pk)]},
    )
    client.post(
        reverse("admin:initiatives_correction_changelist"),
        {"action": "mark_resolved", "_selected_action": [str(c.pk) for c in corrections]},
    )
    states = [Correction.objects.get(pk=c.pk).state for c in corrections]
    assert states == [CorrectionState.DISMISSED, CorrectionState.RESOLVED, CorrectionState.RESOLVED]

"""A proposal's life: received (acknowledged, publishers told), turned into a draft initiative
or declined with a reason, and, once its initiative is public, announced to the proposer.

The e-mails sent while someone waits (the proposer's acknowledgement, the publishers' notice,
the decline) are sent after the transaction commits and never turn a saved proposal into an
error page (mail.send_quietly). The publication notice is sent by the cron command, because
an initiative may become public at a scheduled date, when no request runs.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import (
    SECTIONS,
    City,
    Correction,
    Initiative,
    Proposal,
    ProposalState,
    Status,
    Theme,
)
from initiatives.participation import mail
from initiatives.transfer import unique_slug

log = logging.getLogger(__name__)
COPIED = ["title", "lead", *SECTIONS, "budget_eur", "results", "language", "start_year"]


def receive(form, language: str) -> Proposal:
    """Save a valid ProposalForm with its sender apart; acknowledge and tell the publishers."""
    with transaction.atomic():
        contact = form.contact(language)
        contact.save()
        proposal = form.save(commit=False)
        proposal.contact = contact
        proposal.save()
        form.save_m2m()
        transaction.on_commit(lambda: announce_received(proposal))
    return proposal


def receive_correction(form, initiative: Initiative, language: str) -> Correction:
    """Save a valid CorrectionForm for `initiative`, its sender's address (if given) apart,
    both or neither."""
    with transaction.atomic():
        correction = form.save(commit=False)
        contact = form.contact(language)
        if contact:
            contact.save()
            correction.contact = contact
        correction.initiative = initiative
        correction.save()
    return correction


def announce_received(proposal: Proposal) -> None:
    """The acknowledgement and the publishers' notice, over one connection: the sender waits
    for them, and a mail server that does not answer costs one timeout, not one per message."""
    contact = proposal.contact
    admin_url = mail.absolute(reverse("admin:initiatives_proposal_change", args=[proposal.pk]))
    messages = [
        mail.message("proposal_received", [contact.email], contact.language, {"proposal": proposal})
    ]
    messages += [
        mail.message(
            "proposal_for_publishers",
            [address],
            mail.default_language(),
            {"proposal": proposal, "admin_url": admin_url},
        )
        for address in mail.publishers_addresses()
    ]
    mail.send_all_quietly(messages)


def city_of(proposal: Proposal) -> City:
    """The editor's choice, else the city of that name and country, else a new one (a draft's
    city is not public until the initiative is published)."""
    if proposal.city_id:
        return proposal.city
    name = proposal.city_name.strip()
    found = City.objects.filter(
        Q(name__iexact=name) | Q(other_names__contains=[name]), country=proposal.country
    ).first()
    if found:
        return found
    return City.objects.create(
        name=name,
        country=proposal.country,
        slug=unique_slug(City, f"{name} {proposal.country.code}"),
    )


def themes_of(proposal: Proposal) -> list[Theme]:
    themes = list(proposal.themes.all())
    for name in proposal.other_theme_names():
        theme = Theme.objects.filter(Q(name__iexact=name) | Q(name_fr__iexact=name)).first()
        if theme is None:
            theme = Theme.objects.create(name=name[:100], slug=unique_slug(Theme, name))
        if theme not in themes:
            themes.append(theme)
    return themes


class NotReceived(Exception):
    """The proposal was already drafted, published or declined."""


def make_draft(proposal: Proposal, user) -> Initiative:
    """A draft initiative with the proposal's text, its city and themes mapped or created. The
    sender's details stay with the proposal: a summary names a department, not a person."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != ProposalState.RECEIVED:
            raise NotReceived
        initiative = Initiative(
            **{name: getattr(proposal, name) for name in COPIED},
            end_year=proposal.end_year,
            slug=unique_slug(Initiative, proposal.title),
            status=Status.DRAFT,
        )
        initiative._change_reason = _("created from a proposal")
        initiative.save()
        initiative.cities.set([city_of(proposal)])
        initiative.themes.set(themes_of(proposal))
        proposal.initiative = initiative
        proposal.state = ProposalState.DRAFTED
        proposal.decided_by = user
        proposal.save(update_fields=["initiative", "state", "decided_by"])
    return initiative


def decline(proposal: Proposal, reason: str, user) -> None:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != ProposalState.RECEIVED:
            raise NotReceived
        proposal.state = ProposalState.DECLINED
        proposal.reason = reason
        proposal.decided_at = timezone.now()
        proposal.decided_by = user
        proposal.save(update_fields=["state", "reason", "decided_at", "decided_by"])
        transaction.on_commit(lambda: tell_declined(proposal))


def tell_declined(proposal: Proposal) -> None:
    contact = proposal.contact
    if contact:
        mail.send_quietly(
            "proposal_declined", [contact.email], contact.language, {"proposal": proposal}
        )


def announce_published() -> int:
    """Tell the proposers whose initiative has become public; returns how many were told.

    Each proposal is marked before its message is sent and the mark committed, so a run that
    is repeated or interrupted never sends it twice; a message the server refused is unmarked
    for the next run. A crash between the commit and the sending loses that one message."""
    told = 0
    public = Initiative.objects.published().values("pk")
    waiting = Proposal.objects.filter(state=ProposalState.DRAFTED, initiative__in=public)
    for pk in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            proposal = (
                Proposal.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, state=ProposalState.DRAFTED)
                .select_related("contact", "initiative")
                .first()
            )
            if proposal is None:
                continue  # another run has it
            proposal.state = ProposalState.PUBLISHED
            proposal.decided_at = timezone.now()
            proposal.save(update_fields=["state", "decided_at"])
        contact = proposal.contact
        if contact is None:
            continue
        try:
            mail.send(
                "proposal_published",
                [contact.email],
                contact.language,
                {
                    "proposal": proposal,
                    "initiative_url": mail.url_in(
                        contact.language, "initiatives:detail", proposal.initiative.slug
                    ),
                },
            )
        except mail.NOT_SENT:
            log.exception("the publication of proposal %s was refused; told later", pk)
            Proposal.objects.filter(pk=pk).update(state=ProposalState.DRAFTED, decided_at=None)
            continue
        except Exception:
            # Perhaps delivered: not tried again, rather than perhaps sent twice.
            log.exception("the publication of proposal %s may not have been announced", pk)
            continue
        told += 1
    return told

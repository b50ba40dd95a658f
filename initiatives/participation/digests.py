"""The digests of followed searches, sent by `manage.py send_participation_mail` from cron.

A confirmed subscription is due once a day or once a week (its choice). Its digest names the
initiatives published since it was confirmed that its search finds now (the list's FilterSet over
`published()`, through CatalogueQuery: what the list shows, nothing else) and that no earlier
digest named.

Never twice: the items of a digest are recorded (DigestItem, unique per subscription and
initiative) and committed *before* the message is sent. A repeated run finds them recorded; a
second run at the same time skips the subscription its row lock holds. If the mail server
refuses the message, the record is removed again and the next run retries. The one case left,
a crash between the commit and the sending, loses that digest rather than sending it twice:
the issue asks for "never twice", and a missed digest's items are still on the list's page.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from initiatives.catalogue_query import CatalogueQuery
from initiatives.models import DigestItem, Frequency, Initiative, Subscription
from initiatives.participation import mail, subscriptions

log = logging.getLogger(__name__)
MAX_ITEMS = 30  # in one message; the rest follow in the next
# Due a little before a full period, so that a daily cron job at a fixed hour is never a
# minute late for the previous day's digest.
# Half the hourly cron's period early: a run a few seconds late or early keeps the same hour.
PERIODS = {
    Frequency.DAILY: timedelta(hours=23, minutes=30),
    Frequency.WEEKLY: timedelta(days=6, hours=23, minutes=30),
}


@dataclass
class Report:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    refused: int = 0  # a saved search the FilterSet no longer accepts


def due(now):
    conditions = Q()
    for frequency, period in PERIODS.items():
        conditions |= Q(frequency=frequency) & (
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - period)
        )
    return Subscription.objects.filter(conditions, confirmed_at__isnull=False)


def new_items(subscription: Subscription) -> list[Initiative] | None:
    """What the digest would name, in the list's order; None when the search is refused (a
    theme no longer public, say): leaving the filter out would send the whole catalogue."""
    filterset, _total, rows = CatalogueQuery(QueryDict(subscription.query)).every_row()
    if filterset.errors:
        return None
    already = DigestItem.objects.filter(subscription=subscription).values("initiative")
    # An initiative named once, in any of its versions, is not named again when another
    # version of it (its original, published later) becomes the one the list keeps.
    named = (
        Q(pk__in=already)
        | Q(translation_of__in=already)
        | Q(translations__in=already)
        | Q(translation_of__translations__in=already)
    )
    rows = rows.filter(published_at__gt=subscription.confirmed_at).exclude(named)
    return list(
        rows.select_related(None)
        .only("pk", "slug", "title", "lead", "language")
        .with_versions()[:MAX_ITEMS]
    )


def in_language(items: list[Initiative], language: str) -> list[Initiative]:
    """Each item in the subscriber's language where it has a public version in it, as the
    list shows its cards (catalogue_query.in_visitors_language)."""
    swaps = {
        item.pk: version["id"]
        for item in items
        if item.language != language
        for version in item.versions
        if version["language"] == language
    }
    if not swaps:
        return items
    versions = (
        Initiative.objects.published()
        .only("pk", "slug", "title", "lead", "language")
        .in_bulk(swaps.values())
    )
    return [versions.get(swaps.get(item.pk), item) for item in items]


def send_digests(now=None) -> Report:
    now = now or timezone.now()
    report = Report()
    for pk in due(now).values_list("pk", flat=True):
        send_one(pk, now, report)
    return report


def send_one(pk: int, now, report: Report) -> None:
    with transaction.atomic():
        subscription = (
            due(now).select_for_update(skip_locked=True).filter(pk=pk).first()
        )  # gone, unsubscribed, or being sent by another run
        if subscription is None:
            return
        items = new_items(subscription)
        previous = subscription.last_digest_at
        subscription.last_digest_at = now
        subscription.save(update_fields=["last_digest_at"])
        if items is None:
            report.refused += 1
            log.warning("followed search %s is refused by the list's filters", pk)
            return
        if not items:
            report.empty += 1
            return
        DigestItem.objects.bulk_create(
            DigestItem(subscription=subscription, initiative=item) for item in items
        )
    try:
        message(subscription, items).send()
    except mail.NOT_SENT:
        log.exception("the digest of followed search %s was refused; tried again later", pk)
        with transaction.atomic():
            DigestItem.objects.filter(subscription=subscription, initiative__in=items).delete()
            Subscription.objects.filter(pk=pk).update(last_digest_at=previous)
        report.failed += 1
        return
    except Exception:
        # Perhaps delivered: recorded as sent, rather than perhaps sent twice.
        log.exception("the digest of followed search %s may not have been sent", pk)
        report.failed += 1
        return
    report.sent += 1


def message(subscription: Subscription, items: list[Initiative]):
    language = subscription.language
    links = subscriptions.links(subscription)
    entries = [
        {
            "title": item.title,
            "lead": item.lead,
            "language": item.language,
            "url": mail.url_in(language, "initiatives:detail", item.slug),
        }
        for item in in_language(items, language)
    ]
    return mail.message(
        "digest",
        [subscription.email],
        language,
        {"subscription": subscription, "items": entries, **links},
        unsubscribe=links["unsubscribe_url"],
    )

"""Searches followed by e-mail: what is saved, and the signed links that act on it.

The saved search is the list's query string without its page and order, so a digest finds what
the list would show. Links carry a signature instead of a password: the confirmation link
expires after a week, the unsubscribe and management links do not (they are in every digest).
An address that was never confirmed is deleted by `purge_participation` after that week.
"""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.catalogue_query import CatalogueQuery
from initiatives.models import Subscription
from initiatives.participation import mail
from initiatives.views.params import without_blank_values

CONFIRM_SALT = "initiatives.participation.confirm"
UNSUBSCRIBE_SALT = "initiatives.participation.unsubscribe"
MANAGE_SALT = "initiatives.participation.manage"
CONFIRMATION_DAYS = 7
NOT_SAVED = {"page", "sort", "synonyms"}
MAX_QUERY = Subscription._meta.get_field("query").max_length


def saved_query(data: QueryDict) -> QueryDict:
    """The criteria of a list request, as a digest will apply them again."""
    criteria = without_blank_values(data).copy()
    for name in NOT_SAVED:
        criteria.pop(name, None)
    return criteria


def query_errors(criteria: QueryDict) -> dict:
    """What the list's FilterSet refuses in these criteria (a digest must not silently drop a
    filter and send everything)."""
    filterset, _total, _rows = CatalogueQuery(criteria).every_row()
    return dict(filterset.errors)


def subscribe(email: str, frequency: str, query: str, language: str) -> Subscription | None:
    """Save (or renew) the subscription and send the confirmation link. An address already
    following this search is told nothing new (a confirmed one gets no second confirmation),
    so the form reveals nothing about who follows what."""
    email = email.strip()
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email__iexact=email,
                query=query,
                defaults={"email": email, "frequency": frequency, "language": language},
            )
    except IntegrityError:  # the same address sent twice at once
        return None
    if subscription.confirmed_at is None:
        subscription.frequency, subscription.language = frequency, language
        subscription.save(update_fields=["frequency", "language"])
        transaction.on_commit(lambda: send_confirmation(subscription))
    return subscription


def send_confirmation(subscription: Subscription) -> None:
    language = subscription.language
    mail.send_quietly(
        "subscription_confirm",
        [subscription.email],
        language,
        {
            "subscription": subscription,
            "search_url": search_url(subscription),
            "confirm_url": mail.url_in(
                language, "participation:confirm", signing.dumps(subscription.pk, salt=CONFIRM_SALT)
            ),
            "days": CONFIRMATION_DAYS,
        },
    )


def to_confirm(token: str) -> Subscription | None:
    """The subscription a confirmation link names, while the link is valid."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=pk).first()


def confirmed(token: str) -> Subscription | None:
    subscription = to_confirm(token)
    if subscription and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def from_unsubscribe_token(token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=pk).first()


def manage_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=MANAGE_SALT)


def email_of_manage_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None


def subscriptions_of(email: str):
    return Subscription.objects.filter(email__iexact=email, confirmed_at__isnull=False).order_by(
        "created_at"
    )


def search_url(subscription: Subscription) -> str:
    path = reverse_in(subscription.language, "initiatives:list")
    return mail.absolute(f"{path}?{subscription.query}" if subscription.query else path)


def reverse_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def links(subscription: Subscription) -> dict:
    """The addresses every digest carries."""
    language = subscription.language
    return {
        "unsubscribe_url": mail.url_in(
            language, "participation:unsubscribe", unsubscribe_token(subscription)
        ),
        "manage_url": mail.url_in(
            language, "participation:manage", manage_token(subscription.email)
        ),
        "search_url": search_url(subscription),
    }


def expired_unconfirmed():
    return Subscription.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(days=CONFIRMATION_DAYS),
    )

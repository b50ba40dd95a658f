"""`manage.py purge_participation`: for cron, once a day (README, "Participation").

Deletes the personal data that participation keeps no longer than the privacy notice says:
- the sender of a proposal or correction, CONTACT_RETENTION_DAYS after its decision (published,
  declined, resolved, dismissed), and in any case a year after it was sent;
- subscriptions never confirmed, a week after they were asked for.
The proposals and corrections themselves stay: they are the editorial record.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Contact
from initiatives.participation.subscriptions import expired_unconfirmed

LONGEST_KEPT = timedelta(days=365)


def expired_contacts(now):
    decided_before = now - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    return Contact.objects.filter(
        Q(proposals__decided_at__lt=decided_before)
        | Q(corrections__decided_at__lt=decided_before)
        | Q(created_at__lt=now - LONGEST_KEPT)
    ).distinct()


class Command(BaseCommand):
    help = "Delete proposers' and correctors' details and unconfirmed subscriptions when due."

    def handle(self, *args, **options):
        now = timezone.now()
        contacts, _detail = Contact.objects.filter(
            pk__in=expired_contacts(now).values("pk")
        ).delete()
        subscriptions, _detail = expired_unconfirmed().delete()
        self.stdout.write(
            _(
                "Deleted: %(contacts)d senders' details, %(subscriptions)d unconfirmed "
                "subscriptions."
            )
            % {"contacts": contacts, "subscriptions": subscriptions}
        )

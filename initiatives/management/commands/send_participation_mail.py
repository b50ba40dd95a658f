"""`manage.py send_participation_mail`: for cron, every hour (README, "Participation").

Tells proposers whose initiative has become public (a scheduled publication included), then
sends the digests that are due. Safe to run again at any time, or twice at once: nothing is
sent twice (participation/digests.py says how).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from initiatives.participation.digests import send_digests
from initiatives.participation.proposals import announce_published


class Command(BaseCommand):
    help = "Tell proposers about published proposals and send the digests of followed searches."

    def handle(self, *args, **options):
        told = announce_published()
        report = send_digests()
        self.stdout.write(
            _(
                "Proposers told of a publication: %(told)d. Digests sent: %(sent)d, with "
                "nothing new: %(empty)d, failed (retried next time): %(failed)d, searches no "
                "longer valid: %(refused)d."
            )
            % {
                "told": told,
                "sent": report.sent,
                "empty": report.empty,
                "failed": report.failed,
                "refused": report.refused,
            }
        )

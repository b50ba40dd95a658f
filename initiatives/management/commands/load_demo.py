from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from initiatives.demo import DEMO_FILE, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalogue. Items that already exist (same slug) are kept as they are, "
        "so it is safe to run again after editing content in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=DEMO_FILE)

    def handle(self, *args, path, **options):
        report = load_demo(path)
        self.stdout.write(self.style.SUCCESS(_("Demo content: %(report)s") % {"report": report}))

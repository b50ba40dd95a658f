"""`manage.py render_sections`: every summary's Markdown sections rendered and kept as HTML
(Initiative.sections_html) where the kept HTML is missing or was rendered from another text or
by another rendering (markdown.RENDERER: this module's rules, Markdown's and nh3's versions, the
sanitiser's settings). Saving a summary keeps its HTML up to date; this is for summaries written
before, or without save() (an SQL update, a bulk load), and after an upgrade of either library.
Pages render what is not kept when read, so it is never urgent; `make db` and `make bench` run
it."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.markdown import kept_html
from initiatives.models import Initiative
from initiatives.models.catalogue import MARKDOWN_FIELDS

BATCH = 500


class Command(BaseCommand):
    help = (
        "Render the Markdown sections of every summary whose kept HTML is missing or out of "
        "date, and keep it (summary pages read it instead of rendering)."
    )

    def handle(self, *args, verbosity, **options):
        rendered = 0
        rows = Initiative.objects.only("pk", "sections_html", *MARKDOWN_FIELDS).order_by("pk")
        batch = []
        for initiative in rows.iterator(chunk_size=BATCH):
            fresh = kept_html(initiative, MARKDOWN_FIELDS, initiative.sections_html)
            if fresh != initiative.sections_html:
                initiative.sections_html = fresh
                batch.append(initiative)
            if len(batch) == BATCH:
                rendered += keep(batch)
        rendered += keep(batch)
        if verbosity:
            self.stdout.write(_("Sections rendered for %(count)d summaries.") % {"count": rendered})


def keep(batch: list) -> int:
    """Writes the batch's HTML, and empties it."""
    count = len(batch)
    with transaction.atomic():
        Initiative.objects.bulk_update(batch, ["sections_html"])
    batch.clear()
    return count

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from tqdm import tqdm

from initiatives import synthetic
from initiatives.models import PoolEntry


class Command(BaseCommand):
    help = (
        "Create synthetic initiatives (slugs starting with 'synthetic-') for performance "
        "measurements. Needs the demo themes and cities."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only create what is missing to reach --count synthetic initiatives.",
        )
        parser.add_argument("--clear", action="store_true", help="Delete synthetic ones first.")

    def handle(self, *args, count, seed, if_missing, clear, **options):
        if count < 0:
            raise CommandError(_("--count must not be negative."))
        if clear:
            deleted = synthetic.remove_all()
            self.stdout.write(_("Deleted %(count)d synthetic rows.") % {"count": deleted})
        if if_missing:
            count = max(
                0,
                count
                - synthetic.Initiative.objects.filter(
                    slug__startswith=synthetic.SLUG_PREFIX
                ).count(),
            )
        if count == 0:
            self.stdout.write(_("Nothing to create."))
            return
        try:
            with tqdm(total=count, unit="initiative", disable=options["verbosity"] == 0) as bar:
                created = synthetic.generate(count, seed=seed, progress=bar.update)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(_("Created %(count)d synthetic initiatives.") % {"count": created})
        )
        if connection.in_atomic_block:  # called inside a transaction: VACUUM cannot run there
            self.stdout.write(_("Inside a transaction: the table is not compacted."))
            return
        # Adding cities and themes rewrites every new row once (the triggers fill its keywords
        # and arrays), which leaves half the table dead; compact it as a bulk load should be.
        self.stdout.write(_("Compacting the table (VACUUM FULL ANALYZE)..."))
        table = synthetic.Initiative._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
            # VACUUM FULL leaves the visibility map empty; a plain VACUUM fills it, so that
            # index-only scans (deep pages) need not visit the table, as after autovacuum.
            cursor.execute(f"VACUUM {table}")
            # The related initiatives' pools are filed anew with each link added: the same
            # compaction, so that their walks read the index alone.
            pools = PoolEntry._meta.db_table
            cursor.execute(f"VACUUM (FULL, ANALYZE) {pools}")
            cursor.execute(f"VACUUM {pools}")

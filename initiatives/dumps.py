"""Every public initiative in one file, written ahead and served at /data/initiatives.csv.gz and
/data/initiatives.json.gz: what data portals harvest (the DCAT description lists them).

Why ahead of time: a download of a list is written while its request lasts, and the server stops
a request after 30 s, so downloads stop at exports.STREAM_MAX_ROWS. `manage.py write_dumps`
(cron, every 15 minutes) writes the whole catalogue instead, in the importer's columns, and does
nothing when the catalogue has not changed since the last file.

Why in the database: app servers are stateless and share only PostgreSQL, so the file is kept
there, gzip-compressed in chunks of CHUNK_SIZE, written in one transaction (an interrupted write
leaves nothing) and sent one chunk at a time (memory does not grow with the catalogue).

Never a leak: the file holds what was public when it was written (one snapshot). A summary
withdrawn since makes the file unservable (503, Retry-After) until the next write; a summary
published since is missing until then.
"""

import datetime
import hashlib
import zlib

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone, translation

from initiatives import rawsql
from initiatives.catalogue_counts import catalogue_state
from initiatives.exports import csv_lines, json_lines
from initiatives.models import CatalogueDump, DumpChunk, DumpFormat, Initiative

CHUNK_SIZE = 1 << 20
# A file is written again at least this often, even when the catalogue's version has not moved:
# the version is a sequence, which a change not yet committed can advance before the file's
# snapshot sees the change.
MAX_AGE = datetime.timedelta(days=1)
# Each format keeps its latest two files, so a download that began on the previous one ends.
KEPT = 2
LINES = {DumpFormat.CSV: csv_lines, DumpFormat.JSON: json_lines}
# pg_try_advisory_xact_lock's key: one writer at a time, whichever server runs the command.
WRITER_LOCK = 0x45465553


class WriterBusy(RuntimeError):
    pass


def dump_rows():
    """Every public initiative, originals before translations (a translation's row names an
    original the importer has already read), then by slug."""
    is_translation = ExpressionWrapper(Q(translation_of__isnull=False), output_field=BooleanField())
    return Initiative.objects.published().order_by(is_translation, "slug")


def latest_dump(file_format: str) -> CatalogueDump | None:
    return (
        CatalogueDump.objects.defer("initiative_ids")
        .filter(file_format=file_format)
        .order_by("-created_at")
        .first()
    )


def is_current(dump: CatalogueDump | None, version: int) -> bool:
    """Whether `dump` still holds what a write now would."""
    if dump is None or dump.catalogue_version != version:
        return False
    if dump.created_at < timezone.now() - MAX_AGE:
        return False
    # A scheduled summary that has come due since changes nothing the version counts; and a
    # withdrawal in flight when the file was written may have left the version as it is now.
    coming_due = Initiative.objects.published().filter(published_at__gt=dump.created_at)
    return not coming_due.exists() and not withdrawn_since(dump)


def write_dump(file_format: str, force: bool = False) -> CatalogueDump | None:
    """Write the file of `file_format` if the catalogue changed since the last one (or if
    `force`); returns the new dump, or None when the last one is current."""
    version, _due_in = catalogue_state()
    if not force and is_current(latest_dump(file_format), version):
        return None
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if outermost:  # inside a caller's transaction, its isolation holds
                # One snapshot for the ids and the rows, however long the write takes.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [WRITER_LOCK])
            if not cursor.fetchone()[0]:
                raise WriterBusy
        # Dated before its rows are read: a summary coming due meanwhile is in the file and
        # after its date, so at worst the next run writes the file again.
        dump = CatalogueDump.objects.create(file_format=file_format, catalogue_version=version)
        rows = dump_rows()
        dump.initiative_ids = list(rows.values_list("pk", flat=True))
        with translation.override(settings.LANGUAGE_CODE):
            store(dump, LINES[file_format](rows))
        dump.rows = len(dump.initiative_ids)
        dump.save(update_fields=["initiative_ids", "rows", "size", "sha256"])
        older = CatalogueDump.objects.filter(file_format=file_format).order_by("-created_at")
        CatalogueDump.objects.filter(pk__in=older.values("pk")[KEPT:]).delete()
    return dump


def store(dump: CatalogueDump, lines) -> None:
    """Compress `lines` into the dump's chunks; sets its size and digest."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip's framing
    digest = hashlib.sha256()
    pending = bytearray()
    numbers = iter(range(1 << 31))

    def save(data: bytes):
        digest.update(data)
        dump.size += len(data)
        DumpChunk.objects.create(dump=dump, number=next(numbers), data=data)

    for text in lines:
        pending += compressor.compress(text.encode())
        if len(pending) >= CHUNK_SIZE:
            save(bytes(pending))
            pending.clear()
    save(bytes(pending + compressor.flush()))
    dump.sha256 = digest.hexdigest()


def withdrawn_since(dump: CatalogueDump) -> bool:
    """Whether the file holds a summary that is no longer public (withdrawn, unpublished or
    deleted since it was written). Asked on every download, never cached: the catalogue's
    version could name a withdrawal not yet committed, and an answer cached under it would
    stand for minutes. One anti-join: 90-160 ms at 100,000, next to a 50 MB download."""
    public, params = rawsql.compiled(Initiative.objects.published().order_by().values("pk"))
    [(found,)] = rawsql.fetch_all(
        "SELECT EXISTS (SELECT 1 FROM"
        f" {rawsql.quoted(CatalogueDump._meta.db_table)} AS dump,"
        " unnest(dump.initiative_ids) AS dumped(id)"
        f" WHERE dump.id = %s AND dumped.id NOT IN ({public}))",
        [dump.pk, *params],
    )
    return found


def chunks(dump: CatalogueDump):
    """The file's bytes, one chunk read at a time."""
    numbers = list(dump.chunks.order_by("number").values_list("pk", flat=True))
    for pk in numbers:
        yield bytes(DumpChunk.objects.values_list("data", flat=True).get(pk=pk))

"""The whole public catalogue as files written ahead (dumps.py): kept in the database, so that
every app server serves the same file and none needs a shared disk."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class DumpFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


class CatalogueDump(models.Model):
    """One gzip-compressed file of every public initiative, stored as numbered chunks.

    Written in one transaction (dumps.write_dump): an interrupted write leaves nothing.
    """

    file_format = models.CharField(_("format"), max_length=4, choices=DumpFormat)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    # The catalogue's version when the rows were read (sql/catalogue_version.sql): a later
    # write with the same version would write the same rows.
    catalogue_version = models.BigIntegerField(_("catalogue version"))
    # The initiatives in the file: if one of them is no longer public, the file is not served.
    initiative_ids = ArrayField(models.IntegerField(), default=list)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("catalogue dump")
        verbose_name_plural = _("catalogue dumps")
        indexes = [models.Index(fields=["file_format", "-created_at"])]

    def __str__(self):
        return f"{self.get_file_format_display()} {self.created_at:%Y-%m-%d %H:%M}"


class DumpChunk(models.Model):
    dump = models.ForeignKey(CatalogueDump, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dump", "number"], name="dump_chunk_number_unique")
        ]

    def __str__(self):
        return f"{self.dump} #{self.number}"

"""What the readers' side keeps of its own: the stamp that keys each source's cached record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceRecordStamp(models.Model):
    """A token that changes whenever anything a source's public API record shows changes
    (research.records): the record is cached under it, so a changed source is read afresh and
    every other keeps its cached record. Written only by the derived-data refresh, never by a
    save of the source, whose in-memory copy could otherwise put an old token back."""

    source = models.OneToOneField(
        "catalogue.Source",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="record_stamp",
    )
    token = models.BigIntegerField()

    class Meta:
        verbose_name = _("source record stamp")
        verbose_name_plural = _("source record stamps")

    def __str__(self) -> str:
        return f"{self.source_id}: {self.token}"

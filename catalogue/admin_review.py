"""What an archivist should look at after an import: new agents whose name is only a surname or
a role, agents known only by their English name, and a FRUS upload tried without writing."""

import re

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue.services import frus_volume_import

ROLE_WORDS = re.compile(
    r"\b(secretary|minister|ambassador|president|premier|chargé|charge|consul|commissar|"
    r"delegate|representative|embassy|legation|government|department|ministry|office|"
    r"under|acting|chief|director|governor|emperor|king)\b",
    re.IGNORECASE,
)


def agent_name_flag(name: str) -> str:
    """Why a name an import made needs a second look ("" when it reads as a person's name)."""
    words = name.replace(".", " ").split()
    if ROLE_WORDS.search(name):
        return str(_("a role or office, not a person's name"))
    if len(words) <= 1:
        return str(_("only a surname"))
    return ""


def frus_import_run(*, upload, publish: bool, dry_run: bool):
    """Import a FRUS volume, or with `dry_run` do everything an import does and roll it back,
    so the report lists what would be created, updated and left."""
    with transaction.atomic():
        report = frus_volume_import(source=upload, publish=publish)
        if dry_run:
            transaction.set_rollback(True)
    report.new_agents = [(name, agent_name_flag(name)) for name in report.agents_created]
    report.dry_run = dry_run
    return report


class NeedsReviewFilter(admin.SimpleListFilter):
    """Agents an import made and nobody has completed: known only by a name in English."""

    title = _("needs review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("imported", _("imported: no Japanese or Russian name"))]

    def queryset(self, request, queryset):
        if self.value() == "imported":
            return (
                queryset.filter(names__language="en")
                .exclude(names__language__in=["ja", "ru"])
                .distinct()
            )
        return queryset

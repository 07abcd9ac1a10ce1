"""CSV import and export (django-import-export) for sources and agents.

Every resource is all-or-nothing: one transaction per file, and a file with any bad row applies
nothing (the admin's dry run lists each row error by row number first). Dates are one `date`
column read by the same parser as the admin's date box, so "1924-12", "大正13年12月5日" and
"1923-06-28/1923-07-31" are all accepted.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from import_export import fields

from catalogue.models import Agent, AgentName, Language, Series, Source, SourceDate
from catalogue.services import source_dates_set
from core.dates import DateParseError, parse_partial_date
from core.forms import PartialDateField
from core.models import date_columns
from core.resources import (
    KoshoResource,
    LookupWidget,
    PartialDateColumn,
    StrictManyToManyWidget,
)
from core.text import script_of

_DATE_ENTRY = re.compile(
    rf"(?P<role>{'|'.join(SourceDate.Role.values)})\s*:\s*(?P<date>.+?)"
    r"(?:\s+(?P<time>\d{1,2}:\d{2}))?(?:\s*\[(?P<note>[^\]]*)\])?"
)


class SourceDatesColumn(fields.Field):
    """A source's other dates in one column: `sent: 大正13年5月15日 21:00 [北京]; received:
    1924-05-16`. Each date is read by the admin's date box; the column replaces the stored dates
    only when its text differs from what export writes, so a file round-trips unchanged, and a
    file without the column leaves them alone."""

    def __init__(self):
        super().__init__(attribute="dates", column_name="dates")
        self.form_field = PartialDateField()

    def get_value(self, instance) -> str:
        if instance.pk is None:
            return ""
        return "; ".join(self._entry(row) for row in instance.dates.all())

    def export(self, instance, **kwargs):
        return self.get_value(instance)

    @staticmethod
    def _entry(row) -> str:
        # The wording as written where it reads as the same date (an era date), else ISO.
        text = row.partial_date.iso()
        try:
            if row.date_original and parse_partial_date(row.date_original).iso() == text:
                text = row.date_original
        except DateParseError:
            pass
        if row.time is not None:
            text += f" {row.time:%H:%M}"
        return f"{row.role}: {text}" + (f" [{row.note}]" if row.note else "")

    def save(self, instance, row, is_m2m=False, **kwargs):
        if self.column_name not in row:
            return
        text = str(row.get(self.column_name) or "").strip()
        if text == self.get_value(instance):
            return
        instance.imported_dates = [
            self._parse(part.strip()) for part in text.split(";") if part.strip()
        ]

    def _parse(self, entry: str) -> dict:
        match = _DATE_ENTRY.fullmatch(entry)
        if not match:
            raise ValueError(
                f"“{entry}”: write each date as role: date [time] [note], e.g. "
                f"“received: 大正13年5月16日 09:40 [Washington]”; roles: "
                f"{', '.join(SourceDate.Role.values)}."
            )
        try:
            parsed = self.form_field.clean(match["date"])
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error
        hour, _, minute = (match["time"] or "").partition(":")
        try:
            time = datetime.time(int(hour), int(minute)) if match["time"] else None
        except ValueError as error:
            raise ValueError(f"“{entry}”: {match['time']} is not a time of day.") from error
        columns = date_columns(parsed)
        if parsed.original.isascii():
            columns["date_original"] = ""  # an ISO date needs no second form, as in the admin
        return {"role": match["role"], **columns, "time": time, "note": match["note"] or ""}


class SourceResource(KoshoResource):
    series = fields.Field(
        attribute="series", column_name="series", widget=LookupWidget(Series, "slug")
    )
    languages = fields.Field(
        attribute="languages",
        column_name="languages",
        widget=StrictManyToManyWidget(Language, separator="|", field="code"),
    )
    date = PartialDateColumn()
    dates = SourceDatesColumn()
    # Export only: identifiers are entered in the admin or the API, where each is checked.
    identifiers = fields.Field(column_name="identifiers", readonly=True)
    digitised_url = fields.Field(column_name="digitised_url", readonly=True)

    class Meta:
        model = Source
        fields = (
            "id",
            "series",
            "number",
            "pages",
            "kind",
            "status",
            "title",
            "title_en",
            "title_romanized",
            "languages",
            "date",
            "dates",
            "summary",
            "external_id",
            "url",
            "note",
            "identifiers",
            "digitised_url",
        )
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    @staticmethod
    def for_export(queryset):
        """`queryset` with what the columns read (series, languages, dates, identifiers): one
        query each for the whole file, not one per source, and nothing else."""
        return queryset.select_related("series").prefetch_related(
            "languages", "dates", "identifiers"
        )

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        if hasattr(queryset, "prefetch_related"):
            queryset = self.for_export(queryset)
        return super().export(queryset, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "imported_dates", None) is not None:
            return False  # the dates column changed
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        dates = getattr(instance, "imported_dates", None)
        if dates is not None and instance.pk is not None:
            source_dates_set(source=instance, dates=dates)

    def dehydrate_identifiers(self, source) -> str:
        return identifiers_text(source.identifier_list())

    def dehydrate_digitised_url(self, source) -> str:
        return source.digitised_url()


def identifiers_text(rows) -> str:
    """`jacar:B03041045300; frus:frus1924v02/d585`: type and value, as the API names them."""
    return "; ".join(f"{row.type}:{row.value}" for row in rows)


class AgentResource(KoshoResource):
    """Agents with their names in one column: `ヨッフェ [ja]; Иоффе [ru]; Joffe [en]`.

    On import, names are added (the first of each language preferred where none is); names
    missing from the column are kept, so a partial file never deletes a name.
    """

    names = fields.Field(column_name="names", attribute="names", readonly=True)
    identifiers = fields.Field(column_name="identifiers", readonly=True)

    class Meta:
        model = Agent
        fields = ("id", "slug", "kind", "names", "note", "identifiers")
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def export(self, queryset=None, **kwargs):
        if queryset is not None and hasattr(queryset, "prefetch_related"):
            queryset = queryset.prefetch_related("identifiers")
        return super().export(queryset=queryset, **kwargs)

    def dehydrate_identifiers(self, agent) -> str:
        return identifiers_text(agent.identifiers.all())

    def dehydrate_names(self, agent) -> str:
        return "; ".join(f"{name.value} [{name.language}]" for name in agent.names.all())

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.imported_names = parse_names(str(row.get("names") or ""))
        except ValueError as error:
            errors["names"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        known = (
            {(name.value, name.language) for name in instance.names.all()} if instance.pk else set()
        )
        if set(getattr(instance, "imported_names", [])) - known:
            return False  # names to add
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        existing = {(name.value, name.language) for name in instance.names.all()}
        preferred = {name.language for name in instance.names.all() if name.preferred}
        for value, language in getattr(instance, "imported_names", []):
            if (value, language) in existing:
                continue
            AgentName.objects.create(
                agent=instance,
                value=value,
                language=language,
                script=script_of(value),
                preferred=language not in preferred,
            )
            existing.add((value, language))
            preferred.add(language)


def parse_names(text: str) -> list[tuple[str, str]]:
    """`ヨッフェ [ja]; Joffe [en]` → [("ヨッフェ", "ja"), ("Joffe", "en")]."""
    names = []
    for part in (part.strip() for part in text.split(";")):
        if not part:
            continue
        value, bracket, rest = part.rpartition("[")
        if not bracket or not rest.endswith("]") or not value.strip():
            raise ValueError(f"“{part}”: write each name as value [language], e.g. Joffe [en].")
        names.append((value.strip(), rest[:-1].strip()))
    return names

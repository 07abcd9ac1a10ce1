"""CSV import and export (django-import-export) for sources and agents.

Every resource is all-or-nothing: one transaction per file, and a file with any bad row applies
nothing (the admin's dry run lists each row error by row number first). Dates are one `date`
column read by the same parser as the admin's date box, so "1924-12", "大正13年12月5日" and
"1923-06-28/1923-07-31" are all accepted.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from catalogue.dates import DateParseError, parse_partial_date
from catalogue.forms import partial_date_initial
from catalogue.models import Agent, AgentName, Language, Series, Source


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by a readable field (a slug); an unknown value is an error on its row."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist as error:
            name = self.model._meta.verbose_name
            raise ValueError(f"There is no {name} with {self.field} “{value}”.") from error


class PartialDateField(fields.Field):
    """One `date` column for the five stored date columns, read with parse_partial_date.

    Exports the date as written (else its ISO form), exactly what the admin's date box shows, so
    an exported file imports back without changing a row.
    """

    def __init__(self, column_name: str = "date", required: bool = False, **kwargs):
        super().__init__(attribute="date_original", column_name=column_name, **kwargs)
        self.required = required

    def get_value(self, instance):
        return partial_date_initial(instance)

    def export(self, instance, **kwargs):
        return partial_date_initial(instance)

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        if text == partial_date_initial(instance):
            return  # unchanged: keep the stored columns exactly as they are
        if not text:
            if self.required:
                raise ValueError("A date is required.")
            instance.set_date(None)
            return
        try:
            parsed = parse_partial_date(text)
        except DateParseError as error:
            raise ValueError(str(error)) from error
        instance.set_date(parsed)


class KoshoResource(resources.ModelResource):
    """What every catalogue resource shares: transactions, full validation, no-op re-imports."""

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Report date problems under the `date` column the archivist filled in.
            errors = error.update_error_dict({})
            if "date_original" in errors:
                errors["date"] = errors.pop("date_original")
            raise ValidationError(errors) from error

    def before_import(self, dataset, **kwargs):
        # New records may leave the id column out altogether.
        if "id" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="id")
        super().before_import(dataset, **kwargs)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # A file applies completely or not at all, invalid rows included.
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)


class SourceResource(KoshoResource):
    series = fields.Field(
        attribute="series", column_name="series", widget=LookupWidget(Series, "slug")
    )
    languages = fields.Field(
        attribute="languages",
        column_name="languages",
        widget=widgets.ManyToManyWidget(Language, separator="|", field="code"),
    )
    date = PartialDateField()

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
            "summary",
            "external_id",
            "url",
            "note",
        )
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class AgentResource(KoshoResource):
    """Agents with their names in one column: `ヨッフェ [ja]; Иоффе [ru]; Joffe [en]`.

    On import, names are added (the first of each language preferred where none is); names
    missing from the column are kept, so a partial file never deletes a name.
    """

    names = fields.Field(column_name="names", attribute="names", readonly=True)

    class Meta:
        model = Agent
        fields = ("id", "slug", "kind", "names", "note")
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

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
        # Names feed the search text (the agent's, and that of its sources and events).
        Agent.objects.filter(pk=instance.pk).refresh_search_text()
        instance.sources.all().refresh_search_text()


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


def script_of(value: str) -> str:
    """The AgentName script of a name, from its first letter that tells."""
    for char in value:
        code = ord(char)
        if 0x0400 <= code <= 0x04FF:
            return AgentName.Script.CYRILLIC
        if 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF:
            return AgentName.Script.JAPANESE
        if char.isalpha():
            return AgentName.Script.LATIN
    return AgentName.Script.LATIN

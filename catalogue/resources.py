"""CSV import and export (django-import-export) for sources and agents.

Every resource is all-or-nothing: one transaction per file, and a file with any bad row applies
nothing (the admin's dry run lists each row error by row number first). Dates are one `date`
column read by the same parser as the admin's date box, so "1924-12", "大正13年12月5日" and
"1923-06-28/1923-07-31" are all accepted.
"""

from django.core.exceptions import ValidationError
from import_export import fields

from catalogue.models import Agent, AgentName, Language, Series, Source
from core.resources import (
    KoshoResource,
    LookupWidget,
    PartialDateColumn,
    StrictManyToManyWidget,
)
from core.text import script_of


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

    def export(self, queryset=None, **kwargs):
        if queryset is not None and hasattr(queryset, "prefetch_related"):
            queryset = queryset.prefetch_related("identifiers")
        return super().export(queryset=queryset, **kwargs)

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

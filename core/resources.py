"""CSV import and export pieces (django-import-export) every resource shares: readable lookups,
one `date` column, all-or-nothing imports."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from core.derived import derived_refresh, derived_snapshot
from core.forms import PartialDateField
from core.safety import formula_safe, formula_unguarded


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by a readable field (a slug); an unknown value is an error on its row."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist as error:
            name = self.model._meta.verbose_name
            raise ValueError(f"There is no {name} with {self.field} “{value}”.") from error


class PartialDateColumn(fields.Field):
    """One `date` column for the five stored date columns, read by the admin's date field.

    Exports the date as written (else its ISO form), exactly what the admin's date box shows, so
    an exported file imports back without changing a row.
    """

    def __init__(self, column_name: str = "date", required: bool = False, **kwargs):
        super().__init__(attribute="date_original", column_name=column_name, **kwargs)
        self.form_field = PartialDateField(
            required=required, error_messages={"required": _("A date is required.")}
        )

    def get_value(self, instance):
        return self.form_field.prepare_value(instance.partial_date) or ""

    def export(self, instance, **kwargs):
        return self.get_value(instance)

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        if text == self.get_value(instance):
            return  # unchanged: keep the stored columns exactly as they are
        try:
            parsed = self.form_field.clean(text)
        except ValidationError as error:
            # django-import-export reports a ValueError on the row and column.
            raise ValueError(" ".join(error.messages)) from error
        instance.set_date(parsed)


class KoshoResource(resources.ModelResource):
    """What every catalogue resource shares: transactions, full validation, no-op re-imports,
    and derived data (search text) refreshed once for the whole file."""

    REFRESHED_IMPORT_TYPES = (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)

    # Called with the number of each row imported (the import_csv command's progress).
    progress = None

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Report date problems under the `date` column the archivist filled in.
            errors = error.update_error_dict({})
            if "date_original" in errors:
                errors["date"] = errors.pop("date_original")
            raise ValidationError(errors) from error

    def export_field(self, field, instance, **kwargs):
        # A spreadsheet would run `=HYPERLINK(…)`, `+…`, `-…` or `@…` in a cell as a formula.
        return formula_safe(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        # Our own exports guard formulae with a quote: reading one back drops it again.
        for name, value in row.items():
            row[name] = formula_unguarded(value)
        super().before_import_row(row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.progress is not None:
            self.progress(kwargs.get("row_number"))

    def before_import(self, dataset, **kwargs):
        # New records may leave the id column out altogether.
        if "id" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="id")
        super().before_import(dataset, **kwargs)
        # Rows the file updates may stop leading where they led (an evidence row given another
        # source): what reads them now is refreshed too.
        ids = [value for value in dataset["id"] if str(value or "").strip().isdigit()]
        self.derived_before = derived_snapshot(self._meta.model, ids)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Once for every row written, after their many-to-many and related rows are saved.
        derived_refresh(
            self._meta.model,
            [
                row.object_id
                for row in result.rows
                if row.import_type in self.REFRESHED_IMPORT_TYPES and row.object_id is not None
            ],
            before=getattr(self, "derived_before", None),
        )

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # A file applies completely or not at all, invalid rows included.
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

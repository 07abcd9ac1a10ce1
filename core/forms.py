"""Form pieces: the one text box for a partial date (admin, filters, CSV import), and the
optimistic-locking check of the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import DateParseError, PartialDate, parse_partial_date

DATE_HELP = _(
    "YYYY, YYYY-MM or YYYY-MM-DD; a range as 1923-06-28/1923-07-31; or Japanese era form "
    "(大正13年12月5日, 大正十三年十二月). Prefix ca. or add 頃 for an approximate date."
)


class VersionedModelForm(forms.ModelForm):
    """Refuses a save made from a stale copy of the record.

    The form carries the version the archivist opened; if the row has moved on since, the
    save is refused with a message and nothing is written. The row is locked while checking
    (the admin wraps the save in a transaction) so two saves cannot both pass the check.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Recorded on the history row of the save (simple_history's column holds 100 characters).
    change_reason = forms.CharField(
        label=_("Change reason"),
        required=False,
        max_length=100,
        help_text=_("Optional: why you changed the record, shown in its history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            current = (
                model.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and cleaned.get("opened_version") != current:
                raise ValidationError(
                    _(
                        "Someone else saved this record after you opened it (it is now at "
                        "version %(current)s, you opened version %(opened)s). Nothing was saved. "
                        "Open the record again in a new tab, then re-apply your changes."
                    ),
                    code="stale",
                    params={"current": current, "opened": cleaned.get("opened_version")},
                )
        return cleaned


class PartialDateField(forms.CharField):
    """A text box read by the catalogue's date parser into a PartialDate (None when empty).

    The one reading of a typed date for the admin, the list filters and the CSV import (the
    API's serializer field wraps it). An error carries the parser's code and says, in the
    reader's language, what is expected and what is wrong with this text.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault("label", _("Date"))
        super().__init__(**kwargs)

    def to_python(self, value) -> PartialDate | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_partial_date(text)
        except DateParseError as error:
            raise ValidationError(
                "%(hint)s %(problem)s",
                code=error.code,
                params={"hint": error.hint, "problem": error.problem},
            ) from error

    def prepare_value(self, value):
        """A stored date shows as written, else in its ISO form."""
        if isinstance(value, PartialDate):
            return value.original or value.iso()
        return value

    def has_changed(self, initial, data) -> bool:
        return (self.prepare_value(initial) or "") != (data or "").strip()


class PartialDateForm(forms.ModelForm):
    """A form for a PartialDateModel: one `date` box instead of five date columns.

    Without optimistic locking, for rows edited inline on a record that has it (a source's
    dates); PartialDateModelForm adds the lock."""

    date = PartialDateField()
    date_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].required = self.date_required
        if self.instance.pk:
            parsed = self.instance.partial_date
            # With a "date as written" box beside it, the date box shows the parsed date.
            self.fields["date"].initial = parsed.iso() if parsed and self.keeps_original else parsed

    @property
    def keeps_original(self) -> bool:
        """Whether the form shows "date as written" (date_original) beside the date box."""
        return "date_original" in self.fields

    def clean(self):
        cleaned = super().clean()
        if "date" in cleaned:
            parsed = cleaned["date"]
            self.instance.set_date(parsed)
            if self.keeps_original:
                cleaned["date_original"] = self._original(parsed, cleaned.get("date_original"))
        return cleaned

    @staticmethod
    def _original(parsed: PartialDate | None, typed: str | None) -> str:
        """What "date as written" keeps: an era or other non-ISO date typed in the date box
        is kept as written; an ISO date leaves the box's own value (an era original stays
        unless the archivist clears it)."""
        if parsed is not None and not parsed.original.isascii():
            return parsed.original
        return (typed or "").strip() if parsed is not None else ""

    def _update_errors(self, errors):
        # Model.clean() speaks of date_start/date_end; the archivist typed into `date`.
        if hasattr(errors, "error_dict"):
            for name in ("date_start", "date_end"):
                if name in errors.error_dict:
                    errors.error_dict.setdefault("date", []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)


class PartialDateModelForm(PartialDateForm, VersionedModelForm):
    """A form for a versioned PartialDateModel: one `date` box, and the optimistic lock."""

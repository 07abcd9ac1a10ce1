"""Admin form pieces: one text box for a partial date, and the optimistic-locking check."""

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
    """A text field that parses partial and Japanese-era dates into a PartialDate."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault("label", _("Date"))
        super().__init__(**kwargs)

    def clean(self, value) -> PartialDate | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_partial_date(value)
        except DateParseError as error:
            raise ValidationError(str(error), code="invalid_date") from error


def partial_date_initial(instance) -> str:
    """What the date box shows for a saved record: the date as written, else its ISO form."""
    if instance.date_original:
        return instance.date_original
    if instance.date_start is None:
        return ""
    return PartialDate(
        instance.date_start, instance.date_end, instance.date_precision, instance.date_approximate
    ).iso()


class PartialDateModelForm(VersionedModelForm):
    """A form for a PartialDateModel: one `date` box instead of five date columns."""

    date = PartialDateField()
    date_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].required = self.date_required
        if self.instance.pk:
            self.fields["date"].initial = partial_date_initial(self.instance)

    def clean(self):
        cleaned = super().clean()
        if "date" in cleaned:
            self.instance.set_date(cleaned["date"])
        return cleaned

    def _update_errors(self, errors):
        # Model.clean() speaks of date_start/date_end; the archivist typed into `date`.
        if hasattr(errors, "error_dict"):
            for name in ("date_start", "date_end"):
                if name in errors.error_dict:
                    errors.error_dict.setdefault("date", []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)

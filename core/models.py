"""Abstract model bases shared by the archive and the analysis: partial dates, optimistic
locking, publication status and the normalised search text. No concrete models live here."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import PartialDate, format_partial_date
from core.safety import control_character_error
from core.text import build_search_text

DATE_COLUMNS = ("date_start", "date_end", "date_precision", "date_approximate", "date_original")


def date_columns(parsed: PartialDate | None) -> dict:
    """The five stored date columns for a parsed date; all empty for None."""
    if parsed is None:
        return dict(zip(DATE_COLUMNS, (None, None, "", False, ""), strict=True))
    return dict(
        zip(
            DATE_COLUMNS,
            (parsed.start, parsed.end, parsed.precision, parsed.approximate, parsed.original),
            strict=True,
        )
    )


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    RANGE = "range", _("range")


class PartialDateModel(models.Model):
    """A date known to a day, a month, a year or only as a range.

    `date_start`/`date_end` always cover the whole precision ("1923-09" is 1923-09-01…1923-09-30)
    so that overlap filters need no knowledge of precision; `date_original` keeps the form the
    document or the paper uses (大正12年5月10日).
    """

    date_start = models.DateField(_("date (from)"), null=True, blank=True, db_index=True)
    date_end = models.DateField(_("date (to)"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    date_approximate = models.BooleanField(_("approximate date"), default=False)
    date_original = models.CharField(
        _("date as written"),
        max_length=100,
        blank=True,
        help_text=_("The date in the form the source gives it, e.g. 大正12年5月10日."),
    )

    class Meta:
        abstract = True

    @classmethod
    def date_constraints(cls, prefix: str) -> list[models.CheckConstraint]:
        """Database rules every dated model carries: both ends or neither, and in order."""
        return [
            models.CheckConstraint(
                condition=Q(date_start__isnull=True, date_end__isnull=True)
                | Q(date_start__isnull=False, date_end__isnull=False),
                name=f"{prefix}_date_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(date_start__isnull=True) | Q(date_end__gte=F("date_start")),
                name=f"{prefix}_date_ordered",
            ),
        ]

    def set_date(self, parsed: PartialDate | None) -> None:
        """Store a parsed date (or none) in the five date columns."""
        for name, value in date_columns(parsed).items():
            setattr(self, name, value)

    def clean_dates(self) -> None:
        if (self.date_start is None) != (self.date_end is None):
            raise ValidationError(_("Give both ends of the date range, or neither."))
        if self.date_start and self.date_end and self.date_end < self.date_start:
            raise ValidationError({"date_end": _("The end of the date range is before its start.")})

    def clean(self) -> None:
        super().clean()
        self.clean_dates()

    def get_constraints(self):
        # clean_dates() checks the two date rules in Python; Django would validate each check
        # constraint with a query of its own, two per row of a CSV import. The database still
        # enforces them.
        rules = ("_date_both_or_neither", "_date_ordered")
        return [
            (model, [c for c in constraints if not c.name.endswith(rules)])
            for model, constraints in super().get_constraints()
        ]

    @property
    def partial_date(self) -> PartialDate | None:
        """The stored date as the parser gave it, or None for an undated record."""
        if self.date_start is None:
            return None
        return PartialDate(
            self.date_start,
            self.date_end or self.date_start,
            # A record saved without a precision: its ends alone say what it covers.
            self.date_precision or "range",
            self.date_approximate,
            self.date_original,
        )

    @property
    def date_display(self) -> str:
        return format_partial_date(
            self.date_start, self.date_end, self.date_precision, self.date_approximate
        )


class SafeTextModel(models.Model):
    """Text fields refuse control characters (core.safety) wherever a record is validated: the
    admin's forms, the API's serializers and CSV imports all call `full_clean()`."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.name in (exclude or ()) or field.name in errors:
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str) and (error := control_character_error(value)):
                errors[field.name] = [error]
        if errors:
            raise ValidationError(errors)


class VersionedModel(SafeTextModel):
    """A row counter for optimistic locking: a save carrying a stale version is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "version" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "version"]
        super().save(*args, **kwargs)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class PublishableModel(VersionedModel):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """A model with a `search_text` column built from `search_parts()`.

    Whatever `search_parts()` reads from other rows is declared beside it in
    `search_depends_on`: model label → lookup path from this model, every model on the way
    included (a source reads `{"catalogue.Agent": "agents", "catalogue.AgentName":
    "agents__names"}`). The rule: every write path calls `core.derived.derived_refresh()` with
    the rows it changed, once their many-to-many and inline rows are saved; the service refreshes
    those rows and every row whose text reads them, found through the declarations. `save()`
    only fills in what the row can see at that moment (a new row has no many-to-many rows yet),
    and nothing here refreshes other rows. `search_prefetch()` follows the same declaration, so a
    refresh costs the same queries for ten rows or a thousand.
    """

    search_depends_on: ClassVar[dict[str, str]] = {}
    # Whether PostgreSQL keeps the text's CJK grams in postings, `<table>_gram`
    # (core.migration_ops.gram_postings), rather than in an expression index.
    gram_postings: ClassVar[bool] = False
    # Every concrete subclass, as it is defined: what core.derived refreshes, without core having
    # to know the apps that define them.
    _subclasses: ClassVar[list] = []

    search_text = models.TextField(_("search text"), blank=True, editable=False, default="")

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        SearchableModel._subclasses.append(cls)

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.search_parts())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @classmethod
    def searchable_models(cls) -> list:
        """The concrete searchable models (abstract and proxy classes left out)."""
        return [m for m in cls._subclasses if not m._meta.abstract and not m._meta.proxy]

    def search_parts(self) -> list[str]:
        raise NotImplementedError

    @classmethod
    def search_prefetch(cls) -> list[str]:
        """The declared paths not already covered by a longer one (`agents` by `agents__names`)."""
        paths = set(cls.search_depends_on.values())
        return sorted(p for p in paths if not any(o.startswith(f"{p}__") for o in paths))

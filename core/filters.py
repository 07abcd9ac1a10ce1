"""Filter primitives every FilterSet uses: partial dates, slugs, ids, stable ordering, search.

Every parameter is validated by its form field: an unknown slug, a non-numeric id, a date the
parser cannot read or an unknown ordering makes the form invalid, which the API turns into a 400
naming the parameter.
"""

from django import forms
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import BaseCSVField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.dates import HINT, DateParseError, parse_partial_date
from core.permissions import is_public

DATE_HINT = "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日)."


class PartialDateField(forms.Field):
    """A form field reading partial ISO or Japanese-era dates into a PartialDate."""

    default_error_messages = {"invalid": DATE_HINT}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_partial_date(str(value))
        except DateParseError as error:
            # The parser's sentence says what is wrong; lead with what is expected.
            detail = str(error).replace(HINT, "").strip()
            raise forms.ValidationError(
                "%(hint)s %(detail)s", code="invalid", params={"hint": DATE_HINT, "detail": detail}
            ) from error


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "example": "1924-10",
        "description": "A partial date: YYYY, YYYY-MM or YYYY-MM-DD (Japanese era dates such as "
        "大正13年12月5日 are accepted too).",
    }
)
class PartialDateFilter(filters.Filter):
    """`date_from` / `date_to`: overlap with the record's day range.

    `date_from=1924-10` keeps records ending on or after 1 October 1924 (`date_end >= start`);
    `date_to=1924-10` keeps records starting on or before 31 October 1924 (`date_start <= end`).
    """

    field_class = PartialDateField

    def __init__(self, *args, bound: str, **kwargs):
        assert bound in ("from", "to")
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        if self.bound == "from":
            return qs.overlapping(start=value.start)
        return qs.overlapping(end=value.end)


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(filters.ModelChoiceFilter):
    """A related record named by its slug; an unknown slug is a 400, not an empty list."""

    def __init__(self, *args, label_noun: str, example: str = "", **kwargs):
        hint = f" (e.g. {example})" if example else ""
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"Enter the slug of an existing {label_noun}{hint}."},
        )
        kwargs.setdefault("help_text", f"Slug of a {label_noun}{hint}.")
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelChoiceFilter):
    """A related record named by its id; a non-numeric or unknown id is a 400."""

    def __init__(self, *args, label_noun: str, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"Enter the id (a whole number) of an existing {label_noun}."},
        )
        kwargs.setdefault("help_text", f"Id of a {label_noun}.")
        super().__init__(*args, **kwargs)


class OrderingTermsField(BaseCSVField):
    """Comma-separated ordering terms, none of them empty (`ordering=,` or `date,,title`)."""

    def clean(self, value):
        if value and any(not str(term).strip() for term in value):
            raise forms.ValidationError(
                "An ordering term is empty: write the names separated by single commas.",
                code="empty_term",
            )
        return super().clean(value)


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=date,-title`: each public name stands for model fields; pk always ends the
    ordering so pages never overlap or skip rows."""

    base_field_class = OrderingTermsField

    def __init__(self, *args, orderings: dict[str, tuple[str, ...]], **kwargs):
        self.orderings = orderings
        kwargs["fields"] = {name: name for name in orderings}
        kwargs.setdefault(
            "help_text",
            "Sort by " + ", ".join(orderings) + "; prefix with - to reverse; comma-separate.",
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "Order by " + ", ".join(_signed(orderings)) + "."},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        fields = []
        for param in value:
            sign = "-" if param.startswith("-") else ""
            fields += [sign + field for field in self.orderings[param.lstrip("-")]]
        return qs.order_by(*fields, "pk")


def _signed(names):
    for name in names:
        yield from (name, f"-{name}")


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error rather than "no filter"."""

    default_error_messages = {"invalid": "Enter true or false."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    """A yes/no filter that answers `agreed=garbage` with a 400, not with every row."""

    field_class = StrictBooleanField


class SearchFilter(filters.CharFilter):
    """`q`: every word must occur in the record's normalised search text (any script)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Words to find in titles, names, numbers and summary, in any script "
            "(ヨッフェ, Иоффе, Joffe); every word must match.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.search(value)


def visible_queryset(model):
    """A callable queryset for a choice filter: published rows only for the public, resolved per
    request (so a draft's id is as unknown to the public as an id that does not exist)."""

    def queryset(request):
        return model.objects.published() if is_public(request) else model.objects.all()

    return queryset

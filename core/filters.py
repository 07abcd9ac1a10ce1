"""Filter primitives every FilterSet uses: partial dates, slugs, ids, stable ordering, search.

Every parameter is validated by its form field: an unknown slug, a non-numeric id, a date the
parser cannot read or an unknown ordering makes the form invalid, which the API turns into a 400
naming the parameter.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import BaseCSVField
from django_filters.widgets import BaseCSVWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.forms import PartialDateField
from core.permissions import is_public
from core.querysets import search_synonyms
from core.text import normalise


@extend_schema_field(
    {
        "type": "string",
        # No pattern: the era forms the server reads (大正13年12月5日) would not match one.
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
        self.label_noun = label_noun
        hint = f" (e.g. {example})" if example else ""
        kwargs.setdefault("to_field_name", "slug")
        if example:
            message = format_lazy(
                _("Enter the slug of an existing {noun} (e.g. {example})."),
                noun=_noun(label_noun),
                example=example,
            )
        else:
            message = format_lazy(
                _("Enter the slug of an existing {noun}."), noun=_noun(label_noun)
            )
        kwargs.setdefault("error_messages", {"invalid_choice": message})
        kwargs.setdefault("help_text", f"Slug of a {label_noun}{hint}.")
        super().__init__(*args, **kwargs)


# An id field's text box: a phone offers digits, the browser no stale suggestions.
ID_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelChoiceFilter):
    """A related record named by its id; a non-numeric or unknown id is a 400."""

    def __init__(self, *args, label_noun: str, **kwargs):
        self.label_noun = label_noun
        kwargs.setdefault("error_messages", {"invalid_choice": unknown_id(label_noun)})
        kwargs.setdefault("help_text", f"Id of a {label_noun}.")
        # A text box, not a <select> of every record: the browsable API renders the filter
        # form, and an archive's 100,000 sources as options took minutes.
        kwargs.setdefault("widget", forms.TextInput(attrs=ID_ATTRS))
        super().__init__(*args, **kwargs)


class _RepeatableOrderingWidget(BaseCSVWidget, forms.Select):
    """Reads `ordering=date,-title` and `ordering=date&ordering=-title` alike: a repeated
    parameter would otherwise keep only its last value."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else []
        if len(values) > 1:
            return [part for value in values for part in value.split(",")]
        return super().value_from_datadict(data, files, name)


class OrderingTermsField(BaseCSVField):
    """Comma-separated ordering terms, none of them empty (`ordering=,` or `date,,title`)."""

    def clean(self, value):
        if value and any(not str(term).strip() for term in value):
            raise forms.ValidationError(
                "An ordering term is empty: write the names separated by single commas.",
                code="empty_term",
            )
        return super().clean(value)


class _IdsField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        # `agent=&agent=3` is agent 3, as a lone empty `agent=` is no filter at all.
        value = [item for item in value or [] if item not in EMPTY_VALUES]
        for item in value:
            # An `IN (…)` with an id past 64 bits fails in the database (an exact lookup does
            # not), so such an id is refused here like any other unknown one.
            if str(item).strip().lstrip("+-").isdigit() and abs(int(item)) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().clean(value)


class IdsTextInput(forms.TextInput):
    """Ids in one text box (comma-separated) or the parameter repeated (`agent=1&agent=2`)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [part.strip() for value in values if value for part in str(value).split(",")]

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(str(item) for item in value if item not in EMPTY_VALUES) or None
        return super().format_value(value)


# The item type: drf-spectacular makes a multiple-choice filter an array (explode, the
# parameter repeated) of it.
@extend_schema_field(OpenApiTypes.INT)
class IdsFilter(filters.ModelMultipleChoiceFilter):
    """Related records named by their ids, the parameter repeated (`agent=1&agent=2`); one
    non-numeric or unknown id is a 400 naming the parameter."""

    field_class = _IdsField

    def __init__(self, *args, label_noun: str, **kwargs):
        self.label_noun = label_noun
        message = unknown_id(label_noun)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": message, "invalid_pk_value": message}
        )
        kwargs.setdefault("help_text", f"Ids of {label_noun}s; repeat the parameter for several.")
        kwargs.setdefault("widget", IdsTextInput(attrs=ID_ATTRS))
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=date,-title`: each public name stands for model fields; pk always ends the
    ordering so pages never overlap or skip rows."""

    base_field_class = OrderingTermsField

    def __init__(self, *args, orderings: dict[str, tuple[str, ...]], **kwargs):
        self.orderings = orderings
        kwargs["fields"] = {name: name for name in orderings}
        kwargs.setdefault("widget", _RepeatableOrderingWidget)
        kwargs.setdefault(
            "help_text",
            "Sort by " + ", ".join(orderings) + "; prefix with - to reverse; comma-separate.",
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": format_lazy(
                    _("Order by {choices}."), choices=", ".join(_signed(orderings))
                )
            },
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


def one_of(values) -> str:
    """The message for a value outside `values`, in the reader's language."""
    return format_lazy(_("Enter one of: {choices}."), choices=", ".join(values))


def unknown_id(label_noun: str) -> str:
    """The message for an id that is not a number or names no `label_noun`."""
    return format_lazy(
        _("Enter the id (a whole number) of an existing {noun}."), noun=_noun(label_noun)
    )


def _noun(label_noun: str) -> str:
    # The nouns are the models' verbose names ("series", "stage"), translated there already.
    return gettext_lazy(label_noun)  # not a literal: makemessages skips it


def _signed(names):
    for name in names:
        yield from (name, f"-{name}")


# What one search may ask: enough for any title or name, too little to make a query expensive.
SEARCH_MAX_WORDS = 10
SEARCH_MAX_CHARS = 200
SEARCH_HINT = (
    f"Enter at most {SEARCH_MAX_WORDS} different words and {SEARCH_MAX_CHARS} characters "
    "to search for."
)


def search_words(text: str) -> list[str]:
    """The distinct normalised words of a search, in order; ValueError past the limits."""
    if len(text) > SEARCH_MAX_CHARS * 4:
        raise ValueError(SEARCH_HINT)  # refused before normalising a very long text
    words = list(dict.fromkeys(normalise(text).split()))
    if len(words) > SEARCH_MAX_WORDS or len(" ".join(words)) > SEARCH_MAX_CHARS:
        raise ValueError(SEARCH_HINT)
    return words


class SearchField(forms.CharField):
    """`q` read into its distinct normalised words, within the limits of one search."""

    default_error_messages = {"invalid": SEARCH_HINT}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        # The words are folded below, NUL with the other control characters; refuse it first
        # as every other text filter does (Django's validator would only see the folded text).
        ProhibitNullCharactersValidator()(value)
        try:
            return " ".join(search_words(value))
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


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

    field_class = SearchField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Words to find in titles, names, numbers and summary, in any script "
            "(ヨッフェ, Иоффе, Joffe); every word must match. At most "
            f"{SEARCH_MAX_WORDS} different words and {SEARCH_MAX_CHARS} characters.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        # The facets apply the same search once per facet: look each word's synonyms up once.
        memo = self.__dict__.setdefault("_synonyms", {})

        def synonyms_of(word):
            if word not in memo:
                memo[word] = search_synonyms(word)
            return memo[word]

        return qs.search(value, synonyms_of=synonyms_of)


def visible_queryset(model):
    """A callable queryset for a choice filter: published rows only for the public, resolved per
    request (so a draft's id is as unknown to the public as an id that does not exist)."""

    def queryset(request):
        return model.objects.published() if is_public(request) else model.objects.all()

    return queryset

"""FilterSets of the catalogue: the only place request parameters become query filters.

The HTML pages and the API use the same classes, so `?stage=peking-final&language=ja` means the
same on `/sources/` and `/api/v1/sources/`. Every parameter is validated by its form field: an
unknown slug, a non-numeric id, a date the parser cannot read or an unknown ordering makes the
form invalid, which the API turns into a 400 naming the parameter.
"""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalogue.dates import HINT, DateParseError, parse_partial_date
from catalogue.models import Agent, Language, Repository, Series, Source, SourceAgent, Work
from catalogue.querysets import can_see_drafts

DATE_HINT = "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日)."


def is_public(request) -> bool:
    """Whether this request sees published records only (anyone but archivists)."""
    return not can_see_drafts(getattr(request, "user", None))


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


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=date,-title`: each public name stands for model fields; pk always ends the
    ordering so pages never overlap or skip rows."""

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


def _negotiations(model_name: str, *, published: bool = False):
    """A callable queryset over a model of the analysis app, which imports this one (never the
    reverse): resolved per request, published rows only for the public."""

    def queryset(request):
        model = apps.get_model("negotiations", model_name)
        if published and is_public(request):
            return model.objects.published()
        return model.objects.all()

    return queryset


class SourceFilter(filters.FilterSet):
    q = SearchFilter(
        label=_("Words, in any script"),
    )
    series = SlugFilter(
        label=_("Series"),
        queryset=Series.objects.all(),
        method="filter_series",
        label_noun="series",
        example="ngb-t13-1",
        help_text="Slug of a series; sources of its child series are included.",
    )
    repository = SlugFilter(
        label=_("Repository"),
        queryset=Repository.objects.all(),
        method="filter_repository",
        label_noun="repository",
    )
    number = filters.CharFilter(
        label=_("Number"),
        lookup_expr="iexact",
        help_text="Document number (464) or archival classification (2.5.1.106-4-7), exactly.",
    )
    kind = filters.ChoiceFilter(
        label=_("Kind"),
        choices=Source.Kind.choices,
        error_messages={"invalid_choice": "Enter one of: " + ", ".join(Source.Kind.values) + "."},
    )
    language = filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=Language.objects.all(),
        field_name="languages",
        to_field_name="code",
        error_messages={"invalid_choice": "Enter a language code the catalogue uses (ja, ru, en)."},
        help_text="ISO 639-1 code of a language the source is written in.",
    )
    date_from = PartialDateFilter(
        label=_("Dated from"),
        bound="from",
        help_text="Sources whose date range ends on or after this date.",
    )
    date_to = PartialDateFilter(
        label=_("Dated to"),
        bound="to",
        help_text="Sources whose date range starts on or before this date.",
    )
    stage = SlugFilter(
        label=_("Stage supported"),
        queryset=_negotiations("Stage"),
        method="filter_stage",
        label_noun="stage",
        example="peking-final",
        help_text="Slug of a stage: sources that are evidence for a claim about it, or "
        "document an event in it.",
    )
    strategy = SlugFilter(
        label=_("Strategy"),
        queryset=_negotiations("Strategy"),
        method="filter_strategy",
        label_noun="strategy",
        example="time-buying",
        help_text="Slug of a strategy: sources that are evidence for a claim tagged with it, or "
        "document an event in a stage the strategy is assigned to.",
    )
    event = IdFilter(
        label=_("Event"),
        queryset=_negotiations("Event", published=True),
        method="filter_event",
        label_noun="event",
        help_text="Id of an event: the sources documenting it.",
    )
    claim = IdFilter(
        label=_("Claim"),
        queryset=_negotiations("Claim", published=True),
        method="filter_claim",
        label_noun="claim",
        help_text="Id of a claim: the sources offered as its evidence.",
    )
    agent = IdFilter(
        label=_("Agent"),
        queryset=Agent.objects.for_list(),
        method="filter_agent",
        label_noun="agent",
        help_text="Id of an agent: sources they wrote, received or are mentioned in.",
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        orderings={
            "date": ("date_start", "date_end"),
            "title": ("title",),
            "series": ("series__order", "series__slug", "number"),
        },
    )

    class Meta:
        model = Source
        fields = []

    def filter_series(self, qs, name, value):
        return qs.in_series(value)

    def filter_repository(self, qs, name, value):
        return qs.filter(series__repository=value)

    def filter_stage(self, qs, name, value):
        return qs.in_stage(value.slug, public=is_public(self.request))

    def filter_strategy(self, qs, name, value):
        return qs.supporting_strategy(value.slug, public=is_public(self.request))

    def filter_event(self, qs, name, value):
        return qs.filter(pk__in=value.event_sources.values("source"))

    def filter_claim(self, qs, name, value):
        return qs.filter(pk__in=value.evidence.values("source"))

    def filter_agent(self, qs, name, value):
        return qs.filter(pk__in=SourceAgent.objects.filter(agent=value).values("source"))


class RepositoryFilter(filters.FilterSet):
    ordering = StableOrderingFilter(orderings={"slug": ("slug",), "name": ("name",)})

    class Meta:
        model = Repository
        fields = []


class SeriesFilter(filters.FilterSet):
    repository = SlugFilter(
        queryset=Repository.objects.all(), label_noun="repository", field_name="repository"
    )
    parent = SlugFilter(
        queryset=Series.objects.all(),
        label_noun="series",
        field_name="parent",
        help_text="Slug of a series: its direct children.",
    )
    kind = filters.ChoiceFilter(
        choices=Series.Kind.choices,
        error_messages={"invalid_choice": "Enter one of: " + ", ".join(Series.Kind.values) + "."},
    )
    ordering = StableOrderingFilter(
        orderings={"order": ("order", "slug"), "slug": ("slug",), "year": ("year", "slug")}
    )

    class Meta:
        model = Series
        fields = []


class AgentFilter(filters.FilterSet):
    q = SearchFilter(help_text="Words to find in the agent's names, in any script.")
    kind = filters.ChoiceFilter(
        choices=Agent.Kind.choices,
        error_messages={"invalid_choice": "Enter one of: " + ", ".join(Agent.Kind.values) + "."},
    )
    ordering = StableOrderingFilter(orderings={"slug": ("slug",)})

    class Meta:
        model = Agent
        fields = []


class WorkFilter(filters.FilterSet):
    q = SearchFilter(help_text="Words to find in authors, titles and journal.")
    kind = filters.ChoiceFilter(
        choices=Work.Kind.choices,
        error_messages={"invalid_choice": "Enter one of: " + ", ".join(Work.Kind.values) + "."},
    )
    ordering = StableOrderingFilter(
        orderings={"authors": ("authors", "year"), "year": ("year", "authors")}
    )

    class Meta:
        model = Work
        fields = []

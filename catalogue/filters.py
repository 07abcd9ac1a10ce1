"""FilterSets of the archive: repositories, series, agents and works.

The HTML pages and the API use the same classes; the sources' FilterSet, which reaches into the
analysis (stages, strategies, events, claims), is research.filters.SourceFilter.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.identifiers import IdentifierType, types_for
from catalogue.models import (
    Agent,
    AgentIdentifier,
    Repository,
    Series,
    Side,
    Source,
    SourceAgent,
    SourceIdentifier,
    SourceRelation,
    Work,
)
from core.filters import (
    IdFilter,
    SearchFilter,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    one_of,
    visible_queryset,
)


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
        error_messages={"invalid_choice": one_of(Series.Kind.values)},
    )
    ordering = StableOrderingFilter(
        orderings={"order": ("order", "slug"), "slug": ("slug",), "year": ("year", "slug")}
    )

    class Meta:
        model = Series
        fields = []


class AgentFilter(filters.FilterSet):
    q = SearchFilter(
        label=_("Words, in any script"),
        help_text="Words to find in the agent's names, in any script.",
    )
    kind = filters.ChoiceFilter(
        label=_("Kind"),
        choices=Agent.Kind.choices,
        error_messages={"invalid_choice": one_of(Agent.Kind.values)},
    )
    side = filters.ChoiceFilter(
        label=_("Side"),
        choices=Side.choices,
        error_messages={"invalid_choice": one_of(Side.values)},
    )
    ordering = StableOrderingFilter(label=_("Sort by"), orderings={"slug": ("slug",)})

    class Meta:
        model = Agent
        fields = []


class SourceAgentFilter(filters.FilterSet):
    """An agent's parts in sources, by role (the documents on an agent's page)."""

    role = filters.ChoiceFilter(
        label=_("Role"),
        choices=SourceAgent.Role.choices,
        error_messages={"invalid_choice": one_of(SourceAgent.Role.values)},
    )

    class Meta:
        model = SourceAgent
        fields = []


class WorkFilter(filters.FilterSet):
    q = SearchFilter(help_text="Words to find in authors, titles and journal.")
    kind = filters.ChoiceFilter(
        choices=Work.Kind.choices,
        error_messages={"invalid_choice": one_of(Work.Kind.values)},
    )
    ordering = StableOrderingFilter(
        orderings={"authors": ("authors", "year"), "year": ("year", "authors")}
    )

    class Meta:
        model = Work
        fields = []


def _identifier_type(kind: str):
    codes = [code for code in IdentifierType.values if code in types_for(kind)]
    return filters.ChoiceFilter(
        choices=[(code, IdentifierType(code).label) for code in codes],
        error_messages={"invalid_choice": one_of(codes)},
    )


class SourceIdentifierFilter(filters.FilterSet):
    source = IdFilter(queryset=visible_queryset(Source), field_name="source", label_noun="source")
    type = _identifier_type("source")
    value = filters.CharFilter(
        field_name="value", lookup_expr="iexact", help_text="The identifier, as normalised."
    )
    ordering = StableOrderingFilter(orderings={"source": ("source",), "type": ("type", "value")})

    class Meta:
        model = SourceIdentifier
        fields = []


class AgentIdentifierFilter(filters.FilterSet):
    agent = IdFilter(queryset=Agent.objects.all(), field_name="agent", label_noun="agent")
    type = _identifier_type("agent")
    value = filters.CharFilter(
        field_name="value", lookup_expr="iexact", help_text="The identifier, as normalised."
    )
    ordering = StableOrderingFilter(orderings={"agent": ("agent",), "type": ("type", "value")})

    class Meta:
        model = AgentIdentifier
        fields = []


class SourceRelationFilter(filters.FilterSet):
    source = IdFilter(
        queryset=visible_queryset(Source),
        method="filter_either_end",
        label_noun="source",
        help_text="Id of a source: its relations, whichever end they were entered from.",
    )
    type = filters.ChoiceFilter(
        choices=SourceRelation.Type.choices,
        error_messages={"invalid_choice": one_of(SourceRelation.Type.values)},
    )
    same_text = StrictBooleanFilter(
        method="filter_same_text",
        help_text="true: editions, translations, drafts, excerpts; false: the other side's "
        "reports.",
    )
    ordering = StableOrderingFilter(orderings={"source": ("source",), "type": ("type",)})

    class Meta:
        model = SourceRelation
        fields = []

    def filter_either_end(self, queryset, name, value):
        return queryset.filter(Q(source=value) | Q(related=value)) if value else queryset

    def filter_same_text(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = {"type__in": SourceRelation.SAME_TEXT}
        return queryset.filter(**lookup) if value else queryset.exclude(**lookup)

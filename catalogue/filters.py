"""FilterSets of the archive: repositories, series, agents and works.

The HTML pages and the API use the same classes; the sources' FilterSet, which reaches into the
analysis (stages, strategies, events, claims), is research.filters.SourceFilter.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.models import Agent, Repository, Series, Side, SourceAgent, Work
from core.filters import SearchFilter, SlugFilter, StableOrderingFilter, one_of


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

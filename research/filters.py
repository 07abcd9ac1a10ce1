"""The sources' FilterSet, shared by the /sources/ page, the API and the exports.

`?stage=peking-final&language=ja` means the same on `/sources/` and `/api/v1/sources/`. It joins
the archive (series, agents, languages) and the analysis (stages, strategies, events, claims),
so it lives here rather than in either app.
"""

from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.models import Agent, Language, Repository, Series, Side, Source, SourceAgent
from core.filters import (
    ID_ATTRS,
    IdFilter,
    IdsFilter,
    IdsTextInput,
    PartialDateFilter,
    SearchFilter,
    SlugFilter,
    StableOrderingFilter,
    one_of,
    visible_queryset,
)
from core.permissions import is_public
from negotiations.models import Claim, Event, Stage, Strategy
from negotiations.source_links import (
    ordered_by_link_date,
    sources_in_stage,
    sources_supporting_strategy,
)

# An agent filter takes ids in a text box, not a <select> of every agent (an archive names
# thousands); the page's script suggests agents by name from the API's agent search.
AGENT_ID_ATTRS = {**ID_ATTRS, "data-autocomplete": reverse_lazy("api:agent-list")}


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
        error_messages={"invalid_choice": one_of(Source.Kind.values)},
    )
    language = filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=Language.objects.all(),
        # The relation (which names the type in the API schema); filter_language reads the
        # stored codes instead of joining it.
        field_name="languages",
        to_field_name="code",
        method="filter_language",
        error_messages={
            "invalid_choice": _("Enter a language code the catalogue uses (ja, ru, en).")
        },
        help_text="ISO 639-1 code of a language the source is written in.",
    )
    date_from = PartialDateFilter(
        label=_("Dated from"),
        bound="from",
        help_text=_("Sources whose date range ends on or after this date."),
    )
    date_to = PartialDateFilter(
        label=_("Dated to"),
        bound="to",
        help_text=_("Sources whose date range starts on or before this date."),
    )
    stage = SlugFilter(
        label=_("Stage supported"),
        queryset=Stage.objects.all(),
        method="filter_stage",
        label_noun="stage",
        example="peking-final",
        help_text="Slug of a stage: sources that are evidence for a claim about it, or "
        "document an event in it.",
    )
    strategy = SlugFilter(
        label=_("Strategy"),
        queryset=Strategy.objects.all(),
        method="filter_strategy",
        label_noun="strategy",
        example="time-buying",
        help_text="Slug of a strategy: sources that are evidence for a claim tagged with it, or "
        "document an event in a stage the strategy is assigned to.",
    )
    event = IdFilter(
        label=_("Event"),
        queryset=visible_queryset(Event),
        method="filter_event",
        label_noun="event",
        help_text="Id of an event: the sources documenting it.",
    )
    claim = IdFilter(
        label=_("Claim"),
        queryset=visible_queryset(Claim),
        method="filter_claim",
        label_noun="claim",
        help_text="Id of a claim: the sources offered as its evidence.",
    )
    agent = IdsFilter(
        label=_("Agents"),
        queryset=Agent.objects.all(),
        method="filter_agent",
        label_noun="agent",
        help_text="Id of an agent: sources they wrote, received or are mentioned in. Repeat "
        "(agent=1&agent=2) for the sources in which every one of them has a part.",
        widget=IdsTextInput(attrs=AGENT_ID_ATTRS),
    )
    side = filters.ChoiceFilter(
        label=_("Side"),
        choices=Side.choices,
        method="filter_side",
        error_messages={"invalid_choice": one_of(Side.values)},
        help_text="The side a source speaks for: its first author's side, else that of its "
        "series' repository.",
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

    @cached_property
    def series_ids(self) -> list[int]:
        """The chosen series and every series below it, read once (facets filter repeatedly)."""
        return self.form.cleaned_data["series"].descendant_ids()

    def filter_series(self, qs, name, value):
        return qs.filter(series_id__in=self.series_ids)

    def filter_repository(self, qs, name, value):
        return qs.filter(series__repository=value)

    def filter_stage(self, qs, name, value):
        return sources_in_stage(qs, value, public=is_public(self.request))

    def filter_strategy(self, qs, name, value):
        return sources_supporting_strategy(qs, value, public=is_public(self.request))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Applied after `ordering`, which replaces the order: the same order, planned better.
        for name, relation in (("stage", "stage_links"), ("strategy", "strategy_links")):
            if self.form.cleaned_data.get(name):
                return ordered_by_link_date(queryset, relation)
        return queryset

    def filter_event(self, qs, name, value):
        return qs.filter(pk__in=value.event_sources.values("source"))

    def filter_claim(self, qs, name, value):
        return qs.filter(pk__in=value.evidence.values("source"))

    def filter_agent(self, qs, name, value):
        for agent in value:
            qs = qs.filter(pk__in=SourceAgent.objects.filter(agent=agent).values("source"))
        return qs

    def filter_side(self, qs, name, value):
        return qs.on_side(value)

    def filter_language(self, qs, name, value):
        return qs.in_language(value.code)

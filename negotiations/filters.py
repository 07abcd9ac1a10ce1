"""FilterSets of the analysis: stages, strategies, events, claims, evidence and positions.

Shared with the HTML pages like the catalogue's; the filter classes (partial dates, slugs, ids,
stable ordering, search) are core's, so every parameter is validated the same way.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.models import Agent, Source, Work
from core.filters import (
    IdFilter,
    PartialDateFilter,
    SearchFilter,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    one_of,
    visible_queryset,
)
from core.permissions import is_public
from negotiations.models import Claim, Conference, Event, Evidence, Position, Stage, Strategy


class ConferenceFilter(filters.FilterSet):
    ordering = StableOrderingFilter(
        orderings={"order": ("order",), "date": ("date_start", "date_end")}
    )

    class Meta:
        model = Conference
        fields = []


class StageFilter(filters.FilterSet):
    conference = SlugFilter(
        queryset=Conference.objects.all(), field_name="conference", label_noun="conference"
    )
    phase = filters.ChoiceFilter(
        choices=Stage.Phase.choices,
        error_messages={"invalid_choice": one_of(Stage.Phase.values)},
    )
    strategy = SlugFilter(
        queryset=Strategy.objects.all(),
        field_name="strategies",
        label_noun="strategy",
        example="time-buying",
        help_text="Slug of a strategy: the stages it is assigned to.",
    )
    ordering = StableOrderingFilter(
        orderings={"order": ("order",), "date": ("date_start", "date_end")}
    )

    class Meta:
        model = Stage
        fields = []


class StrategyFilter(filters.FilterSet):
    stage = SlugFilter(
        queryset=Stage.objects.all(),
        field_name="stages",
        label_noun="stage",
        example="peking-final",
        help_text="Slug of a stage: the strategies assigned to it.",
    )
    ordering = StableOrderingFilter(orderings={"order": ("order",), "slug": ("slug",)})

    class Meta:
        model = Strategy
        fields = []


class StagedDatedFilterSet(filters.FilterSet):
    """Filters of records that sit in one stage and carry a partial date (events, positions)."""

    stage = SlugFilter(
        queryset=Stage.objects.all(),
        field_name="stage",
        label_noun="stage",
        example="peking-final",
        help_text="Slug of a stage: the records in it.",
    )
    strategy = SlugFilter(
        queryset=Strategy.objects.all(),
        field_name="stage__strategies",
        label_noun="strategy",
        example="time-buying",
        help_text="Slug of a strategy: records in a stage the strategy is assigned to.",
    )
    date_from = PartialDateFilter(
        bound="from", help_text="Records whose date range ends on or after this date."
    )
    date_to = PartialDateFilter(
        bound="to", help_text="Records whose date range starts on or before this date."
    )


class EventFilter(StagedDatedFilterSet):
    q = SearchFilter(help_text="Words to find in the title, description and actors' names.")
    agent = IdFilter(
        queryset=Agent.objects.all(),
        field_name="actors",
        label_noun="agent",
        help_text="Id of an agent: events they took part in.",
    )
    source = IdFilter(
        queryset=visible_queryset(Source),
        field_name="sources",
        label_noun="source",
        help_text="Id of a source: the events it documents.",
    )
    ordering = StableOrderingFilter(
        orderings={"date": ("date_start", "date_end"), "title": ("title_en",)}
    )

    class Meta:
        model = Event
        fields = []


class ClaimFilter(filters.FilterSet):
    q = SearchFilter(
        label=_("Words, in any script"),
        help_text="Words to find in the claim's text (original or English), its work's authors, "
        "title and year, and the names of its stages and strategies.",
    )
    stage = SlugFilter(
        label=_("Stage"),
        queryset=Stage.objects.all(),
        field_name="stages",
        label_noun="stage",
        example="peking-final",
        help_text="Slug of a stage: claims about it.",
    )
    strategy = SlugFilter(
        label=_("Strategy"),
        queryset=Strategy.objects.all(),
        field_name="strategies",
        label_noun="strategy",
        example="time-buying",
        help_text="Slug of a strategy: claims tagged with it.",
    )
    date_from = PartialDateFilter(
        label=_("Dated from"),
        bound="from",
        method="filter_dates",
        help_text=_(
            "Claims about an event, or backed by a source, whose date range ends on or "
            "after this date."
        ),
    )
    date_to = PartialDateFilter(
        label=_("Dated to"),
        bound="to",
        method="filter_dates",
        help_text=_(
            "Claims about an event, or backed by a source, whose date range starts on or "
            "before this date."
        ),
    )
    work = SlugFilter(
        label=_("Work"), queryset=Work.objects.all(), field_name="work", label_noun="work"
    )
    event = IdFilter(
        label=_("Event"),
        queryset=visible_queryset(Event),
        field_name="events",
        label_noun="event",
        help_text="Id of an event: claims about it.",
    )
    source = IdFilter(
        label=_("Source"),
        queryset=visible_queryset(Source),
        method="filter_source",
        label_noun="source",
        help_text="Id of a source: claims it is evidence for.",
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"), orderings={"work": ("work__authors", "work__year", "pages")}
    )

    class Meta:
        model = Claim
        fields = []

    def filter_dates(self, qs, name, value):
        # Both ends are applied together in filter_queryset: one event or source must overlap
        # the whole range, not one the start and another the end.
        return qs

    def filter_source(self, qs, name, value):
        return qs.filter(pk__in=Evidence.objects.filter(source=value).values("claim"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if start or end:
            queryset = queryset.overlapping(
                start and start.start, end and end.end, public=is_public(self.request)
            )
        return queryset


class EvidenceFilter(filters.FilterSet):
    claim = IdFilter(queryset=visible_queryset(Claim), field_name="claim", label_noun="claim")
    source = IdFilter(queryset=visible_queryset(Source), field_name="source", label_noun="source")
    relation = filters.ChoiceFilter(
        choices=Evidence.Relation.choices,
        error_messages={"invalid_choice": one_of(Evidence.Relation.values)},
    )
    stage = SlugFilter(
        queryset=Stage.objects.all(),
        field_name="claim__stages",
        label_noun="stage",
        example="peking-final",
        help_text="Slug of a stage: evidence for claims about it.",
    )
    ordering = StableOrderingFilter(orderings={"claim": ("claim", "order")})

    class Meta:
        model = Evidence
        fields = []


class PositionFilter(StagedDatedFilterSet):
    q = filters.CharFilter(
        method="filter_q",
        help_text="Words to find in the issue, the statement or the party's names.",
    )
    issue = filters.CharFilter(help_text="Slug of an issue: north-sakhalin-oil-share.")
    party = IdFilter(queryset=Agent.objects.all(), field_name="party", label_noun="agent")
    agreed = StrictBooleanFilter(help_text="true: only positions both sides agreed.")
    ordering = StableOrderingFilter(
        orderings={"date": ("date_start", "date_end"), "issue": ("issue", "date_start")}
    )

    class Meta:
        model = Position
        fields = []

    def filter_q(self, qs, name, value):
        for word in value.split():
            matches = Position.objects.filter(
                Q(issue__icontains=word)
                | Q(statement__icontains=word)
                | Q(statement_en__icontains=word)
                | Q(party__names__value__icontains=word)
            )
            qs = qs.filter(pk__in=matches.values("pk"))
        return qs

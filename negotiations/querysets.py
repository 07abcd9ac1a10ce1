from django.db import models
from django.db.models import F, Prefetch, Q

from core.querysets import DatedQuerySet, PublishableQuerySet


def _source_links(model, public: bool, *, sided: bool = False):
    """Link rows (evidence, event or position sources) with their source loaded; with `sided`,
    each annotated with the `side` its source speaks for."""
    links = model.objects.select_related("source", "source__series", "source__series__repository")
    if sided:
        links = links.annotate(side=F("source__side"))
    return links.filter(source__status="published") if public else links


class ConferenceQuerySet(models.QuerySet):
    def for_detail(self) -> "ConferenceQuerySet":
        """Conferences with their stages."""
        return self.prefetch_related("stages")


class StageQuerySet(models.QuerySet):
    def for_list(self) -> "StageQuerySet":
        """Stages with their conference and strategies."""
        return self.select_related("conference").prefetch_related("strategies")

    def for_detail(self) -> "StageQuerySet":
        """Stages with their conference and strategies (the API shows the same in both)."""
        return self.for_list()


class StrategyQuerySet(models.QuerySet):
    def for_detail(self) -> "StrategyQuerySet":
        """Strategies with the stages they are assigned to."""
        return self.prefetch_related("stages")


class EventQuerySet(DatedQuerySet, PublishableQuerySet):
    def for_list(self) -> "EventQuerySet":
        """Events with stage and actors' names."""
        return self.select_related("stage").prefetch_related("actors__names")

    def for_detail(self, *, public: bool = False, sided: bool = False) -> "EventQuerySet":
        """Events with stage, actors' names, the sources documenting them (with locator, and
        with `sided` the side each speaks for) and the claims about them; drafts left out of the
        links with `public`."""
        from negotiations.models import Claim, EventSource

        claims = Claim.objects.published() if public else Claim.objects.all()
        links = _source_links(EventSource, public, sided=sided)
        return self.for_list().prefetch_related(
            Prefetch("event_sources", queryset=links),
            Prefetch("claims", queryset=claims.order_by("pk"), to_attr="linked_claims"),
        )

    def with_actor(self, agent) -> "EventQuerySet":
        """Events the agent took part in."""
        return self.filter(pk__in=self.model.objects.filter(actors=agent).values("pk"))

    def on_side(self, side: str) -> "EventQuerySet":
        """Events with an actor of `side`."""
        return self.filter(pk__in=self.model.objects.filter(actors__side=side).values("pk"))

    def in_strategy(self, slug: str) -> "EventQuerySet":
        """Events in a stage the strategy is assigned to."""
        return self.filter(stage__strategies__slug=slug)


class ClaimQuerySet(PublishableQuerySet):
    def for_list(self) -> "ClaimQuerySet":
        """Claims with their work, stages and strategies."""
        return self.select_related("work").prefetch_related("stages", "strategies")

    def for_detail(self, *, public: bool = False) -> "ClaimQuerySet":
        """Claims with work, stages, strategies, events, their evidence down to the source and
        the secondary literature they cite; drafts left out of the links with `public`."""
        from negotiations.models import Event, Evidence, WorkCitation

        events = Event.objects.published() if public else Event.objects.all()
        return self.for_list().prefetch_related(
            Prefetch("evidence", queryset=_source_links(Evidence, public)),
            Prefetch("work_citations", queryset=WorkCitation.objects.select_related("work")),
            Prefetch(
                "events", queryset=events.order_by("date_start", "pk"), to_attr="linked_events"
            ),
        )

    def about_agent(self, agent) -> "ClaimQuerySet":
        """Claims with evidence from a source the agent wrote, received or is mentioned in, or
        about an event the agent took part in."""
        from negotiations.models import Evidence

        via_sources = Evidence.objects.filter(source__source_agents__agent=agent).values("claim")
        via_events = self.model.objects.filter(events__actors=agent).values("pk")
        return self.filter(Q(pk__in=via_sources) | Q(pk__in=via_events))

    def overlapping(self, start=None, end=None, *, public: bool = True) -> "ClaimQuerySet":
        """Claims about an event, or backed by a source, whose date overlaps start…end; with
        `public` only published events and sources count (a draft's date must not show)."""
        from catalogue.models import Source
        from negotiations.models import Event

        events, sources = Event.objects.all(), Source.objects.all()
        if public:
            events, sources = events.published(), sources.published()
        events = events.overlapping(start, end).values("pk")
        sources = sources.overlapping(start, end).values("pk")
        via_events = self.model.objects.filter(events__in=events).values("pk")
        via_sources = self.model.objects.filter(evidence__source__in=sources).values("pk")
        return self.filter(Q(pk__in=via_events) | Q(pk__in=via_sources))


class EvidenceQuerySet(models.QuerySet):
    def visible_to_public(self) -> "EvidenceQuerySet":
        """Evidence whose claim and source are both published."""
        return self.filter(claim__status="published", source__status="published")

    def for_detail(self) -> "EvidenceQuerySet":
        """Evidence with its source (series, repository) for the summary and citation."""
        return self.select_related("source", "source__series", "source__series__repository")


class PositionQuerySet(DatedQuerySet):
    def for_list(self) -> "PositionQuerySet":
        """Positions with party names and stage."""
        return self.select_related("stage").prefetch_related("party__names")

    def for_detail(self, *, public: bool = False) -> "PositionQuerySet":
        """Positions with party (and names), stage and sources (with locator); draft sources
        left out with `public`."""
        from negotiations.models import PositionSource

        return (
            self.select_related("stage", "party")
            .prefetch_related("party__names")
            .prefetch_related(
                Prefetch("position_sources", queryset=_source_links(PositionSource, public))
            )
        )

"""How sources meet the analysis: the stages and strategies a source supports, and the events
and claims linked to it. The archive (catalogue) knows nothing of these; the analysis reaches
into it from here.

A source *supports a stage* when it is evidence for a claim about that stage, or documents an
event in it; it supports a strategy when it is evidence for a claim tagged with it, or documents
an event in a stage the strategy is assigned to. With `public`, drafts (claims, events) do not
count.
"""

from django.db.models import Prefetch, Q

from catalogue.querysets import SourceQuerySet
from negotiations.models import Claim, Event, EventSource, Evidence


def _published_links(public: bool) -> tuple[dict, dict]:
    """Extra lookups that keep draft claims and events out of the stage and strategy rules."""
    if not public:
        return {}, {}
    return {"evidence__claim__status": "published"}, {"event_sources__event__status": "published"}


def sources_in_stage(sources: SourceQuerySet, slug: str, *, public: bool = False):
    """The sources that support the stage `slug`."""
    claims, events = _published_links(public)
    model = sources.model
    via_claims = model.objects.filter(evidence__claim__stages__slug=slug, **claims).values("pk")
    via_events = model.objects.filter(event_sources__event__stage__slug=slug, **events).values("pk")
    return sources.filter(Q(pk__in=via_claims) | Q(pk__in=via_events))


def sources_supporting_strategy(sources: SourceQuerySet, slug: str, *, public: bool = False):
    """The sources that support the strategy `slug` (the stage rule, one step further)."""
    claims, events = _published_links(public)
    model = sources.model
    via_claims = model.objects.filter(evidence__claim__strategies__slug=slug, **claims).values("pk")
    via_events = model.objects.filter(
        event_sources__event__stage__strategies__slug=slug, **events
    ).values("pk")
    return sources.filter(Q(pk__in=via_claims) | Q(pk__in=via_events))


def sources_with_links(sources: SourceQuerySet, *, public: bool = False):
    """for_detail() plus the events and claims each source is linked to (as `linked_events`
    and `linked_claims`) and, through them, the stages it supports."""
    events = Event.objects.select_related("stage").order_by("date_start", "pk")
    claims = Claim.objects.prefetch_related("stages").order_by("pk")
    if public:
        events, claims = events.published(), claims.published()
    return sources.for_detail().prefetch_related(
        Prefetch("events", queryset=events, to_attr="linked_events"),
        Prefetch("claims", queryset=claims, to_attr="linked_claims"),
    )


def sources_for_page(sources: SourceQuerySet, *, public: bool = False):
    """sources_with_links() plus the evidence rows and event links the source page lists, each
    with its claim or event (drafts left out with `public`)."""
    evidence = Evidence.objects.select_related("claim").order_by("claim", "order", "pk")
    links = EventSource.objects.select_related("event").order_by("event__date_start", "pk")
    if public:
        evidence = evidence.filter(claim__status="published")
        links = links.filter(event__status="published")
    return sources_with_links(sources, public=public).prefetch_related(
        Prefetch("evidence", queryset=evidence), Prefetch("event_sources", queryset=links)
    )


def supported_stages(source) -> list:
    """The stages a source supports, in order. Reads `linked_claims` and `linked_events`, which
    sources_with_links() prefetches."""
    stages = {event.stage for event in source.linked_events if event.stage_id}
    for claim in source.linked_claims:
        stages.update(claim.stages.all())
    return sorted(stages, key=lambda stage: (stage.order, stage.slug))

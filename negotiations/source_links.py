"""How sources meet the analysis: the stages and strategies a source supports, and the events
and claims linked to it. The archive (catalogue) knows nothing of these; the analysis reaches
into it from here.

A source *supports a stage* when it is evidence for a claim about that stage, or documents an
event in it; it supports a strategy when it is evidence for a claim tagged with it, or documents
an event in a stage the strategy is assigned to. With `public`, drafts (claims, events) do not
count.
"""

from django.db import connections, transaction
from django.db.models import F, OuterRef, Prefetch, Subquery, Value

from catalogue.models import Source
from catalogue.querysets import SourceQuerySet
from core.batching import batches
from core.derived import SELF, Refresher
from core.models import PublicationStatus
from core.querysets import count_by
from negotiations.models import (
    Claim,
    Event,
    EventSource,
    Evidence,
    SourceStage,
    SourceStrategy,
)


def sources_in_stage(sources: SourceQuerySet, stage, *, public: bool = False):
    """The sources that support `stage`, joined with their SourceStage row (one per source and
    stage, so no source repeats): ordered_by_link_date() can then page them through the links."""
    return _joined(sources, "stage_links", {"stage": stage}, public)


def sources_supporting_strategy(sources: SourceQuerySet, strategy, *, public: bool = False):
    """The sources that support `strategy`, joined with their SourceStrategy row."""
    return _joined(sources, "strategy_links", {"strategy": strategy}, public)


def _joined(sources, relation: str, target: dict, public: bool):
    # One filter() call, so that the conditions share one join with the link table.
    conditions = {f"{relation}__{field}": value for field, value in target.items()}
    if public:
        conditions[f"{relation}__public"] = True
    return sources.filter(**conditions)


# The link tables keep their source's date_start (derived, as the links are): a list of one
# stage's or strategy's sources in date order is then read in the order of the link index
# (stage, date_start), which starts where that stage's sources start, instead of walking every
# source by date and checking each one's links (~28,000 sources for a late stage at 100k).
def ordered_by_link_date(sources, relation: str):
    """`sources` (joined with `relation` by sources_in_stage() or sources_supporting_strategy())
    in the same order, with the source's date read from the link row: the two are equal, NULL
    included, so the rows and their order are the same; only the plan changes."""
    query = sources.query
    fields = query.order_by or (sources.model._meta.ordering if query.default_ordering else ())

    def through_link(field):
        if isinstance(field, str) and field.lstrip("-") == "date_start":
            return field.replace("date_start", f"{relation}__date_start")
        return field

    return sources.order_by(*map(through_link, fields))


def stage_counts(sources=None, *, public: bool = False, hidden=None) -> dict[int, int]:
    """How many of `sources` support each stage, by stage id: one grouped query. With
    `hidden` instead of `sources`: how many of every source but those."""
    return _link_counts(SourceStage, "stage", sources, public, hidden)


def strategy_counts(sources=None, *, public: bool = False, hidden=None) -> dict[int, int]:
    """How many of `sources` support each strategy, by strategy id: one grouped query (with
    `hidden`, as in stage_counts)."""
    return _link_counts(SourceStrategy, "strategy", sources, public, hidden)


def stage_and_strategy_counts(
    sources=None, *, public: bool = False, hidden=None
) -> tuple[dict[int, int], dict[int, int]]:
    """stage_counts() and strategy_counts() over the same sources, from one query: the sources
    (a search, a date range…) are selected once and semi-joined with both link tables at once,
    where two queries would select them twice."""
    counted: tuple[dict[int, int], dict[int, int]] = ({}, {})
    chosen = hidden if hidden is not None else sources
    db = chosen.db

    def compiled(queryset) -> tuple[str, tuple]:
        return queryset.query.get_compiler(using=db).as_sql()

    # The ORM cannot filter or group a UNION, so the statement is put together from the SQL of
    # querysets (their parameters kept apart).
    parts, params = [], []
    for facet, model, field in ((0, SourceStage, "stage"), (1, SourceStrategy, "strategy")):
        links = model.objects.filter(public=True) if public else model.objects.all()
        sql, part_params = compiled(
            links.order_by().values(facet=Value(facet), target=F(field), linked=F("source"))
        )
        parts.append(sql)
        params.extend(part_params)
    if chosen.query.is_empty():
        if hidden is None:
            return counted  # no sources: nothing to count
        where, base_params = "", ()  # nothing hidden (an archivist): every link
    else:
        base_sql, base_params = compiled(chosen.order_by().values("pk"))
        where = f"WHERE linked {'NOT IN' if hidden is not None else 'IN'} ({base_sql}) "
    sql = (
        f"SELECT facet, target, COUNT(*) FROM ({' UNION ALL '.join(parts)}) links "
        f"{where}GROUP BY facet, target"
    )
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [*params, *base_params])
        for facet, target, n in cursor.fetchall():
            counted[facet][target] = n
    return counted


def _link_counts(model, field: str, sources, public: bool, hidden) -> dict[int, int]:
    if hidden is not None:
        links = model.objects.exclude(source__in=hidden.order_by().values("pk"))
    else:
        links = model.objects.filter(source__in=sources.order_by().values("pk"))
    if public:
        links = links.filter(public=True)
    # (source, stage) is unique, so a plain count is a count of distinct sources.
    return count_by(links, field)


# The rule, once: which rows make a source support a stage or a strategy. Each query yields
# (source id, stage or strategy id, status of the claim or event that makes the link).
def _stage_link_rows(source_ids):
    via_claims = Evidence.objects.filter(claim__stages__isnull=False).values_list(
        "source_id", "claim__stages", "claim__status", "source__date_start"
    )
    via_events = EventSource.objects.filter(event__stage__isnull=False).values_list(
        "source_id", "event__stage_id", "event__status", "source__date_start"
    )
    return _for_sources(via_claims, source_ids), _for_sources(via_events, source_ids)


def _strategy_link_rows(source_ids):
    via_claims = Evidence.objects.filter(claim__strategies__isnull=False).values_list(
        "source_id", "claim__strategies", "claim__status", "source__date_start"
    )
    via_events = EventSource.objects.filter(event__stage__strategies__isnull=False).values_list(
        "source_id", "event__stage__strategies", "event__status", "source__date_start"
    )
    return _for_sources(via_claims, source_ids), _for_sources(via_events, source_ids)


def _for_sources(rows, source_ids):
    return rows if source_ids is None else rows.filter(source_id__in=source_ids)


def _refresh_links(model, field: str, row_queries, source_ids) -> int:
    # (source, target) → (public, the source's date_start)
    wanted: dict[tuple[int, int], tuple[bool, object]] = {}
    for rows in row_queries:
        for source_id, target_id, status, date_start in rows.iterator(chunk_size=5000):
            key = (source_id, target_id)
            public = wanted.get(key, (False,))[0] or status == PublicationStatus.PUBLISHED
            wanted[key] = (public, date_start)
    existing = model.objects.values_list("pk", "source_id", f"{field}_id", "public", "date_start")
    existing = _for_sources(existing, source_ids)
    stale, changed = [], []
    for pk, source_id, target_id, public, date_start in existing.iterator(chunk_size=5000):
        key = (source_id, target_id)
        if key not in wanted:
            stale.append(pk)
        elif (state := wanted.pop(key)) != (public, date_start):
            changed.append(model(pk=pk, public=state[0], date_start=state[1]))
    for chunk in batches(stale, 500):
        model.objects.filter(pk__in=chunk).delete()
    model.objects.bulk_update(changed, ["public", "date_start"], batch_size=500)
    model.objects.bulk_create(
        [
            model(source_id=s, **{f"{field}_id": t}, public=p, date_start=d)
            for (s, t), (p, d) in wanted.items()
        ],
        batch_size=1000,
    )
    return len(stale) + len(changed) + len(wanted)


def source_stage_links_refresh(source_ids=None) -> int:
    """Rebuild the stage and strategy links (SourceStage, SourceStrategy) of these sources, or
    of every source with None, in a fixed number of queries per 500 sources; returns how many
    rows were added, changed or removed."""
    if source_ids is None:
        return _refresh_both(None)
    ids = sorted({int(pk) for pk in source_ids if pk is not None})
    # Chunks keep the IN lists within every backend's parameter limit.
    return sum(_refresh_both(chunk) for chunk in batches(ids, 500))


def _refresh_both(source_ids) -> int:
    with transaction.atomic():
        return _refresh_links(
            SourceStage, "stage", _stage_link_rows(source_ids), source_ids
        ) + _refresh_links(SourceStrategy, "strategy", _strategy_link_rows(source_ids), source_ids)


def source_link_refreshers() -> list[Refresher]:
    """The stage and strategy links of sources, as derived data: which rows they are read from,
    so that core.derived refreshes them from every write path (registered in the app's ready())."""
    return [
        Refresher(
            name="stage_links",
            target=Source,
            depends_on={
                "negotiations.Evidence": "evidence",
                "negotiations.EventSource": "event_sources",
                "negotiations.Claim": "evidence__claim",
                "negotiations.Event": "event_sources__event",
                "negotiations.Stage": "event_sources__event__stage",
                "negotiations.Strategy": (
                    "evidence__claim__strategies",
                    "event_sources__event__stage__strategies",
                ),
            },
            refresh=lambda sources: source_stage_links_refresh(
                sources.values_list("pk", flat=True)
            ),
        ),
        # A source's own row: only its date is copied into its links (an import of new
        # sources, which have no links yet, costs two UPDATEs that find nothing).
        Refresher(
            name="link_dates",
            target=Source,
            depends_on={"catalogue.Source": SELF},
            refresh=source_link_dates_refresh,
        ),
    ]


def source_link_dates_refresh(sources) -> int:
    """Copy these sources' date_start into their stage and strategy links where it differs;
    returns how many links changed."""
    date = Subquery(Source.objects.filter(pk=OuterRef("source_id")).values("date_start")[:1])
    changed = 0
    for model in (SourceStage, SourceStrategy):
        links = model.objects.filter(source__in=sources.order_by().values("pk"))
        differing = links.exclude(date_start=F("source__date_start")).exclude(
            date_start__isnull=True, source__date_start__isnull=True
        )
        changed += model.objects.filter(pk__in=differing.values("pk")).update(date_start=date)
    return changed


def sources_with_links(sources: SourceQuerySet, *, public: bool = False):
    """for_detail() plus the ids of the events and claims each source is linked to (as
    `linked_events` and `linked_claims`, nothing more loaded of them) and the stages it supports
    (`linked_stages`, from SourceStage); drafts left out with `public`."""
    events = Event.objects.only("pk", "date_start").order_by("date_start", "pk")
    claims = Claim.objects.only("pk").order_by("pk")
    stage_links = SourceStage.objects.select_related("stage").order_by(
        "stage__order", "stage__slug"
    )
    if public:
        events, claims = events.published(), claims.published()
        stage_links = stage_links.filter(public=True)
    return sources.for_detail().prefetch_related(
        Prefetch("events", queryset=events, to_attr="linked_events"),
        Prefetch("claims", queryset=claims, to_attr="linked_claims"),
        Prefetch("stage_links", queryset=stage_links, to_attr="linked_stages"),
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
    """The stages a source supports, in order. Reads `linked_stages`, which
    sources_with_links() prefetches."""
    return [link.stage for link in source.linked_stages]

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q

from catalogue.search import build_search_text, normalise


class DatedQuerySet(models.QuerySet):
    """Filters of records with a partial date (PartialDateModel)."""

    def overlapping(self, start=None, end=None) -> "DatedQuerySet":
        """Records whose date range overlaps start…end (either end may be open)."""
        qs = self
        if start is not None:
            qs = qs.filter(date_end__gte=start)
        if end is not None:
            qs = qs.filter(date_start__lte=end)
        return qs


class SearchableQuerySet(models.QuerySet):
    """Named filters and the bulk refresh shared by every model with `search_text`."""

    search_prefetch: tuple = ()

    def search(self, query: str) -> "SearchableQuerySet":
        """Rows whose normalised text contains every word of `query`."""
        qs = self
        for word in normalise(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def refresh_search_text(self) -> int:
        """Rebuild `search_text` for these rows in one pass; returns how many changed."""
        changed = []
        for obj in self.prefetch_related(*self.search_prefetch):
            text = build_search_text(obj.search_parts())
            if text != obj.search_text:
                obj.search_text = text
                changed.append(obj)
        self.model.objects.bulk_update(changed, ["search_text"], batch_size=500)
        return len(changed)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)  # a generator would be spent before Django saw it
        for obj in objs:
            obj.search_text = build_search_text(obj.search_parts())
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "search_text" not in fields:
            for obj in objs:
                obj.search_text = build_search_text(obj.search_parts())
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)


def can_see_drafts(user) -> bool:
    """Whether `user` may read drafts and write: a superuser or a member of the archivists'
    group (remembered on the user object, so one request asks the database once)."""
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "_kosho_archivist"):
        user._kosho_archivist = (
            user.is_superuser or user.groups.filter(name=settings.ARCHIVIST_GROUP).exists()
        )
    return user._kosho_archivist


class PublishableQuerySet(SearchableQuerySet):
    def published(self) -> "PublishableQuerySet":
        """Rows visible to the public."""
        return self.filter(status="published")

    def visible_to(self, user) -> "PublishableQuerySet":
        """Everything for archivists, published rows for everyone else."""
        return self if can_see_drafts(user) else self.published()


class AgentQuerySet(SearchableQuerySet):
    search_prefetch = ("names",)

    def for_list(self) -> "AgentQuerySet":
        """Agents with their names, as every list shows them."""
        return self.prefetch_related("names")


class WorkQuerySet(SearchableQuerySet):
    def for_list(self) -> "WorkQuerySet":
        """Works with their language."""
        return self.select_related("language")


def _published_links(public: bool) -> tuple[dict, dict]:
    """Extra lookups that keep draft claims and events out of the stage and strategy rules."""
    if not public:
        return {}, {}
    return {"evidence__claim__status": "published"}, {"event_sources__event__status": "published"}


def source_agents_with_names():
    """A source's agent links in order, each with its agent and the agent's names."""
    from catalogue.models import SourceAgent

    return SourceAgent.objects.select_related("agent").prefetch_related("agent__names")


def agents_with_names():
    from catalogue.models import Agent

    return Prefetch("agents", queryset=Agent.objects.prefetch_related("names"))


class SourceQuerySet(DatedQuerySet, PublishableQuerySet):
    search_prefetch = ("series", "agents__names")

    def for_list(self) -> "SourceQuerySet":
        """Sources with series, repository, languages and agents' names: one query each."""
        return self.select_related("series", "series__repository").prefetch_related(
            "languages", agents_with_names()
        )

    def in_series(self, series) -> "SourceQuerySet":
        """Sources of a series and of every series below it."""
        return self.filter(series_id__in=series.descendant_ids())

    def in_stage(self, slug: str, *, public: bool = False) -> "SourceQuerySet":
        """Sources that support a stage: evidence for a claim about it, or documenting an
        event in it (with `public`, only published claims and events count)."""
        claims, events = _published_links(public)
        via_claims = self.model.objects.filter(evidence__claim__stages__slug=slug, **claims).values(
            "pk"
        )
        via_events = self.model.objects.filter(
            event_sources__event__stage__slug=slug, **events
        ).values("pk")
        return self.filter(Q(pk__in=via_claims) | Q(pk__in=via_events))

    def supporting_strategy(self, slug: str, *, public: bool = False) -> "SourceQuerySet":
        """Sources that support a strategy: evidence for a claim tagged with it, or documenting
        an event in a stage the strategy is assigned to (the stage rule, one step further)."""
        claims, events = _published_links(public)
        via_claims = self.model.objects.filter(
            evidence__claim__strategies__slug=slug, **claims
        ).values("pk")
        via_events = self.model.objects.filter(
            event_sources__event__stage__strategies__slug=slug, **events
        ).values("pk")
        return self.filter(Q(pk__in=via_claims) | Q(pk__in=via_events))

    def for_detail(self, *, public: bool = False) -> "SourceQuerySet":
        """Everything a full source record shows (API list and detail alike): series and
        repository, languages, agents with role and names, the events and claims it is linked to
        and, through them, the stages it supports. With `public`, drafts are left out of the
        links. One query per relation, whatever the number of rows."""
        # The analysis app imports this one, never the reverse: reach its models through the
        # reverse relations instead of importing them.
        event_model = self.model._meta.get_field("events").related_model
        claim_model = self.model._meta.get_field("claims").related_model
        events = event_model.objects.select_related("stage").order_by("date_start", "pk")
        claims = claim_model.objects.prefetch_related("stages").order_by("pk")
        if public:
            events, claims = events.published(), claims.published()
        return self.select_related("series", "series__repository").prefetch_related(
            "languages",
            Prefetch("source_agents", queryset=source_agents_with_names()),
            Prefetch("events", queryset=events, to_attr="linked_events"),
            Prefetch("claims", queryset=claims, to_attr="linked_claims"),
        )

    def for_page(self, *, public: bool = False) -> "SourceQuerySet":
        """for_detail() plus the evidence rows and event links the source page lists, each
        with its claim or event (drafts left out with `public`)."""
        evidence_model = self.model._meta.get_field("evidence").related_model
        link_model = self.model._meta.get_field("event_sources").related_model
        evidence = evidence_model.objects.select_related("claim").order_by("claim", "order", "pk")
        links = link_model.objects.select_related("event").order_by("event__date_start", "pk")
        if public:
            evidence = evidence.filter(claim__status="published")
            links = links.filter(event__status="published")
        return self.for_detail(public=public).prefetch_related(
            Prefetch("evidence", queryset=evidence), Prefetch("event_sources", queryset=links)
        )

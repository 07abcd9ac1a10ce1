from django.db import models
from django.db.models import F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from core.querysets import DatedQuerySet, PublishableQuerySet, SearchableQuerySet


class AgentQuerySet(SearchableQuerySet):
    def for_list(self) -> "AgentQuerySet":
        """Agents with their names, as every list shows them."""
        return self.prefetch_related("names")


class SourceAgentQuerySet(models.QuerySet):
    def for_list(self) -> "SourceAgentQuerySet":
        """An agent's parts in sources, each with its source's series and repository, in the
        sources' order."""
        return self.select_related(
            "source", "source__series", "source__series__repository"
        ).order_by(
            "source__date_start", "source__series__order", "source__number", "source__pk", "role"
        )


class WorkQuerySet(SearchableQuerySet):
    def for_list(self) -> "WorkQuerySet":
        """Works with their language."""
        return self.select_related("language")


def source_agents_with_names():
    """A source's agent links in order, each with its agent and the agent's names."""
    from catalogue.models import SourceAgent

    # Agents are shown by their names: their search text and notes stay in the database.
    return (
        SourceAgent.objects.select_related("agent")
        .defer("agent__search_text", "agent__note")
        .prefetch_related("agent__names")
    )


def agents_with_names():
    from catalogue.models import Agent

    agents = Agent.objects.defer("search_text", "note").prefetch_related("names")
    return Prefetch("agents", queryset=agents)


def source_side():
    """The side a source speaks for, as an expression over the source's row: its first
    author's side, else the side of its series' repository (外務省 → Japan, МИД СССР → Soviet).
    Stored in `Source.side` by `SourceQuerySet.refresh_side()`; subqueries only, so it can be
    the value of an UPDATE."""
    from catalogue.models import Series, SourceAgent

    authors = (
        SourceAgent.objects.filter(source=OuterRef("pk"), role=SourceAgent.Role.AUTHOR)
        .exclude(agent__side="")
        .order_by("order", "pk")
        .values("agent__side")[:1]
    )
    repository = Series.objects.filter(pk=OuterRef("series_id")).values("repository__side")[:1]
    return Coalesce(Subquery(authors), Subquery(repository), Value(""))


class SourceQuerySet(DatedQuerySet, PublishableQuerySet):
    def for_list(self) -> "SourceQuerySet":
        """Sources with series, repository, languages and agents' names: one query each."""
        return self.select_related("series", "series__repository").prefetch_related(
            "languages", agents_with_names()
        )

    def refresh_side(self) -> int:
        """Store the side of these sources (see source_side), in one UPDATE of the rows whose
        side changed; returns how many."""
        side = source_side()
        stale = self.order_by().annotate(computed=side).exclude(side=F("computed"))
        return self.model._default_manager.filter(pk__in=stale.values("pk")).update(side=side)

    def on_side(self, side: str) -> "SourceQuerySet":
        """Sources that speak for `side`."""
        return self.filter(side=side)

    def in_series(self, series) -> "SourceQuerySet":
        """Sources of a series and of every series below it."""
        return self.filter(series_id__in=series.descendant_ids())

    def for_detail(self) -> "SourceQuerySet":
        """A full source record of the archive: series and repository, languages, agents with
        role and names. One query per relation, whatever the number of rows; the analysis adds
        its links (events, claims, stages) on top (negotiations.source_links)."""
        return self.select_related(
            "series", "series__repository", "series__parent"
        ).prefetch_related(
            "languages", Prefetch("source_agents", queryset=source_agents_with_names())
        )

from django.db import models
from django.db.models import F, OuterRef, Prefetch, Subquery
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


def source_side(prefix: str = ""):
    """The side a source speaks for, as an expression: its first author's side, else the side of
    its series' repository (外務省 → Japan, МИД СССР → Soviet). `prefix` reaches the source from
    a link row ("source__")."""
    from catalogue.models import SourceAgent

    authors = (
        SourceAgent.objects.filter(source=OuterRef(f"{prefix}pk"), role=SourceAgent.Role.AUTHOR)
        .exclude(agent__side="")
        .order_by("order", "pk")
        .values("agent__side")[:1]
    )
    return Coalesce(Subquery(authors), F(f"{prefix}series__repository__side"))


class SourceQuerySet(DatedQuerySet, PublishableQuerySet):
    def for_list(self) -> "SourceQuerySet":
        """Sources with series, repository, languages and agents' names: one query each."""
        return self.select_related("series", "series__repository").prefetch_related(
            "languages", agents_with_names()
        )

    def with_side(self) -> "SourceQuerySet":
        """Sources annotated with `side` (see source_side), computed in the same query."""
        return self.annotate(side=source_side())

    def on_side(self, side: str) -> "SourceQuerySet":
        """Sources that speak for `side` (a subquery, so it combines with any other filter)."""
        return self.filter(pk__in=self.model.objects.with_side().filter(side=side).values("pk"))

    def in_series(self, series) -> "SourceQuerySet":
        """Sources of a series and of every series below it."""
        return self.filter(series_id__in=series.descendant_ids())

    def for_detail(self) -> "SourceQuerySet":
        """A full source record of the archive: series and repository, languages, agents with
        role and names, its other dates (sent, received…). One query per relation, whatever the
        number of rows; the analysis adds its links (events, claims, stages) on top
        (negotiations.source_links)."""
        return self.select_related(
            "series", "series__repository", "series__parent"
        ).prefetch_related(
            "languages",
            Prefetch("source_agents", queryset=source_agents_with_names()),
            "dates",
        )

from django.db.models import Prefetch

from core.querysets import DatedQuerySet, PublishableQuerySet, SearchableQuerySet


class AgentQuerySet(SearchableQuerySet):
    search_prefetch = ("names",)

    def for_list(self) -> "AgentQuerySet":
        """Agents with their names, as every list shows them."""
        return self.prefetch_related("names")


class WorkQuerySet(SearchableQuerySet):
    def for_list(self) -> "WorkQuerySet":
        """Works with their language."""
        return self.select_related("language")


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

    def for_detail(self) -> "SourceQuerySet":
        """A full source record of the archive: series and repository, languages, agents with
        role and names. One query per relation, whatever the number of rows; the analysis adds
        its links (events, claims, stages) on top (negotiations.source_links)."""
        return self.select_related(
            "series", "series__repository", "series__parent"
        ).prefetch_related(
            "languages", Prefetch("source_agents", queryset=source_agents_with_names())
        )

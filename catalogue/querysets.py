from django.db.models import Prefetch

from core.querysets import DatedQuerySet, PublishableQuerySet, SearchableQuerySet


class AgentQuerySet(SearchableQuerySet):
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


class SourceQuerySet(DatedQuerySet, PublishableQuerySet):
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

from collections import defaultdict

from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.querysets import DatedQuerySet, PublishableQuerySet, SearchableQuerySet


class AgentQuerySet(SearchableQuerySet):
    def for_list(self) -> "AgentQuerySet":
        """Agents with their names, as every list shows them."""
        return self.prefetch_related("names")

    def for_detail(self) -> "AgentQuerySet":
        """Agents with their names and identifiers (Wikidata, VIAF, NDL)."""
        return self.prefetch_related("names", "identifiers")


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


def source_relations(end: str, public: bool):
    """Relations with the source at `end` ready to show: series, repository, side, languages
    and its own identifiers (for the link to its digitised original)."""
    from catalogue.models import SourceRelation

    relations = (
        SourceRelation.objects.select_related(f"{end}__series", f"{end}__series__repository")
        .defer(f"{end}__search_text", f"{end}__note")
        .annotate(other_side=source_side(f"{end}__"))
        .prefetch_related(f"{end}__languages", f"{end}__identifiers")
        .order_by("type", f"{end}__date_start", f"{end}__pk")
    )
    return relations.filter(**{f"{end}__status": "published"}) if public else relations


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
        role and names. One query per relation, whatever the number of rows; the analysis adds
        its links (events, claims, stages) on top (negotiations.source_links)."""
        return self.select_related(
            "series", "series__repository", "series__parent"
        ).prefetch_related(
            "languages",
            Prefetch("source_agents", queryset=source_agents_with_names()),
            "identifiers",
        )

    def with_relations(self, *, public: bool = False) -> "SourceQuerySet":
        """Sources with the relations read from both ends (`relations_from`, `relations_to`),
        each with the other source, its series, repository, languages and side; draft sources
        left out with `public`. Six queries, whatever the number of rows."""
        return self.prefetch_related(
            Prefetch("relations_from", queryset=source_relations("related", public)),
            Prefetch("relations_to", queryset=source_relations("source", public)),
        )


def source_editions(source_ids, *, public: bool = False) -> dict[int, list]:
    """Every edition of each source: the sources joined to it by same-text relations (edition,
    translation, draft, excerpt) in any number of steps, so that the reader reaches a third
    edition recorded only against the second. Direct relations keep their label read from the
    source's end; the others say they are the same text. One query per step of the chain and
    three to load the editions (series and repository, side, languages, identifiers)."""
    from catalogue.models import RelatedSource, Source, SourceRelation

    relations = SourceRelation.objects.filter(type__in=SourceRelation.SAME_TEXT)
    if public:
        relations = relations.filter(source__status="published", related__status="published")
    links: dict[int, list] = defaultdict(list)
    seen = frontier = {int(pk) for pk in source_ids}
    while frontier:
        rows = list(relations.filter(Q(source__in=frontier) | Q(related__in=frontier)))
        found = set()
        for row in rows:
            if row not in links[row.source_id]:
                links[row.source_id].append(row)
                links[row.related_id].append(row)
            found |= {row.source_id, row.related_id}
        frontier = found - seen
        seen = seen | found
    reached = {pk for pk in seen if links[pk]}
    sources = {
        source.pk: source
        for source in Source.objects.filter(pk__in=reached)
        .with_side()
        .select_related("series", "series__repository")
        .defer("search_text", "note")
        .prefetch_related("languages", "identifiers")
    }
    editions = {}
    for pk in {int(pk) for pk in source_ids}:
        listed, chain, queue = [], {pk}, [pk]
        while queue:
            for row in links[queue.pop(0)]:
                for other in (row.source_id, row.related_id):
                    if other in chain or other not in sources:
                        continue
                    chain.add(other)
                    queue.append(other)
                    direct = pk in (row.source_id, row.related_id)
                    listed.append(
                        RelatedSource(
                            relation=row if direct else None,
                            source=sources[other],
                            label=row.label_from(pk) if direct else str(INDIRECT_EDITION),
                            side=sources[other].side or "",
                        )
                    )
        editions[pk] = listed
    return editions


INDIRECT_EDITION = _("the same text, through another edition")


def editions_attach(sources, *, public: bool = False) -> None:
    """Set `edition_chain` on each source (see source_editions), which Source.editions() reads
    instead of the direct relations alone."""
    chains = source_editions([source.pk for source in sources], public=public)
    for source in sources:
        source.edition_chain = chains.get(source.pk, [])

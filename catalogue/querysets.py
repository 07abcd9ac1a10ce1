from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.batching import batches
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


def language_codes_key(codes) -> str:
    """What Source.language_codes holds for these language codes: sorted, between spaces
    (" en ja "), so that `contains=" ja "` selects a language and a grouping by the column counts
    every language from a handful of distinct values."""
    codes = sorted(set(codes))
    return f" {' '.join(codes)} " if codes else ""


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

    def refresh_language_codes(self) -> int:
        """Store the codes of these sources' languages (language_codes_key), writing the rows
        whose codes changed; returns how many."""
        links = self.model.languages.through.objects.filter(source__in=self.values("pk"))
        codes: dict[int, list[str]] = {}
        for source_id, code in links.values_list("source_id", "language_id"):
            codes.setdefault(source_id, []).append(code)
        stale: dict[str, list[int]] = {}
        for pk, stored in self.order_by().values_list("pk", "language_codes"):
            if (key := language_codes_key(codes.get(pk, ()))) != stored:
                stale.setdefault(key, []).append(pk)
        # One UPDATE per distinct set of languages (a handful), not per source.
        for key, pks in stale.items():
            for chunk in batches(pks):
                self.model._default_manager.filter(pk__in=chunk).update(language_codes=key)
        return sum(len(pks) for pks in stale.values())

    def in_language(self, code: str) -> "SourceQuerySet":
        """Sources written (in part) in the language of this code."""
        return self.filter(language_codes__contains=language_codes_key([code]))

    def on_side(self, side: str) -> "SourceQuerySet":
        """Sources that speak for `side`."""
        return self.filter(side=side)

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
            "identifiers",
        )


def source_relations(source_ids, *, public: bool = False) -> dict[int, "SourceRelations"]:
    """Each source's related sources, read from its own end: its editions (the sources joined
    to it by same-text relations — edition, translation, draft, excerpt — in any number of
    steps, so that a third edition recorded only against the second is reached too) and the
    other side's reports of the same meeting. Direct relations keep their label read from the
    source's end; editions further along the chain say they are the same text. Drafts (and
    what lies beyond them) are left out with `public`.

    One query per step of the chain (one or two in practice) and three to load the related
    sources (series and repository with their side, languages, identifiers)."""
    from catalogue.models import RelatedSource, Source, SourceRelation

    ids = {int(pk) for pk in source_ids}
    relations = SourceRelation.objects.all()
    if public:
        relations = relations.filter(source__status="published", related__status="published")
    text_links: dict[int, list] = defaultdict(list)
    report_links: dict[int, list] = defaultdict(list)
    # The first step takes every relation of the sources; further steps follow the text only.
    step = relations.filter(Q(source__in=ids) | Q(related__in=ids))
    seen, reported, known = set(ids), set(), set()
    while True:
        found = set()
        for row in step:
            if row.pk in known:
                continue
            known.add(row.pk)
            links = text_links if row.same_text else report_links
            links[row.source_id].append(row)
            links[row.related_id].append(row)
            if row.same_text:
                found |= {row.source_id, row.related_id}
            else:
                reported |= {row.source_id, row.related_id}
        frontier = found - seen
        seen |= found
        if not frontier:
            break
        step = relations.filter(type__in=SourceRelation.SAME_TEXT).filter(
            Q(source__in=frontier) | Q(related__in=frontier)
        )
    loaded = {
        source.pk: source
        for source in Source.objects.filter(pk__in=seen | reported)
        .select_related("series", "series__repository")
        .defer("search_text", "note")
        .prefetch_related("languages", "identifiers")
    }

    def listed(pk, row, direct=True):
        other = row.related_id if row.source_id == pk else row.source_id
        return RelatedSource(
            relation=row if direct else None,
            source=loaded[other],
            label=row.label_from(pk) if direct else str(INDIRECT_EDITION),
            side=loaded[other].side or "",
        )

    result = {}
    for pk in ids:
        editions, chain, queue = [], {pk}, [pk]
        while queue:
            current = queue.pop(0)
            for row in text_links[current]:
                other = row.related_id if row.source_id == current else row.source_id
                if other in chain:
                    continue
                chain.add(other)
                queue.append(other)
                direct = pk in (row.source_id, row.related_id)
                editions.append(listed(pk, row, direct) if direct else listed(current, row, False))
        reports = [listed(pk, row) for row in report_links[pk]]
        result[pk] = SourceRelations(editions=editions, reports=reports)
    return result


@dataclass(frozen=True)
class SourceRelations:
    editions: list
    reports: list


def source_relations_attach(sources, *, public: bool = False) -> None:
    """Set `related_sources` (see source_relations) on each source, which Source.editions()
    and Source.other_side_reports() read."""
    related = source_relations([source.pk for source in sources], public=public)
    for source in sources:
        source.related_sources = related.get(source.pk, SourceRelations([], []))


INDIRECT_EDITION = _("the same text, through another edition")

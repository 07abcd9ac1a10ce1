"""Every page runs a fixed number of queries, however many rows it lists."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Source
from negotiations.source_links import source_stage_links_refresh
from tests import factories as f


def add_rows(n, stage):
    for _ in range(n):
        link = f.SourceAgentFactory()
        f.AgentNameFactory(agent=link.agent)
        event = f.EventFactory(stage=stage)
        f.EventSourceFactory(event=event, source=link.source)
        claim = f.ClaimFactory()
        claim.stages.add(stage)
        f.EvidenceFactory(claim=claim, source=link.source)
        f.PositionSourceFactory(source=link.source)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Budgets with the queries they are made of (anonymous reader, so no session). None grows with
# the rows, the stages, the strategies or the active filters. The count stops at 10,000 rows;
# past that (never in these tests) one EXPLAIN more gives the planner's estimate.
PAGES = {
    # facets: one (series, kind, side, language codes) grouping for the series, repository,
    # kind, side and language facets and the list's count, stages grouped, strategies grouped
    # (in one query when another filter is active: see test_sources_page_facets_…);
    # series (+repository) labels, language names, stage names, strategy names (the facets are
    # the only control for these filters: the form has no selects of them); page of sources
    # (+series, repository); languages; agents; names
    "/sources/": 11,
    # count; form selects: stages, strategies, works; page (+work); stages; strategies
    "/claims/": 7,
    # stages (+conference); strategies; the first events of each stage; events counted by
    # stage; source counts grouped by stage
    "/stages/": 5,
    # positions (+stage, party); names; sources (+series, repository)
    "/positions/": 3,
    # counts of sources, events, claims; stages (+conference); strategies; claims (+work,
    # evidence count); their stages; their strategies
    "/": 8,
}


@pytest.mark.parametrize("url", sorted(PAGES))
def test_page_query_count_does_not_grow_with_rows(client, db, url):
    stage = f.StageFactory()
    add_rows(2, stage)
    few = queries(client, url)
    add_rows(25, stage)
    assert (few, queries(client, url)) == (PAGES[url], PAGES[url])


def test_source_page_query_count_does_not_grow_with_its_links(client, db):
    stage = f.StageFactory()
    add_rows(1, stage)
    source = f.SourceFactory()
    url = source.get_absolute_url()

    def link_once_more():
        f.EvidenceFactory(source=source).claim.stages.add(stage)
        f.EventSourceFactory(source=source, event__stage=stage)
        f.AgentNameFactory(agent=f.SourceAgentFactory(source=source).agent)
        f.SourceDateFactory(source=source, role="received")
        f.SourceIdentifierFactory(source=source)
        # An edition of this source, one of that edition, and the other side's report.
        edition = f.SourceRelationFactory(source=source, type="translation").related
        f.SourceRelationFactory(source=edition)
        f.SourceRelationFactory(related=source, type="other_side")

    link_once_more()
    # source (+series, repository); languages; agent links (+agent); names; other dates;
    # identifiers; events (+stage); claims; their stages; evidence rows (+claim); event
    # links (+event); relations, one query per step of the edition chain (here 3: the
    # source's relations, the edition's, and a last step that finds nothing new); the related
    # sources (+series, repository, side); their languages; their identifiers
    budget = 17
    assert queries(client, url) == budget
    for _ in range(10):
        link_once_more()
    assert queries(client, url) == budget


def test_claim_page_query_count_does_not_grow_with_its_evidence(client, db):
    claim = f.ClaimFactory()
    claim.stages.add(f.StageFactory())
    f.SourceRelationFactory(source=f.EvidenceFactory(claim=claim).source, type="translation")
    f.WorkCitationFactory(claim=claim)
    claim.events.add(f.EventFactory())
    url = claim.get_absolute_url()
    # claim (+work); stages; strategies; evidence (+source, series, repository); secondary
    # literature (+work); events; relations of the evidence's sources, one query per step of
    # the edition chain (here 2); their editions (+series, repository, side); languages;
    # identifiers
    budget = 11
    assert queries(client, url) == budget
    for _ in range(10):
        evidence = f.EvidenceFactory(claim=claim)
        f.WorkCitationFactory(claim=claim)
        claim.events.add(f.EventFactory())
        f.SourceRelationFactory(source=evidence.source, type="translation")
    assert queries(client, url) == budget


def test_sources_page_facets_do_not_multiply_queries_with_active_filters(client, db):
    stage = f.StageFactory()
    add_rows(2, stage)
    strategy = f.StrategyFactory()
    strategy.stages.add(stage)
    source_stage_links_refresh()
    source = Source.objects.first()
    every_filter = {
        "q": "電報",
        "series": source.series.slug,
        "repository": source.series.repository.slug,
        "kind": source.kind,
        "language": source.languages.first().code,
        "date_from": "1924",
        "date_to": "1925",
        "stage": stage.slug,
        "strategy": strategy.slug,
        "agent": source.agents.first().pk,
        "number": source.number,
        "ordering": "-date",
    }
    plain = queries(client, "/sources/")
    # Each record a filter names is looked up once (series and its descendants, repository,
    # language, stage, strategy, agent); the facets reuse what the form read, and the row
    # facets (series, repository, kind, side, language) still come from one grouping, which
    # leaves out all five filters and reads them on its keys (the repository's series: one
    # query); the search word's other spellings (agents' names) are looked up once, not once
    # per facet; the applied-filter chips name the agents: their names, one query.
    assert queries(client, f"/sources/?{urlencode(every_filter)}") == plain + 7 + 1 + 1 + 1
    # However many agents are named.
    other = f.AgentNameFactory(agent=f.SourceAgentFactory(source=source).agent).agent
    every_filter["agent"] = [every_filter["agent"], other.pk]
    assert queries(client, f"/sources/?{urlencode(every_filter, doseq=True)}") == (
        plain + 7 + 1 + 1 + 1
    )
    # Filters other than stage and strategy: the stages and strategies are counted over the
    # same sources, in one query.
    del every_filter["stage"], every_filter["strategy"]
    assert queries(client, f"/sources/?{urlencode(every_filter, doseq=True)}") == (
        plain + 5 + 1 + 1 + 1 - 1
    )

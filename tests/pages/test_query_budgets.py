"""Every page runs a fixed number of queries, however many rows it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


# Budgets with the queries they are made of (anonymous reader, so no session), with one stage
# and no strategy in the database: pages that count per stage or strategy add one query each.
PAGES = {
    # count; facets: repository, series, kind, side, language, stages + one count per stage,
    # strategies; the form's selects: series, repository, languages, stages, strategies,
    # agents + names; page of sources (+series, repository); languages; agents; names
    "/sources/": 20,
    # count; form selects: stages, strategies, works; page (+work); stages; strategies
    "/claims/": 7,
    # stages (+conference); strategies; events; one source count per stage
    "/stages/": 4,
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

    link_once_more()
    # source (+series, repository); languages; agent links (+agent); names; events (+stage);
    # claims; their stages; evidence rows (+claim); event links (+event)
    budget = 9
    assert queries(client, url) == budget
    for _ in range(10):
        link_once_more()
    assert queries(client, url) == budget


def test_claim_page_query_count_does_not_grow_with_its_evidence(client, db):
    claim = f.ClaimFactory()
    claim.stages.add(f.StageFactory())
    f.EvidenceFactory(claim=claim)
    f.WorkCitationFactory(claim=claim)
    claim.events.add(f.EventFactory())
    url = claim.get_absolute_url()
    # claim (+work); stages; strategies; evidence (+source, series, repository); secondary
    # literature (+work); events
    budget = 6
    assert queries(client, url) == budget
    for _ in range(10):
        f.EvidenceFactory(claim=claim)
        f.WorkCitationFactory(claim=claim)
        claim.events.add(f.EventFactory())
    assert queries(client, url) == budget

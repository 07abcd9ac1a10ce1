"""Every API list runs a fixed number of queries: the same for 5 rows as for 50.

Anonymous requests: no session or user queries. Each budget names its queries in order.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.api import router
from tests import factories as f

pytestmark = pytest.mark.django_db


def agent_with_names():
    agent = f.AgentFactory()
    f.AgentNameFactory(agent=agent, value=f"Joffe {agent.pk}")
    f.AgentNameFactory(agent=agent, value=f"ヨッフェ {agent.pk}", language="ja", script="Jpan")
    f.AgentIdentifierFactory(agent=agent)
    return agent


def source_with_links():
    source = f.SourceFactory()
    f.SourceAgentFactory(source=source, agent=agent_with_names())
    f.SourceAgentFactory(source=source, agent=agent_with_names(), role="recipient")
    claim = f.EvidenceFactory(source=source).claim
    claim.stages.add(f.StageFactory())
    f.EventSourceFactory(source=source)
    f.SourceDateFactory(source=source)
    f.SourceDateFactory(source=source, role="received", date_start=datetime.date(1924, 10, 7))
    f.SourceIdentifierFactory(source=source)
    f.SourceRelationFactory(source=source)
    return source


def event_with_links():
    event = f.EventFactory()
    event.actors.add(agent_with_names())
    f.EventSourceFactory(event=event)
    f.ClaimFactory().events.add(event)
    return event


def claim_with_links():
    claim = f.ClaimFactory()
    claim.stages.add(f.StageFactory())
    claim.strategies.add(f.StrategyFactory())
    claim.events.add(f.EventFactory())
    f.EvidenceFactory.create_batch(2, claim=claim)
    return claim


def stage_with_strategy():
    stage = f.StageFactory()
    f.StrategyFactory().stages.add(stage)
    return stage


def strategy_with_stages():
    strategy = f.StrategyFactory()
    strategy.stages.add(f.StageFactory(), f.StageFactory())
    return strategy


def series_with_parent():
    return f.SeriesFactory(parent=f.SeriesFactory())


def position_with_sources():
    position = f.PositionFactory(party=agent_with_names(), stage=f.StageFactory())
    f.PositionSourceFactory(position=position)
    return position


LISTS = {
    # count; ids of the page; their record stamps; records not cached yet (research.records):
    # the sources (+series, repository); languages; agent links (+agent); agents' names; other
    # dates (sent, received); identifiers; event ids; claim ids; stage links (+stage).
    # Relations are on the detail. Cached records cost nothing more (tests/api/test_records.py).
    "/api/v1/sources/": (source_with_links, 12),
    # page (+series, repository); languages; agent links (+agent); agents' names;
    # other dates; identifiers (the digitised original's URL); event ids; claim ids; stage links
    # (+stage) — the whole filtered list, no count
    "/api/v1/sources/export.bib": (source_with_links, 9),
    # count; page
    "/api/v1/repositories/": (f.RepositoryFactory, 2),
    # count; page (+repository, parent)
    "/api/v1/series/": (series_with_parent, 2),
    # count; page; names; identifiers
    "/api/v1/agents/": (agent_with_names, 4),
    # count; page (+language)
    "/api/v1/works/": (f.WorkFactory, 2),
    # count; page; stages
    "/api/v1/conferences/": (f.ConferenceFactory, 3),
    # count; page (+conference); strategies
    "/api/v1/stages/": (stage_with_strategy, 3),
    # count; page; stages
    "/api/v1/strategies/": (strategy_with_stages, 3),
    # count; page (+stage); actors; actors' names; event sources (+source, series,
    # repository); claims
    "/api/v1/events/": (event_with_links, 6),
    # count; page (+work); stages; strategies; evidence (+source, series, repository);
    # secondary literature (+work); events
    "/api/v1/claims/": (claim_with_links, 7),
    # count; page (+source, series, repository)
    "/api/v1/evidence/": (f.EvidenceFactory, 2),
    # count; page (+stage, party); party's names; position sources (+source, series,
    # repository)
    "/api/v1/positions/": (position_with_sources, 4),
    # count; page
    "/api/v1/source-identifiers/": (f.SourceIdentifierFactory, 2),
    "/api/v1/agent-identifiers/": (f.AgentIdentifierFactory, 2),
    "/api/v1/source-relations/": (f.SourceRelationFactory, 2),
}


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("url", LISTS)
def test_api_list_query_budget_is_flat(api_client, django_assert_num_queries, url, rows):
    build, budget = LISTS[url]
    for _ in range(rows):
        build()

    with django_assert_num_queries(budget):
        response = api_client.get(url, {"page_size": 50} if "export" not in url else {})

    assert response.status_code == 200
    if "export" not in url:
        assert len(response.json()["results"]) >= rows


def test_an_archivists_list_adds_only_the_token_and_group_queries(
    archivist_api_client, django_assert_num_queries
):
    for _ in range(5):
        source_with_links()

    # token (+user); archivists' group membership; then count, page (+series, repository) and
    # its eight relations: an archivist's records, drafts among them, are never cached
    with django_assert_num_queries(12):
        archivist_api_client.get("/api/v1/sources/")


def test_the_browsable_api_filter_forms_do_not_list_every_record(client):
    """The browsable API renders each list's filter form: an id filter is a text box, not a
    <select> of every source, event, claim or agent (at 100,000 sources the events page took
    over two minutes). Neither its options nor its queries grow with those records; the slug
    filters (series, stages, strategies, works) stay lists of their few values."""
    series, stage, work = f.SeriesFactory(), f.StageFactory(), f.WorkFactory()

    def records():
        source = f.SourceFactory(series=series)
        f.SourceAgentFactory(source=source, agent=agent_with_names())
        event = f.EventFactory(stage=stage)
        f.EventSourceFactory(event=event, source=source)
        f.EvidenceFactory(claim=f.ClaimFactory(work=work), source=source)

    urls = [reverse(f"api:{basename}-list") for _prefix, _viewset, basename in router.registry]

    def options_and_queries():
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"format": "api"})
            assert response.status_code == 200, url
            found[url] = (response.content.decode().count("<option"), len(queries))
        return found

    records()
    before = options_and_queries()
    for _ in range(12):
        records()
    assert options_and_queries() == before

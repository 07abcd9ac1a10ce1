"""Every admin changelist runs a fixed number of queries, however many rows it shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.source_links import source_stage_links_refresh
from tests import factories as f


def source_with_agents():
    source = f.SourceAgentFactory().source
    f.SourceAgentFactory(source=source, role="recipient")
    return source


def claim_with_evidence():
    claim = f.ClaimFactory()
    f.EvidenceFactory.create_batch(2, claim=claim)
    claim.stages.add(f.StageFactory())
    return claim


def agent_with_names():
    agent = f.AgentFactory()
    f.AgentNameFactory(agent=agent, language="ja", script="Jpan", value="ヨッフェ")
    f.AgentNameFactory(agent=agent, language="en", value="Joffe")
    return agent


def event_with_actor():
    event = f.EventFactory()
    event.actors.add(agent_with_names())
    return event


# Every changelist starts with 4 queries: session, user, the user's own and group permissions.
# The count stops at 10,000 rows; past that one EXPLAIN more gives the planner's estimate.
# Each budget below is those 4 plus the queries named beside it.
CHANGELISTS = {
    # filters: repository, series, languages, stages; count; page (+series, repository);
    # languages; agents; agents' names; date hierarchy: min/max (the years of a span of
    # several years come from it alone; here all in one year, so Django's own min/max and
    # distinct days follow)
    "catalogue_source": (source_with_agents, 16),
    # filters: repository; count; page (+repository, parent)
    "catalogue_series": (f.SeriesFactory, 7),
    # count; page
    "catalogue_repository": (f.RepositoryFactory, 6),
    # count; page; names
    "catalogue_agent": (agent_with_names, 7),
    # filters: language; count; page (+language)
    "catalogue_work": (f.WorkFactory, 7),
    # count; page
    "negotiations_conference": (f.ConferenceFactory, 6),
    # filters: conference; count; page (+conference); strategies
    "negotiations_stage": (f.StageFactory, 8),
    # filters: stages; count; page
    "negotiations_strategy": (f.StrategyFactory, 7),
    # filters: stage; count; page (+stage); actors; actors' names; date hierarchy: 2
    "negotiations_event": (event_with_actor, 11),
    # filters: stages, strategies, works; count; page (+work); stages; strategies; evidence
    "negotiations_claim": (claim_with_evidence, 12),
    # count; page (+claim, source, series)
    "negotiations_evidence": (f.EvidenceFactory, 6),
    # filters: stage, distinct issues; count; page (+stage); parties; parties' names
    "negotiations_position": (f.PositionFactory, 10),
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", sorted(CHANGELISTS))
def test_changelist_query_count_does_not_grow_with_rows(archivist_client, name):
    make, budget = CHANGELISTS[name]
    url = reverse(f"admin:{name}_changelist")
    for _ in range(2):
        make()
    few = count_queries(archivist_client, url)
    for _ in range(10):
        make()
    many = count_queries(archivist_client, url)
    assert (few, many) == (budget, budget)


def test_a_stage_chosen_in_the_source_changelist_keeps_the_order_of_the_whole_list(
    archivist_client,
):
    stage = f.StageFactory(slug="peking-final")
    days = [(1924, 5, 1), None, (1923, 9, 1), (1924, 5, 1)]
    sources = []
    for day in days:
        date = datetime.date(*day) if day else None
        source = f.SourceFactory(
            date_start=date, date_end=date, date_precision="day" if day else ""
        )
        f.EventSourceFactory(event=f.EventFactory(stage=stage), source=source)
        sources.append(source)
    f.SourceFactory()  # supports no stage
    source_stage_links_refresh()
    url = reverse("admin:catalogue_source_changelist")

    whole = archivist_client.get(url).context["cl"].result_list
    chosen = archivist_client.get(url, {"stage": "peking-final"}).context["cl"]

    expected = [s.pk for s in whole if s.pk in {source.pk for source in sources}]
    assert [s.pk for s in chosen.result_list] == expected
    assert '"negotiations_sourcestage"."date_start"' in str(chosen.queryset.query)

"""Which sources a link facet (stages, strategies) counts over: with no other filter active,
"every link but those of the few hidden sources", which PostgreSQL answers from a small set
instead of joining every visible source; with another filter, the sources that filter leaves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Agent
from research.facets import applied
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_id_list_left_empty_is_no_filter():
    assert not applied(Agent.objects.none())
    assert not applied("") and not applied(None) and not applied([])
    assert applied(Agent.objects.all()) and applied("telegram")


def stage_facet_sql(client, **filters) -> str:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sources/", filters).status_code == 200
    (sql,) = [
        q["sql"]
        for q in captured
        if q["sql"].startswith('SELECT "negotiations_sourcestage"."stage_id"')
    ]
    return sql


def test_a_stage_facet_under_its_own_filter_alone_counts_all_but_the_hidden(client):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory()
    claim.stages.add(stage)
    f.EvidenceFactory(claim=claim, source=f.SourceFactory(kind="telegram"))
    f.SourceFactory(kind="note", status="draft")
    # The form reads the agent box, left empty, as an empty list of agents: not a filter.
    alone = stage_facet_sql(client, stage=stage.slug)
    assert "NOT (" in alone
    with_kind = stage_facet_sql(client, stage=stage.slug, kind="telegram")
    assert "NOT (" not in with_kind and "'telegram'" in with_kind

"""Which side a source speaks for, and sources of several agents at once."""

import pytest

from catalogue.models import Side, Source
from core.derived import derived_refresh
from tests import factories as f

URL = "/api/v1/sources/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def test_a_source_speaks_for_its_first_author_else_for_its_repository(api_client, db):
    soviet = f.AgentFactory(side=Side.SOVIET)
    japanese = f.AgentFactory(side=Side.JAPAN)
    archive = f.SeriesFactory(repository__side=Side.JAPAN)
    by_soviet = f.SourceAgentFactory(agent=soviet, source__series=archive, order=0).source
    f.SourceAgentFactory(agent=japanese, source=by_soviet, order=1)
    # A Soviet agent merely mentioned does not make a Japanese file Soviet.
    mentioning = f.SourceAgentFactory(agent=soviet, source__series=archive, role="mentioned").source
    unknown = f.SourceFactory()

    sides = {row["id"]: row["side"] for row in api_client.get(URL).json()["results"]}
    assert sides == {by_soviet.pk: "soviet", mentioning.pk: "japan", unknown.pk: ""}
    assert ids(api_client.get(URL, {"side": "soviet"})) == [by_soviet.pk]
    assert ids(api_client.get(URL, {"side": "japan"})) == [mentioning.pk]


def test_the_stored_side_follows_writes_to_agents_series_and_repositories(api_client):
    """`Source.side` is stored: the refresh every write path calls (core.derived) keeps it."""
    agent = f.AgentFactory(side="")
    archive = f.SeriesFactory(repository__side=Side.JAPAN)
    source = f.SourceAgentFactory(agent=agent, source__series=archive).source
    assert ids(api_client.get(URL, {"side": "japan"})) == [source.pk]

    agent.side = Side.SOVIET
    agent.save()
    derived_refresh([agent])
    assert ids(api_client.get(URL, {"side": "soviet"})) == [source.pk]

    unsided = f.SourceFactory(series=archive)
    assert ids(api_client.get(URL, {"side": "japan"})) == [unsided.pk]
    repository = archive.repository
    repository.side = Side.BRITAIN
    repository.save()
    derived_refresh([repository])
    assert ids(api_client.get(URL, {"side": "britain"})) == [unsided.pk]

    unsided.series = f.SeriesFactory(repository__side=Side.CHINA)
    unsided.save()
    derived_refresh([unsided])
    assert ids(api_client.get(URL, {"side": "china"})) == [unsided.pk]
    assert Source.objects.refresh_side() == 0


def test_unknown_side_is_a_400_naming_side(api_client, db):
    response = api_client.get(URL, {"side": "mars"})
    assert response.status_code == 400
    assert "side" in response.json()


def test_several_agents_select_sources_in_which_each_has_a_part(api_client, db):
    yoshizawa, karakhan = f.AgentFactory(), f.AgentFactory()
    both = f.SourceAgentFactory(agent=yoshizawa).source
    f.SourceAgentFactory(agent=karakhan, source=both, role="recipient")
    only_one = f.SourceAgentFactory(agent=yoshizawa).source

    assert ids(api_client.get(URL, {"agent": [yoshizawa.pk]})) == sorted([both.pk, only_one.pk])
    assert ids(api_client.get(URL, {"agent": [yoshizawa.pk, karakhan.pk]})) == [both.pk]


@pytest.mark.parametrize("bad", ["x", "999999"])
def test_a_bad_agent_id_among_several_is_a_400_naming_agent(api_client, db, bad):
    agent = f.AgentFactory()
    response = api_client.get(URL, {"agent": [agent.pk, bad]})
    assert response.status_code == 400
    assert list(response.json()["agent"]) == ["Enter the id (a whole number) of an existing agent."]


def test_sources_page_counts_sides_as_a_facet(client, db):
    soviet = f.AgentFactory(side=Side.SOVIET)
    for _ in range(2):
        f.SourceAgentFactory(agent=soviet)
    f.SourceFactory(series__repository__side=Side.JAPAN)
    f.SourceFactory()  # no side: no facet value
    response = client.get("/sources/", {"side": "japan"})
    (facet,) = [facet for facet in response.context["facets"] if facet.param == "side"]
    # Counted over the other filters, so selecting Japan still shows the Soviet count.
    assert [(v.value, v.count, v.selected) for v in facet.values] == [
        ("soviet", 2, False),
        ("japan", 1, True),
    ]
    assert len(response.context["sources"]) == 1


# Last: the module's founding data stays loaded from here to the end of the module.
def test_soviet_documents_of_the_final_stage(api_client, founding_data, db):
    found = ids(api_client.get(URL, {"side": "soviet", "stage": "peking-final"}))
    final = ids(api_client.get(URL, {"stage": "peking-final"}))
    assert found and set(found) < set(final)
    # In the founding data they are the ДВП documents of the final stage.
    series = set(Source.objects.filter(pk__in=found).values_list("series__slug", flat=True))
    assert series == {"dvp-07"}

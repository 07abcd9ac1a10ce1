"""An agent's side is written through the API, and the sources it authored follow it."""

from tests import factories as f


def test_patching_an_agents_side_moves_the_sources_it_wrote(archivist_api_client, api_client):
    link = f.SourceAgentFactory(role="author", source__status="published")
    agent, source = link.agent, link.source
    response = archivist_api_client.patch(
        f"/api/v1/agents/{agent.pk}/",
        {"side": "soviet"},
        format="json",
        headers={"If-Match": f'"{agent.version}"'},
    )
    assert response.status_code == 200, response.json()
    agent.refresh_from_db()
    source.refresh_from_db()
    assert (agent.side, source.side) == ("soviet", "soviet")
    found = api_client.get("/api/v1/sources/", {"side": "soviet"}).json()["results"]
    assert source.pk in {row["id"] for row in found}


def test_an_unknown_side_is_a_400_naming_it(archivist_api_client):
    agent = f.AgentFactory(side="")
    response = archivist_api_client.patch(
        f"/api/v1/agents/{agent.pk}/",
        {"side": "martian"},
        format="json",
        headers={"If-Match": f'"{agent.version}"'},
    )
    assert response.status_code == 400
    assert "side" in response.json()
    agent.refresh_from_db()
    assert agent.side == ""

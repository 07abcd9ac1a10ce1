"""Derived data (search text) follows every write path: API, admin, CSV import, bulk refresh."""

import pytest
import tablib
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import Source
from catalogue.resources import AgentResource
from negotiations.models import Event
from tests.admin_forms import form_data
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    EventFactory,
    SeriesFactory,
    SourceAgentFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist_api(archivist):
    client = APIClient()
    client.force_authenticate(archivist)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def event_ids_found(client, query: str) -> list[int]:
    response = client.get("/api/v1/events/", {"q": query})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# (a) an event written through the API is found by its actors' names ------------------------------


def test_an_event_created_through_the_api_is_found_by_an_actors_name(archivist_api):
    joffe = AgentNameFactory(value="Иоффе", language="ru", script="Cyrl").agent
    body = {"title": "会談", "title_en": "Talk", "date": "1923-02-01", "actors": [joffe.pk]}

    response = archivist_api.post("/api/v1/events/", body, format="json")

    assert response.status_code == 201, response.content
    assert event_ids_found(archivist_api, "иоффе") == [response.json()["id"]]


def test_an_event_updated_through_the_api_is_found_by_its_new_actors_name(archivist_api):
    event = EventFactory(stage=None)
    karakhan = AgentNameFactory(value="Карахан", language="ru", script="Cyrl").agent
    body = {"title": event.title, "title_en": event.title_en, "date": "1924-10-06"}

    response = archivist_api.put(
        f"/api/v1/events/{event.pk}/", {**body, "actors": [karakhan.pk]}, format="json"
    )

    assert response.status_code == 200, response.content
    assert event_ids_found(archivist_api, "карахан") == [event.pk]


# (b) renaming a series renames it in its sources' search text ------------------------------------


def test_a_series_renamed_in_the_admin_renames_it_in_its_sources(archivist_client):
    source = SourceFactory(series=SeriesFactory(title="旧題"))
    url = change_url(source.series)
    data = form_data(archivist_client.get(url), "series_form", title="日本外交文書")

    assert archivist_client.post(url, data).status_code == 302

    assert list(Source.objects.search("日本外交文書")) == [source]
    assert not Source.objects.search("旧題").exists()


def test_a_series_renamed_through_the_api_renames_it_in_its_sources(archivist_api):
    source = SourceFactory(series=SeriesFactory(abbreviation="外文"))
    url = f"/api/v1/series/{source.series.slug}/"

    response = archivist_api.patch(url, {"abbreviation": "ДВП"}, format="json")

    assert response.status_code == 200, response.content
    assert list(Source.objects.search("двп")) == [source]
    assert not Source.objects.search("外文").exists()


# (c) names imported by CSV reach the agent's events -----------------------------------------------


def test_names_imported_by_csv_reach_the_agents_events_and_sources(db):
    agent = AgentFactory(slug="joffe-adolf")
    event = EventFactory(stage=None)
    event.actors.add(agent)
    link = SourceAgentFactory(agent=agent)
    csv = f"id,slug,kind,names,note\n{agent.pk},joffe-adolf,person,ヨッフェ [ja],\n"

    result = AgentResource().import_data(tablib.Dataset().load(csv, format="csv"))

    assert not result.has_errors() and not result.has_validation_errors()
    assert list(Event.objects.search("ヨッフェ")) == [event]
    assert list(Source.objects.search("ヨッフェ")) == [link.source]


# the admin's inline rows --------------------------------------------------------------------------


def test_a_name_added_inline_in_the_agent_admin_reaches_its_sources_and_events(archivist_client):
    link = SourceAgentFactory()
    event = EventFactory(stage=None)
    event.actors.add(link.agent)
    url = change_url(link.agent)
    data = form_data(
        archivist_client.get(url),
        "agent_form",
        **{"names-0-value": "Карахан", "names-0-language": "ru", "names-0-script": "Cyrl"},
    )

    assert archivist_client.post(url, data).status_code == 302

    assert list(Source.objects.search("карахан")) == [link.source]
    assert list(Event.objects.search("карахан")) == [event]

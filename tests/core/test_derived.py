"""Derived data (search text) follows every write path: API, admin, CSV import, bulk refresh."""

import pytest
import tablib
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import AgentName, Source
from catalogue.resources import AgentResource
from core.derived import Refresher, derived_refresh, derived_register, derived_unregister
from core.models import SearchableModel
from negotiations.models import Claim, Event
from tests.admin_forms import form_data
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    ClaimFactory,
    EventFactory,
    EvidenceFactory,
    SeriesFactory,
    SourceAgentFactory,
    SourceFactory,
    StageFactory,
    WorkFactory,
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
        f"/api/v1/events/{event.pk}/",
        {**body, "actors": [karakhan.pk]},
        format="json",
        headers={"If-Match": f'"{event.version}"'},
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

    response = archivist_api.patch(
        url,
        {"abbreviation": "ДВП"},
        format="json",
        headers={"If-Match": f'"{source.series.version}"'},
    )

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


# what a refresh costs -----------------------------------------------------------------------------


def agents_in_sources_and_events(count: int) -> list:
    agents = []
    for _ in range(count):
        name = AgentNameFactory()
        SourceAgentFactory(agent=name.agent)
        EventFactory(stage=None).actors.add(name.agent)
        agents.append(name.agent)
    AgentName.objects.update(value="Карахан")  # stale everywhere, as after an SQL edit
    return agents


@pytest.mark.parametrize("count", [2, 40])
def test_refreshing_changed_agents_costs_the_same_queries_for_few_or_many(
    count, django_assert_max_num_queries
):
    agents = agents_in_sources_and_events(count)

    # 5 lookups: the sources (for their search text, their side and their API record), the
    # events and the claims reading the agents (no claim here); then ids, rows, prefetches and
    # one bulk update for agents (names: 4), sources (series, agents, their names,
    # identifiers: 7) and events (actors, their names: 5); one UPDATE for the sources' side;
    # the sources' ids and one upsert for their record stamps.
    with django_assert_max_num_queries(5 + 4 + 7 + 5 + 1 + 2):
        counts = derived_refresh(agents)

    assert counts == {
        "catalogue.Agent.search_text": count,
        "catalogue.Source.search_text": count,
        "catalogue.Source.side": 0,
        "catalogue.Source.record_stamp": count,
        "negotiations.Event.search_text": count,
    }
    assert Event.objects.search("карахан").count() == count


def test_a_refresh_with_nothing_stale_writes_nothing(db):
    """Nothing derived is written again; the sources' record stamps are renewed all the same
    (research.records: whether a record changed is known only by computing it, which is what
    the stamp saves)."""
    agents = agents_in_sources_and_events(3)
    derived_refresh(agents)

    assert derived_refresh(agents) == {
        "catalogue.Agent.search_text": 0,
        "catalogue.Source.search_text": 0,
        "catalogue.Source.side": 0,
        "catalogue.Source.record_stamp": 3,
        "negotiations.Event.search_text": 0,
    }


# the declarations ---------------------------------------------------------------------------------


def test_every_declared_path_leads_to_the_model_it_names(db):
    for model in apps.get_models():
        if not issubclass(model, SearchableModel):
            continue
        for label, path in model.search_depends_on.items():
            reached = model
            for name in path.split("__"):
                reached = reached._meta.get_field(name).related_model
            assert reached._meta.label == label, (model, path)


def test_prefetch_follows_the_declared_paths():
    assert Source.search_prefetch() == ["agents__names", "identifiers", "series"]
    assert Event.search_prefetch() == ["actors__names"]
    assert Claim.search_prefetch() == ["sources__agents__names", "stages", "strategies", "work"]


def test_a_claim_is_found_by_its_works_author_title_and_year_and_its_stage(archivist_api):
    claim = ClaimFactory(work=WorkFactory(slug="ozawa-1987", authors="小澤治子", year=1987))
    claim.stages.add(StageFactory(name_en="Peking talks"))
    derived_refresh([claim])
    assert list(Claim.objects.search("小澤治子 1987 peking")) == [claim]

    response = archivist_api.patch(
        f"/api/v1/works/{claim.work.pk}/",
        {"authors_romanized": "Ozawa Haruko"},
        format="json",
        headers={"If-Match": f'"{claim.work.version}"'},
    )

    assert response.status_code == 200, response.content
    assert list(Claim.objects.search("ozawa haruko")) == [claim]


# deleting -----------------------------------------------------------------------------------------


def test_an_agent_deleted_through_the_api_leaves_its_events_search_text(archivist_api):
    event = EventFactory(stage=None)
    event.actors.add(AgentNameFactory(value="Иоффе").agent)
    derived_refresh([event])
    assert Event.objects.search("иоффе").exists()

    response = archivist_api.delete(f"/api/v1/agents/{event.actors.get().pk}/")

    assert response.status_code == 204, response.content
    assert not Event.objects.search("иоффе").exists()


def test_a_name_deleted_inline_in_the_agent_admin_leaves_its_sources(archivist_client):
    name = AgentNameFactory(value="Карахан", language="ru", script="Cyrl")
    link = SourceAgentFactory(agent=name.agent)
    derived_refresh([name.agent])
    url = change_url(name.agent)
    data = form_data(archivist_client.get(url), "agent_form", **{"names-0-DELETE": "on"})

    assert archivist_client.post(url, data).status_code == 302

    assert not AgentName.objects.exists()
    assert not Source.objects.search("карахан").exists()
    assert link.source.pk in Source.objects.values_list("pk", flat=True)


# a second kind of derived data --------------------------------------------------------------------


@pytest.fixture
def stage_links():
    """A stand-in for a table of source → stage links, refreshed from claims and their stages."""
    refreshed = []

    def refresh(queryset):
        refreshed.extend(queryset.values_list("pk", flat=True))
        return queryset.count()

    def provider():
        yield Refresher(
            name="stage_links",
            target=Source,
            depends_on={"negotiations.Claim": "claims", "negotiations.Stage": "claims__stages"},
            refresh=refresh,
        )

    derived_register(provider)
    yield refreshed
    derived_unregister(provider)


def test_a_registered_refresher_is_called_for_the_rows_reading_what_changed(db, stage_links):
    evidence = EvidenceFactory()
    EvidenceFactory()  # another claim with another source: it does not read the stage
    stage = StageFactory()
    evidence.claim.stages.add(stage)

    counts = derived_refresh([stage])

    assert stage_links == [evidence.source.pk]
    assert counts["catalogue.Source.stage_links"] == 1
    assert counts["negotiations.Claim.search_text"] == 1


def test_an_unregistered_refresher_is_no_longer_called(db):
    calls = []

    def provider():
        yield Refresher("probe", Source, {"catalogue.Source": "pk"}, calls.append)

    derived_register(provider)
    derived_unregister(provider)
    derived_refresh([SourceFactory()])

    assert calls == []

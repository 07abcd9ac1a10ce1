"""No lost edits through the API: versions in every representation, ETags, If-Match, 412, 428."""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalogue.models import Source
from tests import factories as f


def test_a_detail_carries_its_version_and_an_etag(api_client):
    source = f.SourceFactory()

    response = api_client.get(f"/api/v1/sources/{source.pk}/")

    assert response.json()["version"] == source.version == 1
    assert response["ETag"] == '"1"'


def test_every_writable_representation_carries_its_version(api_client):
    rows = {
        "repositories": f.RepositoryFactory(),
        "series": f.SeriesFactory(),
        "sources": f.SourceFactory(),
        "agents": f.AgentFactory(),
        "works": f.WorkFactory(),
        "conferences": f.ConferenceFactory(),
        "stages": f.StageFactory(),
        "strategies": f.StrategyFactory(),
        "events": f.EventFactory(),
        "claims": f.ClaimFactory(),
        "evidence": f.EvidenceFactory(),
        "positions": f.PositionFactory(),
    }
    for prefix, row in rows.items():
        listed = api_client.get(f"/api/v1/{prefix}/").json()["results"]
        detail = api_client.get(f"/api/v1/{prefix}/{row.pk}/")
        assert all("version" in item for item in listed), prefix
        assert detail["ETag"] == f'"{row.version}"', prefix


def test_a_write_without_if_match_is_refused_with_428(archivist_api_client):
    source = f.SourceFactory(pages="1")

    response = archivist_api_client.patch(
        f"/api/v1/sources/{source.pk}/", {"pages": "2"}, format="json"
    )

    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    source.refresh_from_db()
    assert (source.pages, source.version) == ("1", 1)


def test_a_malformed_if_match_is_a_400_naming_it(archivist_api_client):
    source = f.SourceFactory()

    response = archivist_api_client.patch(
        f"/api/v1/sources/{source.pk}/", {"pages": "2"}, format="json", headers={"If-Match": "1"}
    )

    assert response.status_code == 400
    assert "If-Match" in response.json()


def test_two_clients_that_read_the_same_version_cannot_both_write(archivist, db):
    source = f.SourceFactory(pages="1", summary="")
    first, second = token_client(archivist), token_client(archivist)
    etag_first = first.get(f"/api/v1/sources/{source.pk}/")["ETag"]
    read_second = second.get(f"/api/v1/sources/{source.pk}/")
    body = {
        key: read_second.json()[key] for key in ("title", "kind", "number", "pages", "summary")
    } | {"series": read_second.json()["series"]["slug"]}

    won = first.patch(
        f"/api/v1/sources/{source.pk}/",
        {"pages": "802"},
        format="json",
        headers={"If-Match": etag_first},
    )
    lost = second.put(
        f"/api/v1/sources/{source.pk}/",
        body | {"summary": "second"},
        format="json",
        headers={"If-Match": read_second["ETag"]},
    )

    assert won.status_code == 200 and won["ETag"] == '"2"'
    assert lost.status_code == 412
    assert lost.json()["version"] == 2 and lost["ETag"] == '"2"'
    source.refresh_from_db()
    assert (source.pages, source.summary, source.version) == ("802", "", 2)


def test_a_weak_etag_is_accepted(archivist_api_client):
    source = f.SourceFactory()

    response = archivist_api_client.patch(
        f"/api/v1/sources/{source.pk}/",
        {"pages": "9"},
        format="json",
        headers={"If-Match": 'W/"1"'},
    )

    assert response.status_code == 200


def test_the_schema_documents_if_match_412_and_428(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/sources/{id}/"]["patch"]
    get = schema["paths"]["/api/v1/sources/{id}/"]["get"]

    header = next(p for p in patch["parameters"] if p["name"] == "If-Match")
    assert header["in"] == "header" and header["required"] is True
    assert {"412", "428"} <= patch["responses"].keys()
    assert "ETag" in get["responses"]["200"]["headers"]


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_api_writers_lose_nothing():
    from catalogue.services import archivist_create

    user, _ = archivist_create(username="busy", password="pw-busy-archivist")
    source = f.SourceFactory(summary="")
    writers, edits = 4, 5
    refused = []
    start = threading.Barrier(writers)

    def write(name):
        client = token_client(user)
        start.wait()
        try:
            for n in range(edits):
                while True:
                    current = client.get(f"/api/v1/sources/{source.pk}/")
                    summary = current.json()["summary"] + f"{name}{n};"
                    answer = client.patch(
                        f"/api/v1/sources/{source.pk}/",
                        {"summary": summary},
                        format="json",
                        headers={"If-Match": current["ETag"]},
                    )
                    if answer.status_code == 200:
                        break
                    assert answer.status_code == 412, answer.content
                    refused.append(name)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(f"w{i}-",)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    source = Source.objects.get(pk=source.pk)
    written = [part for part in source.summary.split(";") if part]
    assert sorted(written) == sorted(f"w{i}-{n}" for i in range(writers) for n in range(edits))
    assert source.version == 1 + writers * edits
    assert refused  # the writers did collide, and were told so

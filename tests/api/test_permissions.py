"""Who reads what, who writes: the public reads published records; archivists (token or session)
write; logged-in users outside the group do not."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from catalogue.models import Source
from tests import factories as f

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def new_source(series) -> dict:
    f.LanguageFactory()
    return {
        "series": series.slug,
        "number": "585",
        "kind": "telegram",
        "title": "Карахан — Чичерину",
        "title_en": "Karakhan to Chicherin",
        "languages": ["ja"],
        "date": "大正13年10月6日",
        "status": "draft",
    }


def test_anonymous_sees_no_drafts(api_client):
    published = f.SourceFactory()
    draft = f.SourceFactory(status="draft")
    draft_event, draft_claim = f.EventFactory(status="draft"), f.ClaimFactory(status="draft")

    assert ids(api_client.get("/api/v1/sources/")) == [published.pk]
    assert api_client.get(f"/api/v1/sources/{draft.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/events/{draft_event.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/claims/{draft_claim.pk}/").status_code == 404
    assert ids(api_client.get("/api/v1/events/")) == []
    assert ids(api_client.get("/api/v1/claims/")) == []


def test_a_draft_event_cannot_be_used_as_a_filter_by_the_public(api_client):
    draft_event = f.EventFactory(status="draft")

    response = api_client.get("/api/v1/sources/", {"event": draft_event.pk})

    assert response.status_code == 400
    assert list(response.json()) == ["event", "errors"]


def test_a_reader_outside_the_archivists_sees_no_drafts(reader_api_client):
    f.SourceFactory(status="draft")

    assert ids(reader_api_client.get("/api/v1/sources/")) == []


def test_archivists_see_drafts(archivist_api_client):
    draft = f.SourceFactory(status="draft")

    assert ids(archivist_api_client.get("/api/v1/sources/")) == [draft.pk]
    assert archivist_api_client.get(f"/api/v1/sources/{draft.pk}/").status_code == 200


def test_anonymous_cannot_write(api_client):
    source = f.SourceFactory()

    created = api_client.post("/api/v1/sources/", new_source(source.series), format="json")
    changed = api_client.patch(f"/api/v1/sources/{source.pk}/", {"title": "x"}, format="json")
    deleted = api_client.delete(f"/api/v1/sources/{source.pk}/")

    assert (created.status_code, changed.status_code, deleted.status_code) == (401, 401, 401)
    assert created["WWW-Authenticate"] == "Token"
    assert Source.objects.count() == 1


def test_a_logged_in_non_archivist_cannot_write(reader_api_client):
    source = f.SourceFactory()

    created = reader_api_client.post("/api/v1/sources/", new_source(source.series), format="json")
    changed = reader_api_client.patch(
        f"/api/v1/sources/{source.pk}/", {"title": "x"}, format="json"
    )

    assert (created.status_code, changed.status_code) == (403, 403)
    assert created.json() == {
        "detail": "Only archivists may change records.",
        "code": "permission_denied",
    }


def test_a_wrong_token_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert client.get("/api/v1/sources/").status_code == 401


def test_an_archivist_token_creates_and_updates_a_source(archivist_api_client):
    series = f.SeriesFactory(slug="dvp-07")

    created = archivist_api_client.post("/api/v1/sources/", new_source(series), format="json")

    assert created.status_code == 201, created.content
    record = created.json()
    assert record["series"]["slug"] == "dvp-07"
    assert (record["date_start"], record["date_precision"], record["date_original"]) == (
        "1924-10-06",
        "day",
        "大正13年10月6日",
    )
    assert record["status"] == "draft"

    changed = archivist_api_client.patch(
        f"/api/v1/sources/{record['id']}/",
        {"status": "published", "pages": "12"},
        format="json",
        headers={"If-Match": created["ETag"]},
    )

    assert changed.status_code == 200, changed.content
    source = Source.objects.get(pk=record["id"])
    assert (source.status, source.pages) == ("published", "12")
    assert "карахан" in source.search_text


def test_an_archivist_session_can_write(archivist_client):
    series = f.SeriesFactory()

    response = archivist_client.post(
        "/api/v1/sources/", new_source(series), content_type="application/json"
    )

    assert response.status_code == 201, response.content


def test_a_superuser_outside_the_group_writes(db):
    admin = get_user_model().objects.create_superuser("root", password="pw")
    client = APIClient()
    client.force_authenticate(admin)

    response = client.post(
        "/api/v1/repositories/", {"slug": "mid-sssr", "name": "МИД СССР"}, format="json"
    )

    assert response.status_code == 201, response.content


def test_writes_are_validated_like_the_admin(archivist_api_client):
    existing = f.SourceFactory(number="464", pages="")
    duplicate = new_source(existing.series) | {"number": "464", "date": "大正16年1月1日"}

    response = archivist_api_client.post("/api/v1/sources/", duplicate, format="json")

    assert response.status_code == 400
    assert "date" in response.json()
    coded = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert ("date", "date_era_out_of_range") in coded


def test_a_duplicate_number_is_a_400_on_the_number(archivist_api_client):
    existing = f.SourceFactory(number="464", pages="")

    response = archivist_api_client.post(
        "/api/v1/sources/", new_source(existing.series) | {"number": "464"}, format="json"
    )

    assert response.status_code == 400
    assert "number" in response.json()


def test_deleting_a_record_others_refer_to_is_a_409(archivist_api_client):
    source = f.SourceFactory()

    response = archivist_api_client.delete(f"/api/v1/series/{source.series.slug}/")

    assert response.status_code == 409
    assert "source" in response.json()["detail"]


def test_archivists_write_claims_events_and_evidence(archivist_api_client):
    stage = f.StageFactory(slug="peking-final")
    work = f.WorkFactory(slug="ozawa-1987")
    source = f.SourceFactory()

    event = archivist_api_client.post(
        "/api/v1/events/",
        {"title": "調印", "title_en": "Signing", "date": "1924-10-06", "stage": "peking-final"},
        format="json",
    )
    claim = archivist_api_client.post(
        "/api/v1/claims/",
        {"work": "ozawa-1987", "text": "…", "stages": ["peking-final"], "status": "published"},
        format="json",
    )
    assert (event.status_code, claim.status_code) == (201, 201), (event.content, claim.content)
    evidence = archivist_api_client.post(
        "/api/v1/evidence/",
        {"claim": claim.json()["id"], "source": source.pk, "locator": "doc. 464"},
        format="json",
    )

    assert evidence.status_code == 201, evidence.content
    assert stage.claims.get().work == work
    assert evidence.json()["source"]["id"] == source.pk


def test_an_event_outside_its_stage_is_refused(archivist_api_client):
    f.StageFactory(slug="peking-final")

    response = archivist_api_client.post(
        "/api/v1/events/",
        {"title": "x", "title_en": "x", "date": "1920", "stage": "peking-final"},
        format="json",
    )

    assert response.status_code == 400
    assert "stage" in response.json()

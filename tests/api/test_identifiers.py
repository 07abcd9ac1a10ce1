"""Identifiers and relations in the API: written by archivists with a 400 naming the field,
read on the source and agent records and as resources of their own, drafts kept out."""

import pytest

from catalogue.models import SourceIdentifier
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_archivist_adds_a_jacar_code_and_the_source_lists_it_with_its_link(
    archivist_api_client, api_client
):
    source = f.SourceFactory()
    created = archivist_api_client.post(
        "/api/v1/source-identifiers/",
        {"source": source.pk, "type": "jacar", "value": "b03041045300", "note": "the file"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["value"] == "B03041045300"  # stored as the model writes it
    link = "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300"
    assert created.json()["link"] == link

    record = api_client.get(f"/api/v1/sources/{source.pk}/").json()
    assert record["identifiers"] == [
        {
            "type": "jacar",
            "value": "B03041045300",
            "note": "the file",
            "link": link,
            "digitised": True,
        }
    ]
    assert record["digitised_url"] == link
    listed = api_client.get("/api/v1/sources/").json()["results"]
    assert listed[0]["identifiers"][0]["value"] == "B03041045300"


def test_a_bad_jacar_code_is_a_400_naming_the_value(archivist_api_client):
    source = f.SourceFactory()
    response = archivist_api_client.post(
        "/api/v1/source-identifiers/",
        {"source": source.pk, "type": "jacar", "value": "B-3041"},
        format="json",
    )
    assert response.status_code == 400
    assert "value" in response.json()
    assert "type" not in response.json() and "source" not in response.json()
    assert "B03041045300" in response.json()["value"][0]
    assert not SourceIdentifier.objects.exists()


def test_an_unknown_or_misplaced_type_is_a_400_naming_the_type(archivist_api_client):
    source = f.SourceFactory()
    for body in (
        {"source": source.pk, "type": "isbn", "value": "123"},
        {"source": source.pk, "type": "viaf", "value": "102333412"},  # a person's authority
    ):
        response = archivist_api_client.post("/api/v1/source-identifiers/", body, format="json")
        assert response.status_code == 400
        assert "type" in response.json()


def test_the_same_identifier_twice_is_a_400(archivist_api_client):
    row = f.SourceIdentifierFactory(value="B03041045300")
    response = archivist_api_client.post(
        "/api/v1/source-identifiers/",
        {"source": row.source_id, "type": "jacar", "value": "B03041045300"},
        format="json",
    )
    assert response.status_code == 400
    assert "already has this identifier" in str(response.json())


def test_an_agents_wikidata_item_is_on_its_record_and_filterable(archivist_api_client, api_client):
    agent = f.AgentFactory()
    created = archivist_api_client.post(
        "/api/v1/agent-identifiers/",
        {"agent": agent.pk, "type": "wikidata", "value": "https://www.wikidata.org/wiki/Q42"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    record = api_client.get(f"/api/v1/agents/{agent.pk}/").json()
    assert record["identifiers"][0]["value"] == "Q42"
    assert record["identifiers"][0]["link"] == "https://www.wikidata.org/wiki/Q42"
    found = api_client.get("/api/v1/agent-identifiers/", {"type": "wikidata", "value": "q42"})
    assert [row["agent"] for row in found.json()["results"]] == [agent.pk]
    assert api_client.get("/api/v1/agent-identifiers/", {"type": "jacar"}).status_code == 400


def test_relations_are_on_the_source_detail_from_both_ends(archivist_api_client, api_client):
    original, translation = f.SourceFactory(), f.SourceFactory()
    f.SourceIdentifierFactory(source=translation, value="B03041045300")
    created = archivist_api_client.post(
        "/api/v1/source-relations/",
        {"source": translation.pk, "related": original.pk, "type": "translation"},
        format="json",
    )
    assert created.status_code == 201, created.json()

    record = api_client.get(f"/api/v1/sources/{original.pk}/").json()
    (edition,) = record["editions"]
    assert (edition["type"], edition["label"], edition["same_text"]) == (
        "translation",
        "translated in",
        True,
    )
    assert edition["source"]["id"] == translation.pk
    assert edition["source"]["digitised_url"].endswith("REFCODE=B03041045300")
    assert record["other_side_reports"] == []
    other_end = api_client.get(f"/api/v1/sources/{translation.pk}/").json()
    assert other_end["editions"][0]["label"] == "translation of"

    # The list of relations, by either end, and by kind.
    for end in (original, translation):
        rows = api_client.get("/api/v1/source-relations/", {"source": end.pk}).json()["results"]
        assert [row["id"] for row in rows] == [created.json()["id"]]
    others = api_client.get("/api/v1/source-relations/", {"same_text": "false"}).json()
    assert others["results"] == []
    bad = api_client.get("/api/v1/source-relations/", {"same_text": "maybe"})
    assert bad.status_code == 400 and "same_text" in bad.json()


def test_a_relation_to_itself_or_a_second_one_for_a_pair_is_a_400(archivist_api_client):
    relation = f.SourceRelationFactory()
    itself = archivist_api_client.post(
        "/api/v1/source-relations/",
        {"source": relation.source_id, "related": relation.source_id, "type": "edition"},
        format="json",
    )
    assert itself.status_code == 400 and "related" in itself.json()
    again = archivist_api_client.post(
        "/api/v1/source-relations/",
        {"source": relation.related_id, "related": relation.source_id, "type": "draft"},
        format="json",
    )
    assert again.status_code == 400 and "related" in again.json()


def test_the_public_sees_no_relation_or_identifier_of_a_draft(api_client):
    draft = f.SourceFactory(status="draft")
    published = f.SourceFactory()
    f.SourceRelationFactory(source=published, related=draft)
    f.SourceIdentifierFactory(source=draft)

    assert api_client.get("/api/v1/source-relations/").json()["results"] == []
    assert api_client.get("/api/v1/source-identifiers/").json()["results"] == []
    assert api_client.get(f"/api/v1/sources/{published.pk}/").json()["editions"] == []
    assert api_client.get("/api/v1/source-relations/", {"source": draft.pk}).status_code == 400


def test_an_anonymous_client_cannot_write_an_identifier(api_client):
    source = f.SourceFactory()
    response = api_client.post(
        "/api/v1/source-identifiers/",
        {"source": source.pk, "type": "jacar", "value": "B03041045300"},
        format="json",
    )
    assert response.status_code in (401, 403)


def test_the_source_detail_lists_every_edition_along_the_chain(api_client):
    russian, japanese, english = f.SourceFactory(), f.SourceFactory(), f.SourceFactory()
    f.SourceRelationFactory(source=japanese, related=russian, type="translation")
    f.SourceRelationFactory(source=english, related=russian, type="translation")
    editions = api_client.get(f"/api/v1/sources/{japanese.pk}/").json()["editions"]
    assert [(e["source"]["id"], e["type"], e["label"]) for e in editions] == [
        (russian.pk, "translation", "translation of"),
        (english.pk, None, "the same text, through another edition"),
    ]

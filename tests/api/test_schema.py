"""The OpenAPI document and the browsable docs."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn: every parameter and response resolved, no guessed types.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_every_source_filter_is_documented(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    names = {
        parameter["name"] for parameter in schema["paths"]["/api/v1/sources/"]["get"]["parameters"]
    }

    assert {
        "q", "series", "repository", "number", "kind", "language", "date_from", "date_to",
        "stage", "strategy", "event", "claim", "agent", "ordering", "page", "page_size",
    } <= names  # fmt: skip


def test_errors_are_documented(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]

    assert {"400", "404"} <= set(paths["/api/v1/sources/{id}/"]["get"]["responses"])
    assert {"400", "401", "403"} <= set(paths["/api/v1/sources/"]["post"]["responses"])
    export = paths["/api/v1/sources/export/"]["get"]
    assert set(export["responses"]["200"]["content"]) == {
        "application/x-bibtex",
        "application/x-research-info-systems",
        "text/plain",
        "application/vnd.citationstyles.csl+json",
    }
    assert set(export["responses"]["400"]["content"]) == {"application/json"}
    assert "stage" in {parameter["name"] for parameter in export["parameters"]}


def test_the_docs_page_loads_swagger_from_the_sidecar_not_a_cdn(api_client):
    response = api_client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html

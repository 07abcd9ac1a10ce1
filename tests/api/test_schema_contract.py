"""The OpenAPI document is valid and says what the server does: every list answers in the
shape its schema gives; nullable references, blank URLs, date filters, export media types."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from research.services import FOUNDING_FIXTURE, founding_data_load


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_a_valid_openapi_document(schema):
    validate(schema)


def response_schema(schema, path, status="200"):
    content = schema["paths"][path]["get"]["responses"][status]["content"]
    return {**content["application/json"]["schema"], "components": schema["components"]}


@pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture")
def test_every_list_answers_in_the_shape_of_its_schema(schema, db):
    founding_data_load()
    client = Client()
    lists = [p for p in schema["paths"] if p.startswith("/api/v1/") and "{" not in p]
    lists = [p for p in lists if "get" in schema["paths"][p] and "export" not in p]

    assert len(lists) >= 10
    for path in lists:
        response = client.get(path, {"page_size": 100})
        assert response.status_code == 200, path
        errors = list(OAS30Validator(response_schema(schema, path)).iter_errors(response.json()))
        assert errors == [], (path, errors[:3])


def test_a_nullable_reference_takes_null_and_the_object(schema):
    stage = {**schema["components"]["schemas"]["Event"]["properties"]["stage"]}
    validator = OAS30Validator({**stage, "components": schema["components"]})
    assert validator.is_valid(None)
    assert not validator.is_valid("peking-final")


def test_a_blank_url_is_not_an_ambiguous_one_of(schema):
    url = schema["components"]["schemas"]["Source"]["properties"]["url"]
    assert "oneOf" not in url
    assert OAS30Validator({**url, "components": schema["components"]}).is_valid("")


def test_the_date_filters_accept_in_the_schema_what_the_server_accepts(schema, db):
    parameters = schema["paths"]["/api/v1/sources/"]["get"]["parameters"]
    date_from = next(p for p in parameters if p["name"] == "date_from")

    assert OAS30Validator(date_from["schema"]).is_valid("大正13年12月5日")
    assert Client().get("/api/v1/sources/", {"date_from": "大正13年12月5日"}).status_code == 200


def test_exports_are_documented_as_text_in_their_own_media_types(schema):
    responses = schema["paths"]["/api/v1/sources/export/"]["get"]["responses"]["200"]["content"]
    assert "application/json" not in responses
    for media_type in ("application/x-bibtex", "application/x-research-info-systems"):
        assert responses[media_type]["schema"]["type"] == "string"


def test_the_export_filename_follows_rfc_6266(db):
    response = Client().get("/api/v1/sources/export.ris")

    assert response["Content-Disposition"] == 'inline; filename="kosho-sources.ris"'
    assert "=?utf-8?" not in response["Content-Disposition"]


def test_a_repeated_ordering_parameter_orders_by_every_value_as_a_comma_list_does(db):
    from tests import factories as f

    series = f.SeriesFactory(slug="a-series")
    f.SourceFactory(series=series, title="B", number="2")
    f.SourceFactory(series=series, title="A", number="1")
    f.SourceFactory(series=f.SeriesFactory(slug="b-series"), title="A", number="3")
    client = Client()

    def numbers(params):
        response = client.get("/api/v1/sources/", params)
        assert response.status_code == 200
        return [row["number"] for row in response.json()["results"]]

    repeated = numbers([("ordering", "title"), ("ordering", "-series")])
    assert repeated == numbers({"ordering": "title,-series"}) == ["3", "1", "2"]


def test_bibtex_and_ris_are_text_plain_when_asked_for_and_their_own_types_otherwise(db):
    from tests import factories as f

    f.SourceFactory(title="Telegram")
    client = Client()

    default = client.get("/api/v1/sources/export.ris")
    text = client.get("/api/v1/sources/export.ris", HTTP_ACCEPT="text/plain")
    bibtex = client.get("/api/v1/sources/export/", HTTP_ACCEPT="text/plain")

    assert default["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content == default.content
    assert bibtex["Content-Type"] == "text/plain; charset=utf-8"
    assert bibtex.content.decode().startswith("@")
    assert client.get("/api/v1/sources/export.json", HTTP_ACCEPT="text/plain").status_code == 406


def test_reading_needs_no_credentials_and_writing_does(schema):
    sources = schema["paths"]["/api/v1/sources/"]

    assert {} in sources["get"]["security"]
    assert {} not in sources["post"]["security"]
    assert {"tokenAuth": []} in sources["get"]["security"]


def test_id_filters_are_the_parameter_repeated_with_an_integer_each(schema):
    parameters = schema["paths"]["/api/v1/sources/"]["get"]["parameters"]
    agent = next(p for p in parameters if p["name"] == "agent")

    assert agent["schema"] == {"type": "array", "items": {"type": "integer"}}
    assert (agent["style"], agent["explode"]) == ("form", True)


def test_errors_are_named_components_shared_by_every_operation(schema):
    refs = {
        response["content"]["application/json"]["schema"].get("$ref")
        for item in schema["paths"].values()
        for operation in item.values()
        for status, response in operation["responses"].items()
        if status >= "400"
    }

    assert refs == {
        "#/components/schemas/ValidationError",
        "#/components/schemas/Error",
        "#/components/schemas/StaleVersionError",
    }


def test_a_response_requires_every_field_it_always_carries_and_a_request_only_its_own(schema):
    components = schema["components"]["schemas"]
    source = components["Source"]

    assert set(source["required"]) == set(source["properties"])
    assert {"title_en", "date_start", "url"} <= set(source["required"])
    assert "title_en" not in components["SourceWriteRequest"].get("required", [])
    assert "count" not in components["PaginatedSourceList"]["required"]

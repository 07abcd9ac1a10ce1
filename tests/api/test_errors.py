"""Every invalid parameter is a 400 naming it; unknown objects are 404; nothing is a 500."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def bad_request(response, parameter: str) -> str:
    """Assert a JSON 400 whose body names exactly `parameter`; return its first message."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [parameter]
    assert isinstance(body[parameter], list) and body[parameter]
    return body[parameter][0]


@pytest.mark.parametrize("parameter", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["yesterday", "1924-13", "1924-02-30", "大正16年", "19245"])
def test_a_bad_date_is_a_400_saying_what_is_expected(api_client, parameter, value):
    message = bad_request(api_client.get("/api/v1/sources/", {parameter: value}), parameter)

    assert message.startswith("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD")


@pytest.mark.parametrize(
    "parameter,expected",
    [
        ("series", "Enter the slug of an existing series"),
        ("repository", "Enter the slug of an existing repository"),
        ("stage", "Enter the slug of an existing stage (e.g. peking-final)."),
        ("strategy", "Enter the slug of an existing strategy"),
    ],
)
def test_an_unknown_slug_is_a_400(api_client, parameter, expected):
    message = bad_request(api_client.get("/api/v1/sources/", {parameter: "no-such"}), parameter)

    assert message.startswith(expected)


@pytest.mark.parametrize("parameter", ["event", "claim", "agent"])
@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999999999999", "0x10"])
def test_a_non_numeric_or_unknown_id_is_a_400(api_client, parameter, value):
    message = bad_request(api_client.get("/api/v1/sources/", {parameter: value}), parameter)

    assert "id (a whole number)" in message


@pytest.mark.parametrize(
    "parameter,value", [("kind", "poem"), ("language", "xx"), ("ordering", "colour")]
)
def test_an_unknown_choice_is_a_400(api_client, parameter, value):
    bad_request(api_client.get("/api/v1/sources/", {parameter: value}), parameter)


def test_an_unknown_ordering_names_the_choices(api_client):
    message = bad_request(api_client.get("/api/v1/sources/", {"ordering": "date,pk"}), "ordering")

    assert message == "Order by date, -date, title, -title, series, -series."


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc", "1.5", "99999999999999999999"])
def test_a_page_out_of_range_is_a_400_naming_page(api_client, page):
    f.SourceFactory()

    message = bad_request(api_client.get("/api/v1/sources/", {"page": page}), "page")

    assert message == "Enter a page number from 1 to 1 (or 'last')."


@pytest.mark.parametrize("page_size", ["abc", "0", "-5", "2.5"])
def test_a_page_size_that_is_not_a_positive_number_is_a_400(api_client, page_size):
    message = bad_request(api_client.get("/api/v1/sources/", {"page_size": page_size}), "page_size")

    assert "whole number" in message


def test_a_large_page_size_is_capped_at_100(api_client):
    f.SourceFactory.create_batch(3)

    response = api_client.get("/api/v1/sources/", {"page_size": 5000, "page": "last"})

    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    "url,parameter",
    [
        ("/api/v1/events/?stage=nope", "stage"),
        ("/api/v1/events/?date_from=x", "date_from"),
        ("/api/v1/claims/?strategy=nope", "strategy"),
        ("/api/v1/claims/?date_to=1924-00", "date_to"),
        ("/api/v1/positions/?stage=nope", "stage"),
        ("/api/v1/positions/?date_from=soon", "date_from"),
        ("/api/v1/positions/?party=abc", "party"),
        ("/api/v1/evidence/?relation=maybe", "relation"),
        ("/api/v1/stages/?conference=nope", "conference"),
        ("/api/v1/series/?parent=nope", "parent"),
        ("/api/v1/works/?ordering=colour", "ordering"),
        ("/api/v1/agents/?page=7", "page"),
    ],
)
def test_the_other_resources_validate_their_parameters_too(api_client, url, parameter):
    bad_request(api_client.get(url), parameter)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sources/999/",
        "/api/v1/sources/abc/",
        "/api/v1/sources/99999999999999999999999/",
        "/api/v1/stages/no-such-stage/",
        "/api/v1/series/999/",
        "/api/v1/claims/999/",
        "/api/v1/sources/999/export.bib",
        "/api/v1/sources/export.xml",
    ],
)
def test_an_unknown_object_is_a_json_404(api_client, url):
    response = api_client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_format_parameter_is_a_400(api_client):
    message = bad_request(api_client.get("/api/v1/sources/export/", {"format": "xml"}), "format")

    assert message == "Enter one of: bib, ris, json."
    bad_request(api_client.get("/api/v1/sources/", {"format": "xml"}), "format")


def test_errors_of_an_export_are_json(api_client):
    response = api_client.get("/api/v1/sources/export.bib", {"stage": "nope"})

    bad_request(response, "stage")


@pytest.mark.parametrize("value", ["\x00", "%", "' OR 1=1 --", "🙂" * 300, "\\", "{}", ""])
@pytest.mark.parametrize(
    "parameter",
    ["q", "series", "number", "kind", "language", "date_from", "stage", "event", "ordering"],
)
def test_no_input_produces_a_server_error(api_client, parameter, value):
    response = api_client.get("/api/v1/sources/", {parameter: value})

    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"


def test_a_malformed_write_body_is_a_400(archivist_api_client):
    response = archivist_api_client.post(
        "/api/v1/sources/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "url,body",
    [
        ("/api/v1/strategies/", {"slug": "x", "name": "n", "stages": ["a\x00b"]}),
        ("/api/v1/sources/", {"series": "a\x00b", "title": "t", "languages": ["x\x00"]}),
        ("/api/v1/repositories/", {"slug": "x", "name": "外務省\x00"}),
    ],
)
def test_null_characters_in_a_write_are_a_400_on_every_database(archivist_api_client, url, body):
    response = archivist_api_client.post(url, body, format="json")

    assert response.status_code == 400
    assert all(
        "control character U+0000" in message[0]
        for name, message in response.json().items()
        if name in ("stages", "series", "languages", "name")
    )

"""Every invalid parameter is a 400 naming it; unknown objects are 404; nothing is a 500."""

import pytest

from tests import factories as f
from tests.snapshots import archive_rows

pytestmark = pytest.mark.django_db


def bad_request(response, parameter: str) -> str:
    """Assert a JSON 400 whose body names exactly `parameter`, and whose `errors` list gives
    the same messages each with a code; return its first message."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = dict(response.json())
    errors = body.pop("errors")
    assert list(body) == [parameter]
    assert isinstance(body[parameter], list) and body[parameter]
    assert [(e["field"], e["message"]) for e in errors] == [(parameter, m) for m in body[parameter]]
    assert all(e["code"] for e in errors)
    return body[parameter][0]


def error_code(response, parameter: str) -> str:
    bad_request(response, parameter)
    (error,) = response.json()["errors"]
    return error["code"]


@pytest.mark.parametrize("parameter", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["yesterday", "1924-13", "1924-02-30", "大正16年", "19245"])
def test_a_bad_date_is_a_400_saying_what_is_expected(api_client, parameter, value):
    message = bad_request(api_client.get("/api/v1/sources/", {parameter: value}), parameter)

    assert message.startswith("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD")


@pytest.mark.parametrize(
    "value,code",
    [
        ("1924-13", "date_month_out_of_range"),
        ("1924-02-30", "date_day_out_of_range"),
        ("大正16年", "date_era_out_of_range"),
        ("平成2年", "date_era_unknown"),
        ("1925/1923", "date_range_reversed"),
        ("yesterday", "date_unreadable"),
    ],
)
def test_a_bad_date_is_a_400_with_a_code_per_error(api_client, value, code):
    response = api_client.get("/api/v1/sources/", {"date_from": value})

    assert error_code(response, "date_from") == code


def test_the_api_answers_in_english_to_a_japanese_client(api_client, settings):
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    response = api_client.get("/api/v1/sources/", {"date_to": "1924-13"}, HTTP_ACCEPT_LANGUAGE="ja")

    message = bad_request(response, "date_to")
    assert message == (
        "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日). "
        "1924-13: there is no month 13."
    )
    assert response.json()["errors"][0]["code"] == "date_month_out_of_range"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    "query,parameter,code",
    [
        ({"stage": "no-such"}, "stage", "invalid_choice"),
        ({"page": "7"}, "page", "page_out_of_range"),
        ({"page_size": "abc"}, "page_size", "page_size_invalid"),
        ({"format": "xml"}, "format", "format_unknown"),
    ],
)
def test_other_bad_parameters_carry_their_code_too(api_client, query, parameter, code):
    assert error_code(api_client.get("/api/v1/sources/", query), parameter) == code


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


HOSTILE = ["%", "' OR 1=1 --", "🙂" * 300, "\\", "{}"]
# Within the limits of one search (a longer `q` is a 400: tests/api/test_search_limits.py).
HOSTILE_TEXT = ["%", "' OR 1=1 --", "🙂" * 50, "\\", "{}"]
NUL = "Null characters are not allowed."
# A write names the character, as it does for every control character (core.safety).
NUL_WRITTEN = "Remove the control character U+0000: only tab and line breaks are allowed in text."
# What each filter of /api/v1/sources/ that takes no free text says about a value it cannot use.
REFUSED = {
    "series": "Enter the slug of an existing series (e.g. ngb-t13-1).",
    "kind": "Enter one of: telegram, note, memorandum, minutes, instruction, report, letter, "
    "treaty, regulation, statement, article, file, other.",
    "language": "Enter a language code the catalogue uses (ja, ru, en).",
    "date_from": "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日).",
    "stage": "Enter the slug of an existing stage (e.g. peking-final).",
    "event": "Enter the id (a whole number) of an existing event.",
    "ordering": "Order by date, -date, title, -title, series, -series.",
}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("parameter", list(REFUSED))
def test_a_hostile_value_is_a_400_with_the_filters_message_and_writes_nothing(
    api_client, parameter, value
):
    f.SourceFactory()
    before = archive_rows()

    message = bad_request(api_client.get("/api/v1/sources/", {parameter: value}), parameter)

    assert message.startswith(REFUSED[parameter])
    assert archive_rows() == before


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("parameter", ["q", "number"])
def test_hostile_text_is_searched_for_as_typed_and_finds_nothing(api_client, parameter, value):
    f.SourceFactory()
    before = archive_rows()

    response = api_client.get("/api/v1/sources/", {parameter: value})

    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
    assert archive_rows() == before


@pytest.mark.parametrize(
    "parameter,expected",
    [
        ("q", NUL),
        ("number", NUL),
        ("series", NUL),
        ("language", NUL),
        ("stage", NUL),
        ("event", NUL),
        # These check the value against their choices or the date grammar first.
        ("kind", REFUSED["kind"]),
        ("date_from", REFUSED["date_from"]),
        ("ordering", REFUSED["ordering"]),
    ],
)
def test_a_null_character_in_a_filter_is_a_400_naming_it(api_client, parameter, expected):
    f.SourceFactory()
    before = archive_rows()

    message = bad_request(api_client.get("/api/v1/sources/", {parameter: "a\x00b"}), parameter)

    assert message.startswith(expected)
    assert archive_rows() == before


@pytest.mark.parametrize("parameter", ["q", "series", "number", "kind", "date_from", "event"])
def test_an_empty_filter_is_left_out(api_client, parameter):
    source = f.SourceFactory()

    response = api_client.get("/api/v1/sources/", {parameter: ""})

    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [source.pk]


def test_a_malformed_write_body_is_a_400(archivist_api_client):
    before = archive_rows()

    response = archivist_api_client.post(
        "/api/v1/sources/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert archive_rows() == before


@pytest.mark.parametrize(
    "url,body,fields",
    [
        ("/api/v1/strategies/", {"slug": "x", "name": "n", "stages": ["a\x00b"]}, ["stages"]),
        (
            "/api/v1/sources/",
            {"series": "a\x00b", "title": "t", "languages": ["x\x00"]},
            ["series", "languages"],
        ),
        ("/api/v1/repositories/", {"slug": "x", "name": "外務省\x00"}, ["name"]),
    ],
)
def test_null_characters_in_a_write_are_a_400_on_every_database(
    archivist_api_client, url, body, fields
):
    before = archive_rows()

    response = archivist_api_client.post(url, body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        **{field: [NUL_WRITTEN] for field in fields},
        "errors": [
            {"field": field, "code": "null_characters_not_allowed", "message": NUL_WRITTEN}
            for field in fields
        ],
    }
    assert archive_rows() == before

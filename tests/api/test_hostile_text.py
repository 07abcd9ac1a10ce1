"""Input that cannot hurt: control characters refused on every write path, an OAI provider that
never emits what XML cannot carry, strict filter values and CSV cells a spreadsheet will not run."""

import csv
import io
from pathlib import Path

import lxml.html
import pytest
import tablib
from django.urls import reverse
from lxml import etree

from catalogue.models import Source
from catalogue.resources import SourceResource
from config.api import router
from tests import factories as f
from tests.admin_forms import form_data
from tests.imports.test_csv import import_page_post

pytestmark = pytest.mark.django_db

OAI_SCHEMA = etree.XMLSchema(
    etree.parse(str(Path(__file__).parent.parent / "oai" / "schemas" / "harvest.xsd"))
)


@pytest.mark.parametrize("character", ["\x0b", "\x01", "\x1f", "\x7f", "\x85"])
def test_an_api_write_with_a_control_character_is_a_400_naming_the_field(
    archivist_api_client, character
):
    series = f.SeriesFactory()
    response = archivist_api_client.post(
        "/api/v1/sources/",
        {"series": series.slug, "kind": "telegram", "title": f"Telegram{character}464"},
        format="json",
    )

    assert response.status_code == 400
    assert f"U+{ord(character):04X}" in response.json()["title"][0]
    assert not Source.objects.exists()


def test_tab_and_line_breaks_are_still_text(archivist_api_client):
    series = f.SeriesFactory()
    response = archivist_api_client.post(
        "/api/v1/sources/",
        {
            "series": series.slug,
            "kind": "telegram",
            "title": "Telegram\t464",
            "summary": "one\r\ntwo\nthree",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()


def test_the_admin_refuses_a_control_character_on_the_field(archivist_client):
    source = f.SourceFactory()
    url = reverse("admin:catalogue_source_change", args=[source.pk])
    data = form_data(archivist_client.get(url), "source_form", title="Telegram\x0b464")

    response = archivist_client.post(url, data)

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    errors = page.xpath("//div[contains(@class,'field-title')]//ul[@class='errorlist']//text()")
    assert any("U+000B" in text for text in errors)
    source.refresh_from_db()
    assert "\x0b" not in source.title


def test_a_csv_import_refuses_a_control_character_on_its_row():
    f.SeriesFactory(slug="ngb-t13-1")
    text = "series,number,kind,status,title\nngb-t13-1,1,telegram,draft,bad\x0btitle\n"

    result = SourceResource().import_data(tablib.Dataset().load(text, format="csv"))

    assert result.has_validation_errors()
    error = result.invalid_rows[0]
    assert "U+000B" in str(error.error_dict["title"])
    assert not Source.objects.exists()


def test_oai_lists_stay_valid_xml_when_a_stored_title_has_a_control_character(client):
    # Rows saved before the rule (or by a bulk path that skips validation).
    source = f.SourceFactory(title="Telegram 464")
    Source.objects.filter(pk=source.pk).update(title="Tele\x0bgram 464", summary="a\x01b")
    type(source.series).objects.filter(pk=source.series.pk).update(title="Series\x0c")

    for verb in ("ListRecords", "ListSets", "GetRecord"):
        params = {"verb": verb}
        if verb != "ListSets":
            params["metadataPrefix"] = "oai_dc"
        if verb == "GetRecord":
            params["identifier"] = f"oai:kosho.example.org:source/{source.pk}"
        response = client.get("/oai", params)
        assert response.status_code == 200, verb
        document = etree.fromstring(response.content)
        OAI_SCHEMA.assertValid(document)
    assert (
        b"Telegram 464"
        in client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content
    )


@pytest.mark.parametrize(
    "query",
    [
        "verb=%00",
        "verb=ListRecords&resumptionToken=%00",
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=%01",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=%0b",
        "verb=Identify&%00=1",
    ],
)
def test_oai_answers_bad_argument_for_a_control_character_in_the_request(client, query):
    response = client.get(f"/oai?{query}")

    assert response.status_code == 200
    document = etree.fromstring(response.content)
    OAI_SCHEMA.assertValid(document)
    error = document.find("{http://www.openarchives.org/OAI/2.0/}error")
    assert error.get("code") == "badArgument"


API_LISTS = [f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry]


@pytest.mark.parametrize("url", [*API_LISTS, "/api/v1/sources/export/"])
@pytest.mark.parametrize("ordering", [",", "date,,title", " ", "-"])
def test_an_empty_or_malformed_ordering_term_is_a_400_naming_it(client, url, ordering):
    response = client.get(url, {"ordering": ordering})

    assert response.status_code == 400
    assert "ordering" in response.json()


@pytest.mark.parametrize("url", ["/sources/?ordering=,", "/claims/?ordering=,"])
def test_pages_with_an_empty_ordering_term_still_answer(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("value", ["garbage", "yes please", "2"])
def test_a_boolean_filter_refuses_what_is_not_true_or_false(client, value):
    response = client.get("/api/v1/positions/", {"agreed": value})

    assert response.status_code == 400
    assert response.json() == {
        "agreed": ["Enter true or false."],
        "errors": [{"field": "agreed", "code": "invalid", "message": "Enter true or false."}],
    }


def test_a_boolean_filter_still_filters(client):
    agreed = f.PositionFactory(agreed=True)
    f.PositionFactory(agreed=False)

    response = client.get("/api/v1/positions/", {"agreed": "true"})

    assert [row["id"] for row in response.json()["results"]] == [agreed.pk]


FORMULAE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def exported_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_pages_csv_export_neutralises_formulae(client):
    for value in FORMULAE:
        f.SourceFactory(title=value)

    cells = exported_cells(client.get("/sources/export.csv").content.decode())

    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t"))]
    assert '\'=HYPERLINK("http://evil","x")' in cells


def test_the_admin_csv_export_neutralises_formulae(archivist_client):
    f.SourceFactory(title='=HYPERLINK("http://evil")', summary="@SUM(A1)")
    url = reverse("admin:catalogue_source_export")
    page = lxml.html.fromstring(archivist_client.get(url).content.decode())
    form = next(form for form in page.forms if form.xpath(".//select[@name='format']"))
    data = dict(form.form_values())
    csv_choice = next(
        option.get("value")
        for option in form.xpath(".//select[@name='format']/option")
        if option.text.strip().lower() == "csv"
    )
    data["format"] = csv_choice
    for box in form.xpath(".//input[@type='checkbox']"):
        data[box.get("name")] = box.get("value") or "on"

    response = archivist_client.post(url, data)

    cells = exported_cells(
        b"".join(response).decode() if response.streaming else response.content.decode()
    )
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'@SUM(A1)" in cells


def test_an_exported_formula_imports_back_unchanged():
    for value in FORMULAE:
        f.SourceFactory(title=value)
    before = sorted(Source.objects.values_list("pk", "title", "version"))

    text = SourceResource().export().csv
    result = SourceResource().import_data(tablib.Dataset().load(text, format="csv"))

    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Source.objects.values_list("pk", "title", "version")) == before


def test_the_admin_csv_dry_run_with_a_control_character_names_the_row(archivist_client):
    f.SeriesFactory(slug="ngb-t13-1")
    response = import_page_post(
        archivist_client,
        reverse("admin:catalogue_source_import"),
        "series,number,kind,status,title\nngb-t13-1,1,telegram,draft,bad\x0btitle\n",
    )

    assert response.status_code == 200
    assert "U+000B" in response.content.decode()
    assert not Source.objects.exists()

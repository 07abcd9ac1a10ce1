"""CSV imports that explain themselves: every problem by line and column, malformed lines and
unknown codes included, and nothing applied until the file is right."""

import lxml.html
from django.urls import reverse

from catalogue.models import Source
from tests.factories import AgentFactory, LanguageFactory, SeriesFactory
from tests.imports.test_csv import import_page_post

HEADER = "series,number,kind,status,title,languages,date\n"
GOOD = "ngb-t13-1,1,telegram,draft,good,ja,1924\n"


def confirm_and_apply(client, response):
    page = lxml.html.fromstring(response.content.decode())
    confirm = page.xpath("//form[contains(@action,'process_import')]")[0]
    return client.post(confirm.get("action"), dict(confirm.form_values()))


def listed_errors(response) -> list[str]:
    page = lxml.html.fromstring(response.content.decode())
    return [
        " ".join(li.text_content().split())
        for li in page.xpath("//section[contains(@class,'kosho-import-errors')]//li")
    ]


def test_unknown_language_malformed_line_and_bad_date_are_three_errors_by_line(
    archivist_client,
):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    url = reverse("admin:catalogue_source_import")
    bad = (
        HEADER
        + GOOD
        + "ngb-t13-1,2,telegram,draft,unknown language,xx,1924\n"
        + "ngb-t13-1,3,telegram,draft,Shidehara, to Yoshizawa,ja,1924\n"
        + "ngb-t13-1,4,telegram,draft,bad date,ja,next tuesday\n"
    )
    response = import_page_post(archivist_client, url, bad)

    assert response.status_code == 200
    errors = listed_errors(response)
    assert len(errors) == 3, errors
    assert errors[0].startswith("line 3, column “languages”: There is no language with code “xx”")
    assert errors[1] == "line 4: 8 values where the header has 7"
    assert errors[2].startswith("line 5, column “date”:")
    assert "next tuesday" in errors[2]
    assert not Source.objects.exists()

    fixed = (
        HEADER
        + GOOD
        + "ngb-t13-1,2,telegram,draft,known language,ja,1924\n"
        + 'ngb-t13-1,3,telegram,draft,"Shidehara, to Yoshizawa",ja,1924\n'
        + "ngb-t13-1,4,telegram,draft,good date,ja,大正13年12月5日\n"
    )
    preview = import_page_post(archivist_client, url, fixed)
    assert listed_errors(preview) == []
    confirm_and_apply(archivist_client, preview)
    assert sorted(Source.objects.values_list("number", flat=True)) == ["1", "2", "3", "4"]
    assert Source.objects.get(number="3").title == "Shidehara, to Yoshizawa"
    assert [lang.code for lang in Source.objects.get(number="2").languages.all()] == ["ja"]


def test_a_quoted_value_over_two_lines_keeps_later_lines_numbered_by_the_file(archivist_client):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    text = (
        HEADER
        + 'ngb-t13-1,1,telegram,draft,"two\nlines",ja,1924\n'
        + ("ngb-t13-1,2,telegram,draft,bad,zz,1924\n")
    )
    response = import_page_post(archivist_client, reverse("admin:catalogue_source_import"), text)
    assert listed_errors(response) == [
        "line 4, column “languages”: There is no language with code “zz”."
    ]


def test_the_preview_table_scrolls_inside_the_page(archivist_client):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    response = import_page_post(
        archivist_client, reverse("admin:catalogue_source_import"), HEADER + GOOD
    )
    assert "table.import-preview { display: block; max-width: 100%; overflow-x: auto; }" in (
        response.content.decode()
    )


def test_imported_rows_are_credited_to_the_file_and_the_archivist(archivist_client, archivist):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    preview = import_page_post(
        archivist_client, reverse("admin:catalogue_source_import"), HEADER + GOOD
    )
    confirm_and_apply(archivist_client, preview)
    created = Source.objects.get(number="1").history.get(history_type="+")
    assert created.history_change_reason == "CSV import: rows.csv"
    assert created.history_user == archivist


def test_an_unknown_agent_in_an_events_actors_is_an_error_on_its_column(db):
    from negotiations.models import Event
    from negotiations.resources import EventResource
    from tests.factories import EventFactory
    from tests.imports.test_csv import import_csv

    stage = EventFactory().stage.slug
    AgentFactory(slug="joffe")
    result = import_csv(
        EventResource(),
        f"date,title,stage,actors,status\n大正13年10月7日,会談,{stage},joffe|nobody,draft\n",
    )
    [row] = result.invalid_rows
    assert row.field_specific_errors["actors"] == ["There is no agent with slug “nobody”."]
    assert Event.objects.count() == 1

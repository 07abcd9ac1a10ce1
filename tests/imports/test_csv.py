"""CSV import and export in the admin: round trips, partial and era dates, all-or-nothing."""

import datetime

import lxml.html
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import Agent, Source, SourceDate
from catalogue.resources import AgentResource, SourceResource
from negotiations.models import Event, Evidence
from negotiations.resources import EventResource, EvidenceResource
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    EventFactory,
    EvidenceFactory,
    LanguageFactory,
    SeriesFactory,
    SourceDateFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def export_csv(resource) -> str:
    return resource.export().csv


def import_csv(resource, text: str, dry_run: bool = False):
    return resource.import_data(tablib.Dataset().load(text, format="csv"), dry_run=dry_run)


def rows(model):
    return sorted(model.objects.values_list("pk", "version"))


@pytest.fixture
def sources():
    series = SeriesFactory(slug="ngb-t13-1")
    ja, ru = LanguageFactory(code="ja"), LanguageFactory(code="ru", name="Russian")
    return [
        SourceFactory(series=series, number="464", pages="802–804", languages=[ja, ru]),
        SourceFactory(
            series=series,
            date_start=datetime.date(1924, 12, 5),
            date_end=datetime.date(1924, 12, 5),
            date_original="大正13年12月5日",
            summary="石油, “quoted”, and a comma",
        ),
        SourceFactory(
            series=series,
            date_start=datetime.date(1923, 6, 28),
            date_end=datetime.date(1923, 7, 31),
            date_precision="range",
            date_approximate=True,
        ),
        SourceFactory(series=series, date_start=None, date_end=None, date_precision=""),
    ]


def test_source_csv_round_trip_changes_nothing(sources):
    text = export_csv(SourceResource())
    before, history = rows(Source), Source.history.count()
    result = import_csv(SourceResource(), text)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 4
    assert rows(Source) == before
    assert Source.history.count() == history
    assert export_csv(SourceResource()) == text


def test_exported_date_is_the_date_as_written_or_its_iso_form(sources):
    dataset = SourceResource().export(Source.objects.order_by("pk"))
    assert dataset["date"] == ["1924-10-06", "大正13年12月5日", "~1923-06-28/1923-07-31", ""]
    assert dataset["languages"][0] == "ja|ru"


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("1924-12", "1924-12-01", "1924-12-31", "month"),
        ("大正13年12月5日", "1924-12-05", "1924-12-05", "day"),
        ("大正十三年十二月", "1924-12-01", "1924-12-31", "month"),
        ("T13.12", "1924-12-01", "1924-12-31", "month"),
        ("1923-06-28/1923-07-31", "1923-06-28", "1923-07-31", "range"),
    ],
)
def test_csv_accepts_partial_and_era_dates(typed, start, end, precision):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    result = import_csv(
        SourceResource(),
        "series,number,kind,status,title,languages,date\n"
        f"ngb-t13-1,464,telegram,draft,芳沢公使ヨリ,ja,{typed}\n",
    )
    assert not result.has_validation_errors(), result.invalid_rows[0].error_dict
    source = Source.objects.get(number="464")
    assert (str(source.date_start), str(source.date_end)) == (start, end)
    assert (source.date_precision, source.date_original) == (precision, typed)
    assert source.search_text  # saved through save(): search text and history


def test_csv_with_bad_rows_applies_nothing_and_names_every_bad_row():
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    result = import_csv(
        SourceResource(),
        "series,number,kind,status,title,languages,date\n"
        "ngb-t13-1,1,telegram,draft,good,ja,1924\n"
        "ngb-t13-1,2,telegram,draft,bad era,ja,大正16年\n"
        "ngb-t13-1,3,telegram,draft,good too,ja,1924-05\n"
        "no-such-series,4,telegram,draft,bad series,ja,1924\n"
        "ngb-t13-1,5,fax,draft,bad kind,ja,1924\n",
    )
    assert [row.number for row in result.invalid_rows] == [2, 4, 5]
    errors = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert "15" in errors[2]["date"][0]  # 大正 ended in its 15th year
    assert "series" in errors[4]
    assert "kind" in errors[5]
    assert not Source.objects.exists()


def test_agent_csv_round_trip_keeps_names_and_import_adds_names():
    joffe = AgentFactory(slug="joffe")
    AgentNameFactory(agent=joffe, value="Joffe", language="en")
    AgentNameFactory(agent=joffe, value="ヨッフェ", language="ja", script="Jpan")
    text = export_csv(AgentResource())
    assert "ヨッフェ [ja]" in text
    before = rows(Agent)
    result = import_csv(AgentResource(), text)
    assert result.totals["skip"] == 1 and rows(Agent) == before
    result = import_csv(
        AgentResource(), f"id,slug,kind,names\n{joffe.pk},joffe,person,Иоффе [ru]; Joffe [en]\n"
    )
    assert not result.has_validation_errors()
    assert set(joffe.names.values_list("value", "script", "preferred")) == {
        ("Joffe", "Latn", True),
        ("ヨッフェ", "Jpan", True),
        ("Иоффе", "Cyrl", True),
    }
    assert Agent.objects.search("иоффе").get() == joffe


def test_event_and_evidence_csv_round_trips_change_nothing():
    EventFactory(date_original="大正13年10月6日")
    EvidenceFactory(quotation="「石油」", note="line one\nline two")
    for resource, model in ((EventResource, Event), (EvidenceResource, Evidence)):
        text = export_csv(resource())
        before = rows(model)
        result = import_csv(resource(), text)
        assert not result.has_validation_errors()
        assert rows(model) == before
        assert export_csv(resource()) == text


def test_event_csv_needs_a_date_inside_its_stage():
    event = EventFactory()
    stage = event.stage.slug
    result = import_csv(
        EventResource(),
        "date,title,title_en,stage,status\n"
        f"大正13年10月7日,会談,Meeting,{stage},draft\n"
        f",会談,Meeting,{stage},draft\n"
        f"1925-06,会談,Meeting,{stage},draft\n",
    )
    assert [row.number for row in result.invalid_rows] == [2, 3]
    assert Event.objects.count() == 1


# --- the admin pages -----------------------------------------------------------------------


def import_page_post(client, url, text: str):
    page = lxml.html.fromstring(client.get(url).content.decode())
    csv_choice = next(
        option.get("value")
        for option in page.xpath("//select[@name='format']/option")
        if option.text.strip().lower() == "csv"
    )
    upload = SimpleUploadedFile("rows.csv", text.encode(), content_type="text/csv")
    return client.post(url, {"format": csv_choice, "resource": "0", "import_file": upload})


def test_admin_dry_run_lists_row_errors_and_offers_no_confirmation(archivist_client):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    response = import_page_post(
        archivist_client,
        reverse("admin:catalogue_source_import"),
        "series,number,kind,status,title,languages,date\n"
        "ngb-t13-1,1,telegram,draft,good,ja,1924\n"
        "ngb-t13-1,2,telegram,draft,bad,ja,next tuesday\n",
    )
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    invalid = page.xpath("//table[contains(@class,'import-preview')]//tbody/tr/td[1]/text()")
    assert [cell.strip() for cell in invalid] == ["2"]
    assert "next tuesday" in response.content.decode()
    assert not page.xpath("//form[contains(@action,'process_import')]")
    assert not Source.objects.exists()


def test_admin_import_applies_a_clean_file_after_the_preview(archivist_client):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    url = reverse("admin:catalogue_source_import")
    response = import_page_post(
        archivist_client,
        url,
        "series,number,kind,status,title,languages,date\nngb-t13-1,1,telegram,draft,good,ja,1924\n",
    )
    assert not Source.objects.exists()  # the preview is a dry run
    page = lxml.html.fromstring(response.content.decode())
    confirm = page.xpath("//form[contains(@action,'process_import')]")[0]
    data = dict(confirm.form_values())
    archivist_client.post(confirm.get("action"), data)
    assert Source.objects.get(number="1").date_precision == "year"


def test_admin_export_is_offered_on_every_changelist(archivist_client):
    for name in (
        "catalogue_source",
        "catalogue_agent",
        "negotiations_event",
        "negotiations_evidence",
    ):
        response = archivist_client.get(reverse(f"admin:{name}_changelist"))
        assert reverse(f"admin:{name}_import") in response.content.decode()
        assert reverse(f"admin:{name}_export") in response.content.decode()


def test_source_dates_round_trip_and_a_changed_column_replaces_them(sources):
    source = sources[1]
    SourceDateFactory(
        source=source,
        role="sent",
        date_start=datetime.date(1924, 12, 5),
        date_original="大正13年12月5日",
        time=datetime.time(21),
        note="北京",
    )
    SourceDateFactory(source=source, role="received", date_start=datetime.date(1924, 12, 6))
    text = export_csv(SourceResource())
    assert "sent: 大正13年12月5日 21:00 [北京]; received: 1924-12-06" in text
    history = SourceDate.history.count()

    unchanged = import_csv(SourceResource(), text)

    assert unchanged.totals["skip"] == 4
    assert SourceDate.history.count() == history
    changed = text.replace("received: 1924-12-06", "received: 大正13年12月7日 09:40")
    result = import_csv(SourceResource(), changed)
    assert not result.has_validation_errors(), result.invalid_rows[0].error_dict
    assert [(d.role, d.date_start, d.time, d.date_original) for d in source.dates.all()] == [
        ("sent", datetime.date(1924, 12, 5), datetime.time(21), "大正13年12月5日"),
        ("received", datetime.date(1924, 12, 7), datetime.time(9, 40), "大正13年12月7日"),
    ]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("received: 大正16年1月1日", "15"),
        ("arrived: 1924-12-06", "roles"),
        ("sent: 1924-12-06 25:00", "time of day"),
    ],
)
def test_a_bad_dates_column_is_an_error_on_that_column(column, message):
    SeriesFactory(slug="ngb-t13-1")
    LanguageFactory(code="ja")
    result = import_csv(
        SourceResource(),
        "series,number,kind,status,title,languages,date,dates\n"
        f"ngb-t13-1,464,telegram,draft,芳沢公使ヨリ,ja,1924-12-05,{column}\n",
    )
    assert result.has_validation_errors()
    errors = result.invalid_rows[0].error_dict
    assert message in " ".join(errors["dates"])
    assert not Source.objects.exists() and not SourceDate.objects.exists()

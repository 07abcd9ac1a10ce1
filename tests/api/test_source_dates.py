"""A source's other dates in the API: read nested on the source, written with it, refused with a
400 that names the row and the field."""

import datetime

import pytest

from catalogue.models import SourceDate
from tests import factories as f

pytestmark = pytest.mark.django_db


def telegram(series) -> dict:
    f.LanguageFactory()
    return {
        "series": series.slug,
        "number": "585",
        "kind": "telegram",
        "title": "芳沢公使ヨリ幣原外務大臣宛電報",
        "languages": ["ja"],
        "date": "大正13年5月15日",
        "status": "published",
    }


def test_a_source_shows_its_sent_and_received_dates_in_time_order(api_client):
    source = f.SourceFactory()
    f.SourceDateFactory(
        source=source,
        role="received",
        date_start=datetime.date(1924, 5, 16),
        time=datetime.time(9, 40),
        date_original="大正13年5月16日",
    )
    f.SourceDateFactory(source=source, role="sent", date_start=datetime.date(1924, 5, 15))

    dates = api_client.get(f"/api/v1/sources/{source.pk}/").json()["dates"]

    assert [(d["role"], d["date_start"], d["time"]) for d in dates] == [
        ("sent", "1924-05-15", None),
        ("received", "1924-05-16", "09:40:00"),
    ]
    assert dates[1]["date_original"] == "大正13年5月16日"
    assert dates[1]["date_display"] == "16 May 1924, 9:40 a.m."


def test_an_archivist_writes_the_dates_with_the_source_in_era_form(archivist_api_client):
    body = telegram(f.SeriesFactory()) | {
        "dates": [
            {"role": "sent", "date": "大正13年5月15日", "time": "21:00", "note": "北京"},
            {"role": "received", "date": "1924-05-16"},
        ]
    }

    response = archivist_api_client.post("/api/v1/sources/", body, format="json")

    assert response.status_code == 201, response.content
    rows = SourceDate.objects.order_by("date_start")
    assert [(r.role, r.date_start, r.time, r.date_original, r.note) for r in rows] == [
        ("sent", datetime.date(1924, 5, 15), datetime.time(21), "大正13年5月15日", "北京"),
        ("received", datetime.date(1924, 5, 16), None, "1924-05-16", ""),
    ]
    assert [d["role"] for d in response.json()["dates"]] == ["sent", "received"]
    # Each row has its history, like the source.
    assert SourceDate.history.filter(history_type="+").count() == 2


def test_dates_sent_on_an_update_replace_the_stored_ones_and_absent_dates_are_kept(
    archivist_api_client,
):
    source = f.SourceFactory()
    f.SourceDateFactory(source=source, role="sent")
    url = f"/api/v1/sources/{source.pk}/"

    kept = archivist_api_client.patch(
        url,
        {"pages": "12"},
        format="json",
        headers={"If-Match": api_etag(archivist_api_client, url)},
    )
    assert kept.status_code == 200, kept.content
    assert [d["role"] for d in kept.json()["dates"]] == ["sent"]

    replaced = archivist_api_client.patch(
        url,
        {"dates": [{"role": "received", "date": "大正13年10月7日"}]},
        format="json",
        headers={"If-Match": kept["ETag"]},
    )

    assert replaced.status_code == 200, replaced.content
    assert [(r.role, r.date_start) for r in source.dates.all()] == [
        ("received", datetime.date(1924, 10, 7))
    ]


def api_etag(client, url) -> str:
    return client.get(url)["ETag"]


@pytest.mark.parametrize(
    ("row", "field", "code"),
    [
        ({"role": "received", "date": "大正16年5月1日"}, "dates.0.date", "date_era_out_of_range"),
        ({"role": "received", "date": "1924-13"}, "dates.0.date", "date_month_out_of_range"),
        ({"role": "received", "date": ""}, "dates.0.date", "required"),
        ({"role": "arrived", "date": "1924-05-16"}, "dates.0.role", "invalid_choice"),
        ({"role": "sent", "date": "1924-05-16", "time": "25:00"}, "dates.0.time", "invalid"),
    ],
)
def test_a_bad_date_row_is_a_400_naming_the_row_and_field(archivist_api_client, row, field, code):
    body = telegram(f.SeriesFactory()) | {"dates": [row]}

    response = archivist_api_client.post("/api/v1/sources/", body, format="json")

    assert response.status_code == 400, response.content
    assert (field, code) in {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert not SourceDate.objects.exists()

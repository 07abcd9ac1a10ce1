"""Rows written in bulk get the first history entry simple_history would give them."""

import datetime

import pytest
from django.test import RequestFactory
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from catalogue.models import Source, SourceDate
from core.history import history_bulk_create
from tests.factories import SeriesFactory, SourceFactory

pytestmark = pytest.mark.django_db
ENTRY = ("history_type", "history_change_reason", "history_user_id")
NOON = datetime.time(12, 0)


def _sources(series, prefix: str) -> list[Source]:
    return [
        Source(
            series=series,
            number=f"{prefix}{n}",
            pages=str(n),
            kind=Source.Kind.TELEGRAM,
            title=f"Telegram {prefix}{n}",
            date_start=datetime.date(1924, 7, n),
            date_end=datetime.date(1924, 7, n),
            date_precision="day",
            date_original=f"July {n}, 1924",
            status="published" if n % 2 else "draft",
            url="https://history.state.gov/" if n == 2 else "",
        )
        for n in range(1, 4)
    ]


def _entry(row, tracked) -> dict:
    values = {field.attname: getattr(row, field.attname) for field in tracked}
    return {**values, **{name: getattr(row, name) for name in ENTRY}}


@pytest.fixture
def request_by(archivist):
    request = RequestFactory().post("/admin/")
    request.user = archivist
    HistoricalRecords.context.request = request
    yield archivist
    del HistoricalRecords.context.request


def test_entries_copied_by_the_database_are_those_simple_history_would_write(request_by):
    series = SeriesFactory()
    tracked = Source.history.model.tracked_fields
    theirs = bulk_create_with_history(_sources(series, "a"), Source, batch_size=2)
    ours = history_bulk_create(Source, _sources(series, "b"), batch_size=2)

    assert all(row.pk for row in ours)
    for mine, reference in zip(ours, theirs, strict=True):
        (entry,) = Source.history.filter(id=mine.pk)
        (expected,) = Source.history.filter(id=reference.pk)
        differs = {"id", "number", "title", "created_at", "updated_at"}
        got, want = _entry(entry, tracked), _entry(expected, tracked)
        assert {k: v for k, v in got.items() if k not in differs} == {
            k: v for k, v in want.items() if k not in differs
        }
        stored = Source.objects.get(pk=mine.pk)
        assert (entry.number, entry.title) == (stored.number, stored.title)
        assert (entry.created_at, entry.updated_at) == (stored.created_at, stored.updated_at)
        assert entry.history_user == request_by
        assert entry.history_type == "+"
    # One entry each, in the order the rows were written.
    entries = Source.history.filter(id__in=[row.pk for row in ours]).order_by("history_id")
    assert [entry.id for entry in entries] == [row.pk for row in ours]


def test_entries_of_related_rows_keep_their_foreign_keys_and_no_user_outside_a_request():
    source = SourceFactory()
    day = {"date_start": datetime.date(1924, 7, 1), "date_end": datetime.date(1924, 7, 1)}
    dates = [
        SourceDate(source=source, role="sent", date_precision="day", **day),
        SourceDate(source=source, role="received", date_precision="day", **day, time=NOON),
    ]
    history_bulk_create(SourceDate, dates)

    entries = SourceDate.history.order_by("history_id")
    assert [(e.source_id, e.role, e.date_start, e.time) for e in entries] == [
        (source.pk, "sent", day["date_start"], None),
        (source.pk, "received", day["date_start"], NOON),
    ]
    assert {(e.history_type, e.history_user_id, e.history_change_reason) for e in entries} == {
        ("+", None, None)
    }

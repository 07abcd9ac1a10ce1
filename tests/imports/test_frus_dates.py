"""Sent and received dates from FRUS datelines: "[Received October 16, 9:40 a.m.]"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Source, SourceDate
from catalogue.services import frus_volume_import
from catalogue.tei import parse_received_note
from tests.factories import SourceDateFactory

D = datetime.date
T = datetime.time


@pytest.mark.parametrize(
    ("note", "sent", "day", "clock", "wording"),
    [
        # As the sample volume prints them (frus1924v02, d314, d317, d319, d323).
        ("Tokyo, July 17, 1924. [Received August 7.]", D(1924, 7, 17), D(1924, 8, 7), None,
         "August 7"),
        ("London, July 14, 1924—2 p.m. [Received 3:22 p.m.]", D(1924, 7, 14), D(1924, 7, 14),
         T(15, 22), "3:22 p.m."),
        ("[Received July 18—2:36 p.m.]", D(1924, 7, 18), D(1924, 7, 18), T(14, 36),
         "July 18—2:36 p.m."),
        ("[Received April 1—8:35 a.m.]", D(1924, 4, 1), D(1924, 4, 1), T(8, 35),
         "April 1—8:35 a.m."),
        # Other volumes' forms: a comma before the time, the year given, noon, an abbreviation.
        ("[Received October 16, 9:40 a.m.]", D(1924, 10, 6), D(1924, 10, 16), T(9, 40),
         "October 16, 9:40 a.m."),
        ("[Received December 31, 1924.]", D(1924, 12, 20), D(1924, 12, 31), None,
         "December 31, 1924"),
        ("[Received Oct. 16—noon.]", D(1924, 10, 6), D(1924, 10, 16), T(12), "Oct. 16—noon"),
        ("[Received 9 p.m.]", D(1924, 10, 6), D(1924, 10, 6), T(21), "9 p.m."),
        # Sent in late December, received in January: the next year.
        ("[Received January 3.]", D(1924, 12, 28), D(1925, 1, 3), None, "January 3"),
        # Sent from Tokyo in the morning, received in Washington the evening before: the time
        # difference, not a year later.
        ("[Received March 31, 11 p.m.]", D(1924, 4, 1), D(1924, 3, 31), T(23), "March 31, 11 p.m."),
    ],
)  # fmt: skip
def test_received_notes_are_read_with_the_year_of_the_sent_date(note, sent, day, clock, wording):
    parsed, time = parse_received_note(note, sent)

    assert (parsed.start, parsed.end, parsed.precision) == (day, day, "day")
    assert time == clock
    assert parsed.original == wording


@pytest.mark.parametrize(
    ("note", "sent"),
    [
        ("Tokyo, July 17, 1924.", D(1924, 7, 17)),  # no note
        ("[Received by the Department.]", D(1924, 7, 17)),  # no day, no time
        ("[Received February 30.]", D(1924, 1, 2)),  # no such day
        ("[Received October 16.]", None),  # no year to place it in
    ],
)
def test_what_is_not_a_readable_received_note_gives_nothing(note, sent):
    assert parse_received_note(note, sent) is None


def dates():
    return sorted(
        (row.source.number, row.role, row.date_start, row.time, row.date_original, row.note)
        for row in SourceDate.objects.select_related("source")
    )


@pytest.mark.django_db
def test_import_gives_telegrams_their_sent_and_received_dates(sample_path):
    frus_volume_import(source=sample_path)

    rows = dates()
    by_document = {}
    for number, *rest in rows:
        by_document.setdefault(number, []).append(tuple(rest))
    assert sorted(by_document["317"]) == [
        ("received", D(1924, 7, 14), T(15, 22), "3:22 p.m.", ""),
        ("sent", D(1924, 7, 14), T(14), "July 14, 1924—2 p.m.", "London"),
    ]
    assert sorted(by_document["314"]) == [
        ("received", D(1924, 8, 7), None, "August 7", ""),
        ("sent", D(1924, 7, 17), None, "July 17, 1924", "Tokyo"),
    ]
    # An outgoing telegram: sent, with no received note to read.
    assert by_document["316"] == [
        ("sent", D(1924, 7, 11), T(17), "July 11, 1924—5 p.m.", "Washington")
    ]
    # A letter with neither a time nor a received note: its own date says it all.
    assert "321" not in by_document and "322" not in by_document
    assert sum(role == "received" for _, role, *_ in rows) == 6
    assert sum(role == "sent" for _, role, *_ in rows) == 11
    # The main date stays the dateline's, the one lists are ordered by.
    assert Source.objects.get(number="317").date_start == D(1924, 7, 14)


@pytest.mark.django_db
def test_a_received_date_before_the_sent_one_is_in_the_next_year(sample_path, sample_copy):
    frus_volume_import(source=sample_copy("[Received August 7.]", "[Received January 9.]"))

    received = SourceDate.objects.get(source__number="314", role="received")
    assert (received.date_start, received.date_original) == (D(1925, 1, 9), "January 9")


@pytest.mark.django_db
def test_reimport_leaves_the_dates_and_their_history_alone(sample_path):
    frus_volume_import(source=sample_path)
    before = (dates(), list(SourceDate.objects.values_list("pk", flat=True)))
    history = SourceDate.history.count()

    report = frus_volume_import(source=sample_path)

    assert (len(report.updated), len(report.unchanged)) == (0, 13)
    assert (dates(), list(SourceDate.objects.values_list("pk", flat=True))) == before
    assert SourceDate.history.count() == history


@pytest.mark.django_db
def test_reimport_of_a_corrected_note_updates_that_document_only(sample_path, sample_copy):
    frus_volume_import(source=sample_path)

    report = frus_volume_import(source=sample_copy("[Received August 7.]", "[Received August 8.]"))

    assert report.updated == ["d314"]
    received = SourceDate.objects.get(source__number="314", role="received")
    assert received.date_start == D(1924, 8, 8)
    assert SourceDate.history.filter(history_type="-").count() == 2  # the old sent and received


@pytest.mark.django_db
def test_reimport_keeps_the_dates_an_archivist_added(sample_path):
    frus_volume_import(source=sample_path)
    published = SourceDateFactory(
        source=Source.objects.get(number="314"), role="published", date_start=D(1939, 1, 1)
    )

    report = frus_volume_import(source=sample_path)

    assert "d314" in report.unchanged
    assert SourceDate.objects.filter(pk=published.pk).exists()


@pytest.mark.django_db
def test_the_dates_are_written_in_bulk_whatever_the_number_of_documents(sample_path):
    with CaptureQueriesContext(connection) as first:
        frus_volume_import(source=sample_path)
    with CaptureQueriesContext(connection) as again:
        frus_volume_import(source=sample_path)

    def on_dates(context):
        return [q["sql"] for q in context.captured_queries if "sourcedate" in q["sql"].lower()]

    # Seventeen dates of thirteen new documents: their rows and their history rows, one insert
    # each (nothing to read for sources the import has just created); on a re-import, one read
    # of what is stored.
    assert len(on_dates(first)) == 2
    assert len(on_dates(again)) == 1

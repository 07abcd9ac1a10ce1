"""No query string makes a researchers' page fail: every filter gets hostile values, and what a
filter cannot read is reported on the page and left out, never written anywhere."""

import csv
import io

import pytest
from django.utils.html import escape

from negotiations.filters import ClaimFilter
from research.filters import SourceFilter
from tests import factories as f
from tests.snapshots import archive_rows

TOO_LONG = "ё" * 3000
HOSTILE = [
    "",
    "x",
    "-1",
    "0",
    "99999999999999999999999",
    "1924-02-30",
    "大正99年",
    "\x00",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    TOO_LONG,
    "1923-06/1922-01",
]
# Searched for as typed: any text is a search, except a NUL, which no database stores, and a
# `q` past the limits of one search (10 words, 200 characters), which is refused.
FREE_TEXT = {"q", "number"}
NUL = "Null characters are not allowed."
SEARCH_LIMIT = "Enter at most 10 different words and 200 characters to search for."
NOTICE = "Some filters could not be read and were not applied; see the messages below."
SLUG = "Enter the slug of an existing {}"
ID = "Enter the id (a whole number) of an existing {}."
DATE = "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日)."
# What each of the other filters says about a value it cannot use: every hostile value but "".
REFUSED = {
    "/sources/": {
        "series": SLUG.format("series"),
        "repository": SLUG.format("repository"),
        "kind": "Enter one of: telegram, note, memorandum, minutes,",
        "language": "Enter a language code the catalogue uses (ja, ru, en).",
        "date_from": DATE,
        "date_to": DATE,
        "stage": SLUG.format("stage"),
        "strategy": SLUG.format("strategy"),
        "event": ID.format("event"),
        "claim": ID.format("claim"),
        "agent": ID.format("agent"),
        "side": "Enter one of: japan, soviet, united-states, britain, china, other.",
        "ordering": "Order by date, -date, title, -title, series, -series.",
    },
    "/claims/": {
        "stage": SLUG.format("stage"),
        "strategy": SLUG.format("strategy"),
        "date_from": DATE,
        "date_to": DATE,
        "work": SLUG.format("work"),
        "event": ID.format("event"),
        "source": ID.format("source"),
        "ordering": "Order by work, -work.",
    },
}
# These hold a value against their choices or the date grammar before looking at its characters.
GRAMMAR_FIRST = {"kind", "side", "date_from", "date_to", "ordering"}
FILTERS = {"/sources/": SourceFilter, "/claims/": ClaimFilter}
# Page values read as numbers; out of range, they show the nearest page without a word.
PAGE_NUMBERS = {"", "-1", "0", "99999999999999999999999"}


def listed(response) -> list[int]:
    return [row.pk for row in response.context["object_list"]]


@pytest.mark.parametrize("url", ["/sources/", "/claims/"])
def test_a_filter_value_that_cannot_be_read_is_reported_on_the_page_and_left_out(client, db, url):
    f.EvidenceFactory()
    before = archive_rows()
    everything = listed(client.get(url))
    params = list(FILTERS[url].base_filters)
    assert everything
    assert set(params) - FREE_TEXT == set(REFUSED[url])

    for param in params:
        for value in HOSTILE:
            # An empty parameter is no filter: the page sends the reader to the URL without it.
            response = client.get(url, {param: value}, follow=True)
            assert response.status_code == 200, (param, value)
            assert response.redirect_chain == ([(url, 302)] if value == "" else []), param
            html = response.content.decode()
            assert "<script>alert(1)</script>" not in html
            refused_search = param == "q" and value == TOO_LONG
            if value == "" or (param in FREE_TEXT and value != "\x00" and not refused_search):
                assert response.context["filter"].errors == {}, (param, value)
                continue
            errors = response.context["filter"].errors.get(param, [])
            if refused_search:
                expected = SEARCH_LIMIT
            elif value == "\x00" and param not in GRAMMAR_FIRST:
                expected = NUL
            else:
                expected = REFUSED[url][param]
            assert errors and errors[0].startswith(expected), (param, value, errors)
            assert NOTICE in html and escape(errors[0]) in html, (param, value)
            assert listed(response) == everything, (param, value)
    assert archive_rows() == before


@pytest.mark.parametrize("url", ["/sources/", "/claims/"])
def test_a_page_that_is_no_number_shows_the_first_page_and_says_so(client, db, url):
    f.EvidenceFactory()
    before = archive_rows()

    for value in HOSTILE:
        response = client.get(url, {"page": value}, follow=True)
        assert response.status_code == 200, value
        assert response.context["page_obj"].number == 1
        notices = [str(message) for message in response.context["messages"]]
        if value in PAGE_NUMBERS:
            assert notices == [], value
        else:
            assert notices == [f"“{value}” is not a page number."]
            assert escape(notices[0]) in response.content.decode()
    assert archive_rows() == before


def exported_ids(response) -> list[int]:
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(response.content.decode()))]


def test_csv_export_fails_on_nothing_and_exports_nothing_for_a_filter_it_cannot_read(client, db):
    source = f.SourceFactory()
    before = archive_rows()

    for param in SourceFilter.base_filters:
        for value in HOSTILE:
            response = client.get("/sources/export.csv", {param: value})
            assert response.status_code == 200, (param, value)
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            ids = exported_ids(response)
            if value == "":
                assert ids == [source.pk], param
            elif param in FREE_TEXT and value != "\x00":
                assert ids in ([], [source.pk]), (param, value)  # a search: it may match
            else:
                assert ids == [], (param, value)
    assert archive_rows() == before

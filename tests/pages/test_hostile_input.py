"""No query string makes a researchers' page fail: every filter gets hostile values."""

import pytest

from negotiations.filters import ClaimFilter
from research.filters import SourceFilter
from tests import factories as f

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
    "ё" * 3000,
    "1923-06/1922-01",
]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/sources/", list(SourceFilter.base_filters) + ["page"]),
        ("/claims/", list(ClaimFilter.base_filters) + ["page"]),
    ],
)
def test_no_filter_value_makes_a_page_fail(client, db, url, params):
    f.EvidenceFactory()
    for param in params:
        for value in HOSTILE:
            response = client.get(url, {param: value})
            assert response.status_code == 200, (param, value)
            assert b"<script>alert(1)</script>" not in response.content


def test_csv_export_refuses_nothing_and_fails_on_nothing(client, db):
    f.SourceFactory()
    for param in list(SourceFilter.base_filters):
        for value in HOSTILE:
            assert client.get("/sources/export.csv", {param: value}).status_code == 200

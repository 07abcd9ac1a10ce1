"""The benchmark tools themselves (fast; part of the ordinary suite, unlike the benchmarks)."""

import pytest
from django.db import connection

from catalogue.tei import parse_frus_volume
from tests.benchmarks.__main__ import _database_url, table
from tests.benchmarks.imports import VOLUME_ID, synthetic_volume


def test_synthetic_frus_volume_has_distinct_documents_under_its_own_id():
    volume = parse_frus_volume(synthetic_volume(40))
    assert volume.volume_id == VOLUME_ID
    assert len(volume.documents) == 40 and not volume.skipped
    assert len({document.xml_id for document in volume.documents}) == 40
    assert len({document.number for document in volume.documents}) == 40


def test_each_size_gets_a_database_of_its_own():
    base = "postgres://kosho:kosho@127.0.0.1:5432/kosho_bench"
    assert _database_url(base, 10000) == "postgres://kosho:kosho@127.0.0.1:5432/kosho_bench_10000"


def test_table_puts_each_figure_beside_its_baseline_per_size():
    row = {
        "area": "api",
        "name": "list",
        "value": 120.0,
        "unit": "ms",
        "queries": 8,
        "baseline": "floor",
        "baseline_value": 20.0,
        "baseline_queries": 6,
    }
    text = table({10000: [row], 100000: [{**row, "value": 240.0}]})
    assert "| api | list | 120 (8 q) | floor: 20.0 (6 q) | 6.0× | 240 (8 q) |" in text


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_floor_serves_the_api_lists_rows_and_every_field_it_shows(
    client, db, founding_data, settings
):
    """The throughput and list figures compare the API with this floor: it must serve the same
    page with at least the API's fields, or the ratio means nothing (the API gained fields
    the floor lacked, and `make bench` stopped on its own check)."""
    settings.ROOT_URLCONF = "tests.benchmarks.urls"
    api = client.get("/api/v1/sources/?page_size=50").json()["results"]
    floor = client.get("/bench/floor/sources/?page_size=50").json()["results"]
    assert [row["id"] for row in floor] == [row["id"] for row in api]
    for ours, theirs in zip(api, floor, strict=True):
        assert set(ours) <= set(theirs)
        assert len(theirs["dates"]) == len(ours["dates"])
        assert len(theirs["identifiers"]) == len(ours["identifiers"])


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_every_measuring_area_runs_on_the_founding_data(
    client, db, founding_data, settings, monkeypatch, capsys
):
    """The benchmarks run only under `make bench`: without this, an area that a change to the
    site broke (the OAI area read its token as a dict after the token became a dataclass) is
    found only when someone measures. A few runs each, on the founding data; no figure is
    asserted, only that every area prints its rows."""
    from tests.benchmarks import api, harness, oai, pages, search

    settings.ROOT_URLCONF = "tests.benchmarks.urls"
    settings.OAI_PAGE_SIZE = 10  # so that there is a deep page to resume at
    monkeypatch.setitem(harness.measure.__kwdefaults__, "repeat", 3)
    monkeypatch.setitem(harness.measure.__kwdefaults__, "budget_s", 0.5)
    api.run(client)
    search.run(client)
    pages.run(client, type(client)())
    oai.run(client)
    printed = capsys.readouterr().out
    areas = {line.split('"area": "')[1].split('"')[0] for line in printed.splitlines()}
    assert {"api", "search", "pages", "admin", "oai"} <= areas

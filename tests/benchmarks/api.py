"""API v1 source list: against the raw-SQL + orjson floor and a plain ModelSerializer; a deep
page against the first."""

import math

from django.conf import settings
from django.core.cache import caches

from catalogue.models import Source
from tests.benchmarks.harness import compare, get, measure

LIST = "/api/v1/sources/?page_size=50"


def run(client) -> None:
    api = measure(get(client, LIST))
    floor = get(client, "/bench/floor/sources/?page_size=50")()
    plain = get(client, "/bench/plain/sources/?page_size=50")()
    # The baselines must serve the same page, or the comparison means nothing.
    ids = [source["id"] for source in api.last.json()["results"]]
    assert ids == [source["id"] for source in floor.json()["results"]], "floor differs"
    assert ids == [source["id"] for source in plain.json()["results"]], "plain differs"
    assert set(api.last.json()["results"][0]) <= set(floor.json()["results"][0])
    compare(
        "api",
        "list of 50",
        api,
        "raw SQL + orjson floor",
        get(client, "/bench/floor/sources/?page_size=50"),
    )
    compare(
        "api",
        "list of 50",
        api,
        "plain ModelSerializer",
        get(client, "/bench/plain/sources/?page_size=50"),
    )
    # The same page after every record changed (an import that touched them all, a restart):
    # each record computed (research.records).
    fetch = get(client, LIST)
    records = caches[settings.RECORD_CACHE_ALIAS]

    def computed():
        records.clear()
        return fetch()

    compare(
        "api",
        "list of 50, no record cached",
        computed,
        "raw SQL + orjson floor",
        get(client, "/bench/floor/sources/?page_size=50"),
    )
    last = math.ceil(Source.objects.published().count() / 50)
    deep = min(2000, last)
    compare(
        "api",
        "deep page of 50 (page 2,000 or the last)",
        get(client, f"{LIST}&page={deep}"),
        "page 1",
        api,
        note=f"page {deep:,}",
    )

"""The researchers' /sources/ page (with its facets), with and without filters; the other
pages that gather many records (stages, chronology, the CSV export); and the archivists'
source changelist with and without a search or a stage."""

from django.test import override_settings

from catalogue.services import archivist_create
from tests.benchmarks.harness import compare, get, measure

FILTERS = [
    "language=ja&kind=telegram",
    "date_from=1924-05&date_to=1924-11",
    "stage=peking-negotiation",
    "strategy=linkage",
    "q=石油&language=ja",
]


def run(client, admin_client) -> None:
    urls = ["/sources/", *(f"/sources/?{query}" for query in FILTERS)]
    computed = {url: measure(get(client, url)) for url in urls}
    for url in urls[1:]:
        compare("pages", url, computed[url], "/sources/", computed["/sources/"])
    # As deployed: a public reader's repeated filter set finds its facet counts in the cache
    # (the warm-up run puts them there), until the data change.
    with override_settings(RESPONSE_CACHE_SECONDS=600):
        for url in urls:
            compare("pages", f"{url}, facet counts cached", get(client, url), url, computed[url])
    # Pages whose size once grew with the catalogue (every event of a stage, every source of
    # a day, every source in the CSV), each against the plain list.
    for url in (
        "/stages/",
        "/chronology/",
        "/chronology/?stage=peking-negotiation",
        "/sources/export.csv?stage=peking-final",
    ):
        compare("pages", url, get(client, url), "/sources/", computed["/sources/"])
    archivist, _ = archivist_create(username="bench-archivist", password="bench-password")
    admin_client.force_login(archivist)
    changelist = measure(get(admin_client, "/admin/catalogue/source/"))
    for query in ("q=石油", "q=Карахан", "q=oil", "stage=peking-negotiation"):
        compare(
            "admin",
            f"source changelist ?{query}",
            get(admin_client, f"/admin/catalogue/source/?{query}"),
            "changelist",
            changelist,
        )

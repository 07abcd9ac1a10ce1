"""The researchers' /sources/ page (with its facets), with and without filters, and the
archivists' source changelist with and without a search."""

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
    plain = measure(get(client, "/sources/"))
    for query in FILTERS:
        compare(
            "pages", f"/sources/?{query}", get(client, f"/sources/?{query}"), "/sources/", plain
        )
    archivist, _ = archivist_create(username="bench-archivist", password="bench-password")
    admin_client.force_login(archivist)
    changelist = measure(get(admin_client, "/admin/catalogue/source/"))
    for query in ("石油", "Карахан", "oil"):
        compare(
            "admin",
            f"source changelist ?q={query}",
            get(admin_client, "/admin/catalogue/source/", data={"q": query}),
            "changelist",
            changelist,
        )

"""OAI-PMH ListRecords: a page deep in the list (as a harvester reaches it) against the first."""

import re

from django.conf import settings
from django.core.cache import caches

from catalogue.models import Source
from research.oai.state import ResumptionState
from tests.benchmarks.harness import compare, get, measure

FIRST = "/oai?verb=ListRecords&metadataPrefix=oai_dc"


def run(client) -> None:
    first = measure(get(client, FIRST))
    token = re.search(rb"<resumptionToken[^>]*>([^<]+)<", first.last.content)
    if token is None:
        return  # one page holds everything: there is no deep page
    state = ResumptionState.from_token(token.group(1).decode(), "ListRecords")
    # Where a harvester stands after 90 % of the list: the key of the record it saw last.
    cursor = int(state.complete_size * 0.9)
    last = Source.objects.published().order_by("updated_at", "pk")[cursor - 1]
    state.after, state.cursor = (last.updated_at.isoformat(), last.pk), cursor
    deep = state.token()
    compare(
        "oai",
        "ListRecords resumed at 90 % of the list",
        get(client, "/oai", data={"verb": "ListRecords", "resumptionToken": deep}),
        "first page",
        first,
        note=f"record {cursor:,} of {state.complete_size:,}",
    )
    # A page whose records no harvester read since they changed: each one computed.
    fetch = get(client, FIRST)
    records = caches[settings.RECORD_CACHE_ALIAS]

    def computed():
        records.clear()
        return fetch()

    compare("oai", "ListRecords first page, no record cached", computed, "first page", first)

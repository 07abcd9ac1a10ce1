"""Each source's public record, computed once and kept in the server's cache until something
it shows changes: the API's record, and the metadata of its OAI-PMH record in each format.

A list page of the API is 50 records, an OAI-PMH page 100; computing them (ORM rows, their
related rows, DRF or XML) is most of what the page costs, while what the page needs to *find*
(which rows, in which order) is one narrow query. So the page reads that query, takes the
records it finds in the cache, and computes only the others.

A record is cached under its source's *stamp* (research.models.SourceRecordStamp): a token the
derived-data refresh (core.derived) renews, in the writing transaction, for every source whose
record reads a changed row. The declaration below names those rows; a test checks that it
covers every table the record's queries read. So an archivist's edit makes one source, or the
sources of one edited agent, be read afresh, while the cache of every other record holds — the
response cache (core.caching), keyed by the whole catalogue's version, cannot do that.

Why no record is ever stale: the page reads the stamps first and the records' rows after,
so a record computed for a stamp holds data at least as new as the write that set it; a write
committed meanwhile sets a new stamp, under which the record is computed again. Keys also hold
the source's creation time, so an id that SQLite hands out again after a delete never meets
the old source's record.

Only the public record is cached (what anonymous readers see); archivists, who see drafts,
read it computed. Keys hold a digest of the application's code as well: a shared cache outlives
a deploy, and a record computed by the code before it must not be read by the code after it.
"""

import hashlib
import secrets
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

from core.derived import SELF, Refresher
from research.models import SourceRecordStamp

# The rows a source's record (research.serializers.SourceSerializer) reads, by model, with the
# lookup path from the source. The stages it supports come from SourceStage rows that the
# stage-link refresh rebuilds from the same evidence, claims and events declared here; of its
# languages it shows the codes, which are their primary keys (a change is a new link: the
# source's own row).
RECORD_DEPENDS_ON = {
    "catalogue.Source": SELF,
    "catalogue.Series": ("series", "series__parent"),
    "catalogue.Repository": "series__repository",
    "catalogue.SourceAgent": "source_agents",
    "catalogue.Agent": "agents",
    "catalogue.AgentName": "agents__names",
    "catalogue.SourceDate": "dates",
    "catalogue.SourceIdentifier": "identifiers",
    "negotiations.EventSource": "event_sources",
    "negotiations.Event": "event_sources__event",
    "negotiations.Evidence": "evidence",
    "negotiations.Claim": "evidence__claim",
    "negotiations.Stage": (
        "stage_links__stage",
        "event_sources__event__stage",
        "evidence__claim__stages",
    ),
}


def record_stamps_renew(sources) -> int:
    """Give these sources a new stamp (one token for the batch: keys hold the id as well);
    returns how many."""
    token = secrets.randbits(62)
    stamps = [
        SourceRecordStamp(source_id=pk, token=token)
        for pk in sources.order_by().values_list("pk", flat=True)
    ]
    SourceRecordStamp.objects.bulk_create(
        stamps, update_conflicts=True, unique_fields=["source"], update_fields=["token"]
    )
    return len(stamps)


def record_refreshers() -> list[Refresher]:
    """The stamps as derived data (registered in the app's ready())."""
    from catalogue.models import Source

    return [
        Refresher(
            name="record_stamp",
            target=Source,
            depends_on=RECORD_DEPENDS_ON,
            refresh=record_stamps_renew,
        )
    ]


def records_cached() -> bool:
    return settings.RECORD_CACHE_SECONDS > 0


def with_record_keys(sources, *fields: str):
    """`sources` (filtered and ordered, as a list shows them) narrowed to what finds their
    cached records, id and creation time, and the `fields` the list reads besides. A page of it
    is one query without the related rows (their stamps are read for the page alone: as a
    column of this query, PostgreSQL looked one up for every match before sorting them)."""
    return sources.select_related(None).prefetch_related(None).only("pk", "created_at", *fields)


def cached_records(page, compute: Callable[[list[int]], dict], variant: str = "api") -> list:
    """The records of `page` (rows of with_record_keys()), in its order: those cached as they
    are, the others from `compute(ids)` (id → record), which are then kept. `variant` names
    the form of record (the API's, an OAI-PMH format) and whatever else it depends on."""
    if not records_cached():
        computed = compute([source.pk for source in page])
        return [computed[source.pk] for source in page]
    # Read after the page and before any record's rows: a record computed below holds data at
    # least as new as the stamp it is kept under.
    tokens = dict(
        SourceRecordStamp.objects.filter(source__in=[source.pk for source in page]).values_list(
            "source", "token"
        )
    )
    store = caches[settings.RECORD_CACHE_ALIAS]
    variant = f"{_code_digest()}:{variant}"
    keys = {source.pk: _key(source, tokens.get(source.pk), variant) for source in page}
    found = store.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        computed = {keys[pk]: record for pk, record in compute(missing).items()}
        store.set_many(computed, settings.RECORD_CACHE_SECONDS)
        found.update(computed)
    return [found[keys[source.pk]] for source in page]


def _key(source, token, variant: str) -> str:
    created = int(source.created_at.timestamp() * 1_000_000)
    return f"{variant}:{source.pk}:{created}:{token}"


# The packages whose code computes a record (the serializers, citations, OAI writers and what
# they import all live in them).
CODE_PACKAGES = ("config", "core", "catalogue", "negotiations", "research")


@cache
def _code_digest() -> str:
    """A digest of the application's Python code, read once per process (~100 files)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for package in CODE_PACKAGES:
        for path in sorted((base / package).rglob("*.py")):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]

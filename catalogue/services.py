from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify

from catalogue.querysets import language_codes_key
from catalogue.tei import FrusVolume, parse_frus_volume
from core.batching import batches
from core.derived import derived_refresh
from core.history import history_bulk_create
from core.models import DATE_COLUMNS, date_columns
from core.text import normalise

ARCHIVED_APPS = ("catalogue", "negotiations")


def archivist_group_ensure(*, using: str = "default") -> Group:
    """The archivists' group, with every permission on the catalogue's and analysis' records."""
    with transaction.atomic(using=using):
        group, _ = Group.objects.using(using).get_or_create(name=settings.ARCHIVIST_GROUP)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label__in=ARCHIVED_APPS
        )
        group.permissions.set(permissions)
    return group


@transaction.atomic
def archivist_create(*, username: str, password: str, email: str = "") -> tuple[object, bool]:
    """Create or reset a staff user in the archivists' group; returns (user, created)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"email": email, "is_staff": True}
    )
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(archivist_group_ensure())
    return user, created


# --- A source's other dates -------------------------------------------------------------------

SOURCE_DATE_FIELDS = ("role", *DATE_COLUMNS, "time", "note")


def _date_key(row) -> tuple:
    get = row.get if isinstance(row, dict) else lambda name, default=None: getattr(row, name)
    return tuple(get(name, None) or None for name in SOURCE_DATE_FIELDS)


@transaction.atomic
def source_dates_set(*, source, dates: list[dict]) -> bool:
    """Make the source's other dates exactly `dates` (dicts of SourceDate fields): the same dates
    again write nothing (their history stays quiet), other dates replace the stored rows.
    Returns whether anything changed."""
    from catalogue.models import SourceDate

    current = list(source.dates.all())
    if sorted(map(_date_key, current), key=repr) == sorted(map(_date_key, dates), key=repr):
        return False
    for row in current:
        row.delete()
    history_bulk_create(SourceDate, [SourceDate(source=source, **row) for row in dates])
    return True


# --- FRUS TEI import ---------------------------------------------------------------------------

FRUS_REPOSITORY = {
    "slug": "us-office-of-the-historian",
    "name": "Office of the Historian, U.S. Department of State",
    "name_en": "Office of the Historian, U.S. Department of State",
    "url": "https://history.state.gov/",
}
FRUS_SERIES = {
    "slug": "frus",
    "kind": "published_series",
    "title": "Foreign Relations of the United States",
    "title_en": "Foreign Relations of the United States",
    "abbreviation": "FRUS",
}
FRUS_DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{volume}/{document}"
# What an import writes on a source; everything else (languages aside) is the archivist's.
FRUS_SOURCE_FIELDS = (
    "series",
    "number",
    "pages",
    "kind",
    "title",
    "title_en",
    "summary",
    "external_id",
    "url",
    "note",
    *DATE_COLUMNS,
)
FRUS_ROLES = {"from": "author", "to": "recipient"}


@dataclass
class FrusImportReport:
    """What one file's import did: counts by outcome, with the reason for every skip."""

    volume_id: str
    series: object
    total: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    agents_created: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.volume_id}: {self.total} documents — {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped; {len(self.agents_created)} new agents"
        )


def frus_volume_import(
    *,
    source: str | Path | bytes | IO[bytes],
    publish: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> FrusImportReport:
    """Import one FRUS TEI volume: a Series, a Source per document, its agents; idempotent.

    The file is read completely before anything is written, and the writes are one transaction:
    a file that is not a FRUS volume (TEIError) or fails half way leaves the database as it was.
    """
    volume = parse_frus_volume(source)
    return _frus_volume_write(volume=volume, publish=publish, progress=progress)


@transaction.atomic
def _frus_volume_write(*, volume: FrusVolume, publish: bool, progress) -> FrusImportReport:
    from catalogue.models import Agent, Language, Source, SourceAgent

    series = _frus_series_ensure(volume)
    report = FrusImportReport(volume_id=volume.volume_id, series=series)
    report.total = len(volume.documents) + len(volume.skipped)
    report.skipped = [(s.ref, s.reason) for s in volume.skipped]
    english, _ = Language.objects.get_or_create(
        code="en", defaults={"name": "English", "name_ja": "英語"}
    )
    agents = _FrusAgents()
    touched = []
    # The file's documents by their external ids, which the unique index on external_id finds
    # (a prefix match read the whole table); it leaves out the empty ones, and so must the
    # query for PostgreSQL to use it.
    stored = Source.objects.filter(
        external_id__in=[f"{volume.volume_id}/{document.xml_id}" for document in volume.documents]
    ).exclude(external_id="")
    existing = {
        source.external_id: source
        for source in stored.prefetch_related("languages", "source_agents")
    }
    lookups = _FrusSeriesSources(series)
    transmission = {
        f"{volume.volume_id}/{document.xml_id}": _frus_date_rows(document)
        for document in volume.documents
    }
    new: list[tuple] = []  # sources to create, with their agents, written in batches
    new_keys: set[tuple[str, str]] = set()  # their (number, pages)

    dated: dict[int, tuple[str, list[dict]]] = {}  # source id → (xml:id, its sent/received)
    created_pks: list[int] = []

    def create_new():
        for source, wanted in new:
            # The agents as source.agents.all() lists them (one per link, by slug), each with
            # its names: the search text is complete when the row is first written, and no
            # refresh has to read and rewrite the new rows.
            linked = sorted((agent for agent, _role, _order in wanted), key=lambda a: a.slug)
            source.__dict__.setdefault("_prefetched_objects_cache", {})["agents"] = linked
            # The language link written below, stored as the refresh would store it.
            source.language_codes = language_codes_key([english.pk])
        created = history_bulk_create(Source, [row[0] for row in new])
        for obj in created:
            dated[obj.pk] = (obj.external_id.rsplit("/", 1)[-1], transmission[obj.external_id])
        Source.languages.through.objects.bulk_create(
            Source.languages.through(source_id=obj.pk, language_id=english.pk) for obj in created
        )
        SourceAgent.objects.bulk_create(
            SourceAgent(source_id=obj.pk, agent=agent, role=role, order=order)
            for obj, (_, wanted) in zip(created, new, strict=True)
            for agent, role, order in wanted
        )
        for obj in created:
            lookups.add(obj)
            created_pks.append(obj.pk)
        new.clear()
        new_keys.clear()

    for done, document in enumerate(volume.documents, start=1):
        external_id = f"{volume.volume_id}/{document.xml_id}"
        values = _frus_source_values(volume, document, series, external_id)
        wanted_agents = [
            (agents.resolve(agent), FRUS_ROLES[agent.role], order)
            for order, agent in enumerate(document.agents)
        ]
        if (document.number, document.pages) in new_keys:
            create_new()  # a clash with a document of this file needs its row
        source = existing.get(external_id) or lookups.unclaimed(document.number)
        clash = lookups.clash(document.number, document.pages, source)
        if clash is not None:
            report.skipped.append(
                (
                    document.xml_id,
                    f"source #{clash.pk} ({clash.external_id or 'no external id'}) already has "
                    f"number {document.number}, pages {document.pages} in {series.slug}",
                )
            )
            continue
        report.warnings.extend((document.xml_id, warning) for warning in document.warnings)
        if source is None:
            source = Source(**values, status="published" if publish else "draft")
            new.append((source, _unique_roles(wanted_agents)))
            new_keys.add((source.number, source.pages))
            report.created.append(document.xml_id)
            if len(new) >= 500:
                create_new()
        else:
            changed = [
                name
                for name in FRUS_SOURCE_FIELDS
                if (source.series_id if name == "series" else getattr(source, name))
                != (series.pk if name == "series" else values[name])
            ]
            for name in changed:
                setattr(source, name, values[name])
            if publish and source.status != "published":
                source.status = "published"
                changed.append("status")
            if changed:
                source.save()
                lookups.saved(source)
            if english not in source.languages.all():
                source.languages.add(english)
                changed.append("languages")
            if _frus_agents_sync(source, _unique_roles(wanted_agents)):
                changed.append("agents")
            (report.updated if changed else report.unchanged).append(document.xml_id)
            dated[source.pk] = (document.xml_id, transmission[external_id])
            if changed:
                touched.append(source.pk)
        if progress:
            progress(done, len(volume.documents))
    if new:
        create_new()
    for xml_id in _frus_dates_sync(dated, created=set(created_pks)):
        if xml_id in report.unchanged:
            report.unchanged.remove(xml_id)
            report.updated.append(xml_id)
    # The new agents' names were written after the agents: their text is built now. The new
    # sources' text already holds their agents' names (create_new); their side follows their
    # authors, linked after the rows were written; no other row reads the new ones yet. What
    # reads the changed sources is refreshed as for any write.
    Agent.objects.filter(pk__in=[agent.pk for agent in agents.created]).refresh_search_text()
    for chunk in batches(created_pks):
        Source.objects.filter(pk__in=chunk).refresh_side()
    derived_refresh(Source, touched)
    report.agents_created = agents.created_names
    return report


def _frus_date_rows(document) -> list[dict]:
    """The sent and received dates the file gives a document, as SourceDate fields."""
    return [
        {
            "role": found.role,
            **date_columns(found.date),
            "time": found.time,
            "note": found.place[:255],
        }
        for found in document.transmission
    ]


def _frus_dates_sync(dated: dict[int, tuple[str, list[dict]]], created: set[int]) -> list[str]:
    """Make the sent and received dates of the imported sources the file's, in a fixed number
    of queries per 500 sources; written and published dates are the archivist's and are left
    alone. The sources `created` by this import have none stored yet. Returns the xml:ids of
    the documents whose dates changed."""
    from catalogue.models import SourceDate

    roles = (SourceDate.Role.SENT, SourceDate.Role.RECEIVED)
    ids, changed = sorted(dated), []
    for chunk in batches(ids, 500):
        stored: dict[int, list] = {pk: [] for pk in chunk}
        if read := [pk for pk in chunk if pk not in created]:
            for row in SourceDate.objects.filter(source_id__in=read, role__in=roles):
                stored[row.source_id].append(row)
        stale, fresh = [], []
        for pk in chunk:
            xml_id, wanted = dated[pk]
            have = sorted(map(_date_key, stored[pk]), key=repr)
            if have == sorted(map(_date_key, wanted), key=repr):
                continue
            changed.append(xml_id)
            stale += stored[pk]
            fresh += [SourceDate(source_id=pk, **row) for row in wanted]
        if stale:
            # One delete; simple_history writes a row per removed date, which only a corrected
            # file causes.
            SourceDate.objects.filter(pk__in=[row.pk for row in stale]).delete()
        history_bulk_create(SourceDate, fresh)
    return changed


def _frus_series_ensure(volume: FrusVolume):
    """The volume's Series under FRUS in the Office of the Historian; created only if missing."""
    from catalogue.models import Repository, Series

    repository = Repository.objects.filter(slug=FRUS_REPOSITORY["slug"]).first()
    if repository is None:
        repository = Repository.objects.create(**FRUS_REPOSITORY)
    parent = Series.objects.filter(slug=FRUS_SERIES["slug"]).first()
    if parent is None:
        parent = Series.objects.create(repository=repository, **FRUS_SERIES)
    series = Series.objects.filter(slug=volume.volume_id).first()
    if series is None:
        published = ", ".join(p for p in (volume.pub_place, volume.publisher) if p)
        series = Series.objects.create(
            repository=repository,
            parent=parent,
            slug=volume.volume_id,
            kind="volume",
            title=volume.title[:255],
            title_en=volume.title[:255],
            abbreviation="FRUS",
            year=volume.year,
            published=f"{published}, {volume.pub_date}".strip(", ")[:255],
        )
    return series


def _frus_source_values(volume, document, series, external_id: str) -> dict:
    date = document.date
    note = [f"FRUS source note: {document.source_note}"] if document.source_note else []
    if document.dateline:
        note.append(f"Dateline: {document.dateline}")
    note += [f"{kind.capitalize() or 'Division'}: {head}" for kind, head in document.headings]
    return {
        "series": series,
        "number": document.number[:64],
        "pages": document.pages[:64],
        "kind": document.kind,
        "title": document.title[:500],
        "title_en": document.title[:500],
        "summary": document.summary,
        "external_id": external_id,
        "url": FRUS_DOCUMENT_URL.format(volume=volume.volume_id, document=document.xml_id),
        "note": "\n".join(note),
        **date_columns(date),
        "date_original": date.original[:100] if date else "",
    }


class _FrusSeriesSources:
    """The volume's numbered sources, read once: which (number, pages) are taken (a clash skips
    the document) and which were typed in by hand before any import (same number, no external
    id: the import claims them). Kept current as the import writes; by number, since a volume
    of 2,000 documents would otherwise look through all its rows for each."""

    def __init__(self, series):
        from catalogue.models import Source

        numbered = Source.objects.filter(series=series).exclude(number="")
        self.by_number: dict[str, list] = {}
        self.number_of: dict[int, str] = {}  # what each row is filed under
        for source in numbered.prefetch_related("languages", "source_agents"):
            self.add(source)

    def unclaimed(self, number: str):
        rows = self.by_number.get(number, ()) if number else ()
        return next((s for s in rows if not s.external_id), None)

    def clash(self, number: str, pages: str, source):
        rows = self.by_number.get(number, ()) if number else ()
        skip = source.pk if source else None
        return next((s for s in rows if s.pages == pages and s.pk != skip), None)

    def add(self, source) -> None:
        if source.number:
            self.by_number.setdefault(source.number, []).append(source)
            self.number_of[source.pk] = source.number

    def saved(self, source) -> None:
        """`source` was saved with new values: it replaces its row (or joins the rows)."""
        if (number := self.number_of.pop(source.pk, None)) is not None:
            self.by_number[number] = [s for s in self.by_number[number] if s.pk != source.pk]
        self.add(source)


def _unique_roles(wanted: list) -> list:
    seen, unique = set(), []
    for agent, role, order in wanted:
        if (agent.pk, role) not in seen:
            seen.add((agent.pk, role))
            unique.append((agent, role, order))
    return unique


def _frus_agents_sync(source, wanted: list) -> bool:
    """Make the source's senders and recipients the file's; mentioned agents are left alone."""
    from catalogue.models import SourceAgent

    roles = set(FRUS_ROLES.values())
    current = sorted(
        (row.agent_id, row.role, row.order)
        for row in source.source_agents.all()
        if row.role in roles
    )
    if current == sorted((agent.pk, role, order) for agent, role, order in wanted):
        return False
    SourceAgent.objects.filter(source=source, role__in=roles).delete()
    SourceAgent.objects.bulk_create(
        SourceAgent(source=source, agent=agent, role=role, order=order)
        for agent, role, order in wanted
    )
    return True


class _FrusAgents:
    """Finds an agent by any of its names (normalised), creating one with an English name."""

    def __init__(self):
        from catalogue.models import AgentName

        self.by_name: dict[str, int] = {}
        for agent_id, value in AgentName.objects.order_by("agent_id").values_list(
            "agent_id", "value"
        ):
            self.by_name.setdefault(normalise(value), agent_id)
        self.cache: dict[int, object] = {}
        self.created: list = []

    @property
    def created_names(self) -> list[str]:
        return [str(agent) for agent in self.created]

    def resolve(self, document_agent):
        from catalogue.models import Agent, AgentName

        key = normalise(document_agent.name)
        agent_id = self.by_name.get(key)
        if agent_id is not None:
            if agent_id not in self.cache:
                # With its names: the search text of the sources it is linked to reads them.
                self.cache[agent_id] = Agent.objects.prefetch_related("names").get(pk=agent_id)
            return self.cache[agent_id]
        kind = "person" if document_agent.kind == "person" else "organisation"
        agent = Agent.objects.create(slug=_agent_slug(document_agent.name), kind=kind)
        name = AgentName.objects.create(
            agent=agent,
            value=document_agent.name,
            language="en",
            script=AgentName.Script.LATIN,
            preferred=True,
        )
        agent.__dict__.setdefault("_prefetched_objects_cache", {})["names"] = [name]
        self.by_name[key] = agent.pk
        self.cache[agent.pk] = agent
        self.created.append(agent)
        return agent


def _agent_slug(name: str) -> str:
    from catalogue.models import Agent

    base = slugify(name)[:70] or "agent"
    slug, n = base, 1
    while Agent.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug

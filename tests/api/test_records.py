"""The cache of public source records (research.records): a list page finds its rows with one
narrow query and computes only the records not cached; whatever a record shows, once changed
the way the write paths change it, is read afresh, and nothing else is."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Source
from core.derived import SELF, derived_deleting, derived_refresh
from research import records
from research.records import RECORD_DEPENDS_ON
from tests import factories as f
from tests.admin_forms import form_data

LIST = "/api/v1/sources/?page_size=50"


def linked_source(**kwargs):
    """A published source with something of every kind its record shows."""
    source = f.SourceFactory(**kwargs)
    agent = f.AgentFactory()
    f.AgentNameFactory(agent=agent, value="芳沢謙吉", language="ja")
    f.SourceAgentFactory(source=source, agent=agent)
    f.SourceDateFactory(source=source, role="received")
    f.SourceIdentifierFactory(source=source)
    claim = f.EvidenceFactory(source=source).claim
    claim.stages.add(f.StageFactory())
    link = f.EventSourceFactory(source=source)
    derived_refresh([claim, link])
    return source


def computed(client, settings_fixture, url=LIST) -> list[dict]:
    """The list as computed, without the cache."""
    seconds = settings_fixture.RECORD_CACHE_SECONDS
    settings_fixture.RECORD_CACHE_SECONDS = 0
    try:
        return client.get(url).json()["results"]
    finally:
        settings_fixture.RECORD_CACHE_SECONDS = seconds


def table_labels() -> dict[str, str]:
    """Database table → the label of the model a write path names for it (a many-to-many
    table Django made belongs to the model that declares the field)."""
    labels = {}
    for model in apps.get_models(include_auto_created=True):
        owner = model
        if model._meta.auto_created:
            owner = model._meta.auto_created
        labels[model._meta.db_table] = owner._meta.label
    return labels


# Every form of record the cache keeps: the API's, and OAI-PMH's in each metadata format.
RECORD_FORMS = [
    LIST,
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai?verb=ListRecords&metadataPrefix=mods",
]


@pytest.mark.parametrize("url", RECORD_FORMS)
def test_the_declaration_covers_every_table_a_record_reads(api_client, settings, url):
    """Every table the computed records read is declared, so that a change to any of its rows
    renews the stamps of the sources that show it. Two are not: the stamps themselves, and the
    stage links, which the stage-link refresh rebuilds from rows declared here (evidence,
    claims, events, stages); languages show only their code, which is their primary key."""
    linked_source()
    settings.RECORD_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(url).status_code == 200
    tables = table_labels()
    read = {
        tables[name]
        for query in queries.captured_queries
        for name in re.findall(r'"(\w+)"', query["sql"])
        if name in tables
    }
    exempt = {"research.SourceRecordStamp", "negotiations.SourceStage", "catalogue.Language"}
    assert "catalogue.AgentName" in read  # it did read what a record shows
    assert read - exempt <= set(RECORD_DEPENDS_ON)


def test_every_declared_path_leads_from_a_source(db):
    for paths in RECORD_DEPENDS_ON.values():
        for path in (paths,) if isinstance(paths, str) else paths:
            if path != SELF:
                assert not Source.objects.filter(**{f"{path}__in": []}).exists()


def test_a_second_read_computes_no_record(api_client, django_assert_num_queries):
    for _ in range(3):
        linked_source()
    first = api_client.get(LIST)

    with django_assert_num_queries(3):  # count; ids of the page; their stamps
        again = api_client.get(LIST)

    assert again.json() == first.json()
    assert len(first.json()["results"]) == 3


def _rename(row, field="title", value="改めた"):
    setattr(row, field, value)
    row.save()
    derived_refresh([row])


# What each declared kind of row changes in a record, changed as the write paths change it
# (a save, then core.derived), and what the record then shows.
EDITS = {
    "catalogue.Source": lambda s: _rename(s, "summary", "改めた"),
    "catalogue.Series": lambda s: _rename(s.series, "title_en", "Renamed series"),
    "catalogue.Repository": lambda s: _rename(s.series.repository, "name_en", "Renamed archive"),
    "catalogue.SourceAgent": lambda s: _rename(s.source_agents.get(), "role", "recipient"),
    "catalogue.Agent": lambda s: _rename(s.agents.get(), "slug", "yoshizawa-kenkichi"),
    "catalogue.AgentName": lambda s: _rename(s.agents.get().names.get(), "value", "芳澤謙吉"),
    "catalogue.SourceDate": lambda s: _rename(s.dates.get(), "note", "受信"),
    "catalogue.SourceIdentifier": lambda s: _rename(s.identifiers.get(), "value", "B03051000000"),
    "negotiations.Event": lambda s: _rename(s.events.get(), "status", "draft"),
    "negotiations.EventSource": lambda s: _unlink(s.event_sources.get()),
    "negotiations.Claim": lambda s: _rename(s.claims.get(), "status", "draft"),
    "negotiations.Evidence": lambda s: _rename(
        s.evidence.get(), "claim", f.ClaimFactory(status="published")
    ),
    "negotiations.Stage": lambda s: _rename(s.claims.get().stages.get(), "slug", "renamed-stage"),
}


def _unlink(link):
    with derived_deleting([link]):
        link.delete()


def test_every_declared_kind_of_row_has_an_edit_below():
    assert set(EDITS) == set(RECORD_DEPENDS_ON) - {"catalogue.Language"}


@pytest.mark.parametrize("label", sorted(EDITS))
def test_a_change_to_what_a_record_shows_is_read_afresh(api_client, settings, label):
    source, other = linked_source(), linked_source()
    before = api_client.get(LIST).json()["results"]

    EDITS[label](Source.objects.get(pk=source.pk))
    after = api_client.get(LIST).json()["results"]

    assert after == computed(api_client, settings)
    by_id = {record["id"]: record for record in after}
    assert by_id[source.pk] != next(r for r in before if r["id"] == source.pk)
    assert by_id[other.pk] == next(r for r in before if r["id"] == other.pk)


@pytest.mark.parametrize("prefix", ["oai_dc", "mods"])
@pytest.mark.parametrize("label", sorted(EDITS))
def test_oai_records_follow_every_change(db, client, settings, label, prefix):
    source = linked_source()
    linked_source()
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    client.get("/oai", params)

    EDITS[label](Source.objects.get(pk=source.pk))
    cached = client.get("/oai", params).content
    settings.RECORD_CACHE_SECONDS = 0
    computed = client.get("/oai", params).content

    def without_date(content):
        return re.sub(rb"<responseDate>[^<]*</responseDate>", b"", content)

    assert without_date(cached) == without_date(computed)


def test_an_api_edit_recomputes_that_record_alone(
    api_client, archivist_api_client, settings, django_assert_num_queries
):
    sources = [linked_source() for _ in range(3)]
    api_client.get(LIST)
    edited = sources[1]
    etag = archivist_api_client.get(f"/api/v1/sources/{edited.pk}/")["ETag"]
    response = archivist_api_client.patch(
        f"/api/v1/sources/{edited.pk}/",
        {"pages": "464"},
        format="json",
        headers={"If-Match": etag},
    )
    assert response.status_code == 200

    with CaptureQueriesContext(connection) as queries:
        records = api_client.get(LIST).json()["results"]
    # The sources read in full: the edited one only (read before another request clears the
    # connection's log of queries).
    loads = [q["sql"] for q in queries.captured_queries if '"catalogue_source"."title"' in q["sql"]]

    assert [r["pages"] for r in records if r["id"] == edited.pk] == ["464"]
    assert records == computed(api_client, settings)
    assert len(loads) == 1
    assert re.search(rf"IN \({edited.pk}\)", loads[0])


def test_admin_edits_are_read_afresh(api_client, archivist_client, settings):
    """The archivist's task end to end: a name corrected on the agent's admin page, then a
    claim taken back to draft on its own, each shows in the next public page."""
    source = linked_source()
    api_client.get(LIST)
    agent = source.agents.get()
    url = reverse("admin:catalogue_agent_change", args=[agent.pk])
    page = archivist_client.get(url)
    name_field = next(
        key for key, value in form_data(page, "agent_form").items() if value == ["芳沢謙吉"]
    )
    data = form_data(page, "agent_form", **{name_field: "芳澤謙吉"})
    assert archivist_client.post(url, data).status_code == 302

    names = api_client.get(LIST).json()["results"][0]["agents"][0]["preferred_names"]
    assert "芳澤謙吉" in names.values()

    claim = source.claims.get()
    claim_stage = claim.stages.get().slug
    assert claim_stage in api_client.get(LIST).json()["results"][0]["stages"]
    url = reverse("admin:negotiations_claim_change", args=[claim.pk])
    data = form_data(archivist_client.get(url), "claim_form", status="draft")
    assert archivist_client.post(url, data).status_code == 302

    records = api_client.get(LIST).json()["results"]
    assert records[0]["claims"] == [] and claim_stage not in records[0]["stages"]
    assert records == computed(api_client, settings)


def test_archivists_read_computed_records_and_leave_the_cache_alone(
    api_client, archivist_api_client
):
    source = linked_source()
    draft = f.EventFactory(status="draft")
    derived_refresh([f.EventSourceFactory(source=source, event=draft)])
    public = api_client.get(LIST).json()["results"]

    seen = archivist_api_client.get(LIST).json()["results"]

    assert draft.pk in seen[0]["events"]
    assert draft.pk not in public[0]["events"]
    assert api_client.get(LIST).json()["results"] == public


def test_a_reused_id_never_meets_the_old_record(api_client):
    """SQLite hands out the id of a deleted last row again."""
    old = f.SourceFactory(title="削除された史料")
    api_client.get(LIST)
    pk = old.pk
    with derived_deleting([old]):
        old.delete()

    f.SourceFactory(pk=pk, title="新しい史料")

    assert [r["title"] for r in api_client.get(LIST).json()["results"]] == ["新しい史料"]


def test_records_of_other_code_are_never_read(api_client, monkeypatch):
    """A shared cache outlives a deploy: the records the code before it computed are not read
    by the code after it."""
    linked_source()
    api_client.get(LIST)
    monkeypatch.setattr(records, "_code_digest", lambda: "another-release")

    with CaptureQueriesContext(connection) as queries:
        api_client.get(LIST)

    assert any('"catalogue_source"."title"' in q["sql"] for q in queries.captured_queries)


def test_records_are_kept_in_their_own_cache(api_client):
    linked_source()
    cache = caches[settings.RECORD_CACHE_ALIAS]
    cache.clear()

    api_client.get(LIST)

    assert len(cache._cache) == 1  # noqa: SLF001 (the local-memory backend's store)

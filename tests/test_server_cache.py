"""The server's cache of anonymous reads, keyed by the data version the database keeps.

These tests commit their writes (transactional_db): the version changes when a writing
transaction commits, which a test inside one never-committed transaction would not see.
"""

import time

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalogue.models import Source
from core.changes import data_version, watched_tables
from core.derived import derived_refresh
from tests import factories as f


@pytest.fixture
def response_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    caches[settings.RESPONSE_CACHE_ALIAS].clear()
    yield
    caches[settings.RESPONSE_CACHE_ALIAS].clear()


def test_every_table_of_the_catalogue_and_the_analysis_is_watched(db):
    tables = {
        model._meta.db_table
        for label in ("catalogue", "negotiations")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    assert {"catalogue_source", "negotiations_evidence", "catalogue_source_languages"} <= tables
    assert tables - watched_tables() == set()


def test_a_committed_write_of_any_kind_changes_the_version_a_rolled_back_one_does_not(
    transactional_db,
):
    source = f.SourceFactory()
    before = data_version()

    Source.objects.filter(pk=source.pk).update(title="Bulk")  # no signal, no save()
    after_update = data_version()
    assert after_update > before

    with connection.cursor() as cursor:  # hand-written SQL
        cursor.execute("UPDATE catalogue_source SET title = 'Raw' WHERE id = %s", [source.pk])
    assert data_version() > after_update

    settled = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(title="Undone")
        raise RuntimeError
    assert data_version() == settled

    with transaction.atomic():
        for n in range(3):
            Source.objects.filter(pk=source.pk).update(title=f"Step {n}")
    if connection.vendor == "postgresql":
        # Many statements, one commit: one step, taken at the commit.
        assert data_version() == settled + 1
    else:
        assert data_version() > settled


def test_an_anonymous_api_read_is_served_from_the_cache_until_the_data_change(
    transactional_db, client, response_cache, django_assert_num_queries
):
    source = f.SourceFactory(title="Before")
    url = "/api/v1/sources/?page_size=50"
    first = client.get(url)
    assert first.status_code == 200 and "public" in first["Cache-Control"]

    with django_assert_num_queries(1):  # the data version
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # As a bulk import writes: no signal, then the derived data of the rows it wrote.
    Source.objects.filter(pk=source.pk).update(title="After")
    derived_refresh(Source, [source.pk])
    changed = client.get(url)
    assert [row["title"] for row in changed.json()["results"]] == ["After"]


def test_an_answer_is_kept_no_longer_than_its_max_age(transactional_db, client, settings):
    """An OAI-PMH answer carries its date and its token's expiry: the server keeps it no
    longer than browsers and shared caches may."""
    settings.RESPONSE_CACHE_SECONDS, settings.HTTP_CACHE_MAX_AGE = 600, 30
    cache = caches[settings.RESPONSE_CACHE_ALIAS]
    cache.clear()
    f.SourceFactory()
    client.get("/oai?verb=Identify")
    expiries = [
        expiry - time.time()
        for key, expiry in cache._expire_info.items()  # noqa: SLF001
        if "cache_page" in key
    ]
    assert expiries and all(0 < left <= 30 for left in expiries)
    cache.clear()

    settings.HTTP_CACHE_MAX_AGE = 0  # no one may keep it: nor does the server
    client.get("/oai?verb=Identify")
    assert not [key for key in cache._cache if "cache_page" in key]  # noqa: SLF001


def test_oai_answers_are_cached_like_the_api(
    transactional_db, client, response_cache, django_assert_num_queries
):
    f.SourceFactory()
    url = "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url).content == first.content


def test_the_sources_page_keeps_its_facet_counts_until_the_data_change(
    transactional_db, client, response_cache
):
    """The page itself sets a cookie and is never cached whole; its facet counts are."""

    def facets(query=""):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/sources/{query}")
        counted = {
            facet.param: {value.value: value.count for value in facet.values}
            for facet in response.context["facets"]
        }
        return counted, len(queries)

    f.SourceFactory(kind=Source.Kind.TELEGRAM)
    first, counting = facets()
    again, cached = facets()
    assert again == first and first["kind"] == {"telegram": 1}
    # The (series, kind, side, languages) grouping, stages, strategies: not asked again.
    assert cached <= counting - 3

    f.SourceFactory(kind=Source.Kind.NOTE)
    after, _queries = facets()
    assert after["kind"] == {"telegram": 1, "note": 1}

    narrowed, _queries = facets("?kind=note")  # another filter set: its own counts
    assert narrowed["kind"] == after["kind"] and narrowed["series"] != after["series"]


def test_signed_in_reads_errors_and_pages_with_cookies_are_never_cached(
    transactional_db, client, archivist_client, response_cache, django_assert_max_num_queries
):
    f.SourceFactory()
    cache = caches["responses"]
    archivist_client.get("/api/v1/sources/")
    client.get("/api/v1/sources/?language=martian")  # a 400
    client.get("/sources/")  # sets the language form's CSRF cookie: private
    client.get("/api/v1/sources/", HTTP_AUTHORIZATION="Token nothing")
    # (The sources page's facet counts are kept: they are the same for every public reader.)
    kept = [key for key in cache._cache if "views.decorators.cache" in key]  # noqa: SLF001
    assert kept == []


def test_without_the_setting_nothing_is_cached(transactional_db, client, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    f.SourceFactory()
    client.get("/api/v1/sources/")
    assert caches["responses"]._cache == {}  # noqa: SLF001


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_long_writing_transaction_holds_up_no_other_writer(transactional_db):
    """The version row is locked only while a transaction commits: an import still running
    does not make an archivist's save wait for it."""
    import psycopg

    first, second = f.SourceFactory(), f.SourceFactory()
    settings_dict = connection.settings_dict
    params = {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "dbname": settings_dict["NAME"],
    }
    before = data_version()
    with psycopg.connect(**params) as importing, psycopg.connect(**params) as saving:
        importing.execute("UPDATE catalogue_source SET title = 'import' WHERE id = %s", [first.pk])
        saving.execute("SET lock_timeout = '2s'")
        saving.execute("UPDATE catalogue_source SET title = 'save' WHERE id = %s", [second.pk])
        saving.commit()  # would fail on the lock timeout if the importer held the version row
        assert data_version() == before + 1
        importing.commit()
    assert data_version() == before + 2


def test_a_liveness_probe_does_not_ask_for_the_data_version(
    transactional_db, client, response_cache, django_assert_num_queries
):
    """A liveness probe must answer without the database."""
    with django_assert_num_queries(0):
        assert client.get("/livez").status_code == 200

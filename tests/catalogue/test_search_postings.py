"""Sources' gram postings (PostgreSQL): kept by triggers on every write, and counting a search of
short kana/kanji words without reading the sources table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Source
from core.bulk_load import search_structures_deferred
from core.derived import derived_refresh
from research.corpus import corpus_generate
from tests.factories import AgentFactory, AgentNameFactory, SourceFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def postings(source_id: int) -> tuple[set, set]:
    """A source's postings (gram, published) and what its text and status say they must be."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gram, published FROM catalogue_source_gram WHERE row_id = %s", [source_id]
        )
        held = set(cursor.fetchall())
        cursor.execute(
            "SELECT g, status = 'published' FROM catalogue_source, "
            "unnest(kosho_grams(search_text)) g WHERE id = %s",
            [source_id],
        )
        return held, set(cursor.fetchall())


def assert_postings_follow(*sources: Source) -> None:
    for source in sources:
        held, expected = postings(source.pk)
        assert held == expected


def test_postings_follow_inserts_edits_status_and_deletes(db):
    source = SourceFactory(title="日露交渉")
    assert ("交渉", True) in postings(source.pk)[0]
    assert_postings_follow(source)

    source.title = "北樺太石油"
    source.save()
    held, _ = postings(source.pk)
    assert ("石油", True) in held and not any(gram == "交渉" for gram, _ in held)
    assert_postings_follow(source)

    Source.objects.filter(pk=source.pk).update(status="draft")
    assert ("石油", False) in postings(source.pk)[0]
    assert_postings_follow(source)

    source_id = source.pk
    source.delete()
    assert postings(source_id)[0] == set()
    assert all_postings_follow()


def test_postings_follow_the_bulk_paths(db):
    first, second = SourceFactory(title="交渉"), SourceFactory(title="露国")
    first.title, second.title = "石油", "樺太"
    Source.objects.bulk_update([first, second], ["title"])
    assert_postings_follow(first, second)
    assert ("樺太", True) in postings(second.pk)[0]

    created = Source.objects.bulk_create(
        [Source(series=first.series, title=f"北京会議 {n}", status="published") for n in range(3)]
    )
    assert_postings_follow(*created)
    assert ("会議", True) in postings(created[0].pk)[0]
    assert all_postings_follow()


def test_updates_that_leave_text_and_status_leave_the_postings(db):
    source = SourceFactory(title="日露交渉")
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(ctid ORDER BY gram) FROM catalogue_source_gram")
        before = cursor.fetchone()[0]
        Source.objects.filter(pk=source.pk).update(number="A-1", pages="12")
        cursor.execute("SELECT array_agg(ctid ORDER BY gram) FROM catalogue_source_gram")
        assert cursor.fetchone()[0] == before


def test_truncating_the_sources_empties_the_postings(transactional_db):
    SourceFactory(title="日露交渉")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE catalogue_source CASCADE")
        cursor.execute("SELECT count(*) FROM catalogue_source_gram")
        assert cursor.fetchone()[0] == 0


@pytest.fixture
def corpus(db):
    """Sources holding 交渉 and 露 in every combination, published and not."""
    rows = [
        ("日露交渉", "published"),
        ("交渉ノ件", "published"),
        ("露国大使", "published"),
        ("交渉 露", "draft"),
        ("北京会議", "published"),
        ("交 渉", "published"),
    ]
    return [SourceFactory(title=title, status=status) for title, status in rows]


def counted(qs) -> tuple[int, list[str]]:
    """What `qs.count()` answers, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        n = qs.count()
    return n, [query["sql"] for query in queries.captured_queries]


def reads_postings_alone(statements: list[str]) -> bool:
    return len(statements) == 1 and "catalogue_source" not in statements[0].replace(
        "catalogue_source_gram", ""
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda: Source.objects.search("交渉"),
        lambda: Source.objects.published().search("交渉"),
        lambda: Source.objects.published().search("交渉 露"),
        lambda: Source.objects.search("露 交渉 露"),
        lambda: Source.objects.published().search("交渉", synonyms_of=lambda _w: {"会議"}),
        lambda: Source.objects.published().search("交渉").order_by("-title").select_related(),
        lambda: Source.objects.published().search("交渉")[1:],
        lambda: Source.objects.published().search("交渉")[:1],
    ],
    ids=["all", "published", "two words", "repeated", "synonym", "ordered", "offset", "limit"],
)
def test_a_search_of_short_cjk_words_is_counted_from_the_postings(corpus, build):
    n, statements = counted(build())
    assert n == len(list(build()))
    assert reads_postings_alone(statements), statements
    assert n > 0


@pytest.mark.parametrize(
    "build",
    [
        lambda: Source.objects.published().search("交渉").filter(kind="telegram"),
        lambda: Source.objects.filter(kind="telegram").search("交渉"),
        lambda: Source.objects.published().search("交渉").distinct(),
        lambda: Source.objects.published().search("交渉").search("露"),
        lambda: Source.objects.exclude(status="published").search("交渉"),
    ],
    ids=["filter after", "filter before", "distinct", "searched twice", "drafts"],
)
def test_any_other_selection_is_counted_from_the_table(corpus, build):
    n, statements = counted(build())
    assert n == len(list(build()))
    assert not reads_postings_alone(statements)


def reads_postings_and_the_table(statements: list[str]) -> bool:
    return (
        len(statements) == 1
        and "catalogue_source_gram" in statements[0]
        and "catalogue_source " in statements[0].replace('"', "")
    )


def test_other_spellings_are_counted_by_their_like_beside_the_postings(corpus):
    """石油 also names a company whose names are Latin: the postings give the rows holding the
    word, the trigram-served LIKE the few holding another spelling."""
    company = AgentFactory(kind="organisation")
    AgentNameFactory(agent=company, value="シンクレア交渉", language="ja")
    AgentNameFactory(agent=company, value="Sinclair 50%_", language="en")
    derived_refresh([company])
    SourceFactory(title="Sinclair 50%_ concession")
    SourceFactory(title="Sinclair 500 concession", status="draft")
    SourceFactory(title="Sinclair 50 concession")
    for build in (
        lambda: Source.objects.published().search("交渉"),
        lambda: Source.objects.search("交渉"),
        lambda: Source.objects.published().search("交渉 ロシア"),
    ):
        n, statements = counted(build())
        assert reads_postings_and_the_table(statements), statements
        assert n == len(list(build()))
    assert Source.objects.published().search("交渉").count() == 3


def test_a_spelling_holding_another_is_left_out_of_the_or(corpus):
    company = AgentFactory(kind="organisation")
    AgentNameFactory(agent=company, value="シンクレア石油会社", language="ja")
    AgentNameFactory(agent=company, value="石油", language="zh")
    derived_refresh([company])
    sql = str(Source.objects.search("石油").query)
    assert "シンクレア石油会社" not in sql and "石油" in sql


def test_the_count_is_an_index_only_scan_of_the_postings(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "EXPLAIN SELECT count(*) FROM catalogue_source_gram WHERE gram = %s AND published",
            ["交渉"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using catalogue_source_gram_pkey" in plan


def test_one_gram_is_counted_from_its_counts(corpus):
    n, statements = counted(Source.objects.published().search("交渉"))
    assert n == 2
    assert "catalogue_source_gram_count" in statements[0]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + statements[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalogue_source_gram_count_gram" in plan


def test_the_api_counts_a_short_word_from_the_postings(corpus, client, no_response_cache):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/sources/", {"q": "交渉"})
    assert response.status_code == 200
    # Published sources holding 交渉 together: not the draft, not "交 渉".
    assert response.json()["count"] == 2
    statements = [q["sql"] for q in queries.captured_queries]
    assert any("FROM catalogue_source_gram_count" in sql for sql in statements), statements
    # No count of the sources table, nor of the postings.
    assert all("COUNT(" not in sql.upper() for sql in statements), statements


def all_postings_follow() -> bool:
    """Whether the postings are exactly the grams of every source's text, and its status."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM ((SELECT gram, row_id, published FROM catalogue_source_gram) "
            "EXCEPT ALL (SELECT DISTINCT g, id, status = 'published' FROM catalogue_source, "
            "unnest(kosho_grams(search_text)) g)) AS extra"
        )
        extra = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM ((SELECT DISTINCT g, id, status = 'published' "
            "FROM catalogue_source, unnest(kosho_grams(search_text)) g) "
            "EXCEPT ALL (SELECT gram, row_id, published FROM catalogue_source_gram)) AS missing"
        )
        missing = cursor.fetchone()[0]
        # The counts appended statement by statement sum up to the postings' own.
        counted = (
            "SELECT gram, published, sum(rows) FROM catalogue_source_gram_count "
            "GROUP BY gram, published HAVING sum(rows) <> 0"
        )
        held = "SELECT gram, published, count(*) FROM catalogue_source_gram GROUP BY 1, 2"
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({counted} EXCEPT {held}) AS a) "
            f"+ (SELECT count(*) FROM ({held} EXCEPT {counted}) AS b)"
        )
        miscounted = cursor.fetchone()[0]
        return extra == 0 and missing == 0 and miscounted == 0


def test_a_statement_changing_many_rows_changes_their_postings(db):
    sources = [SourceFactory(title=f"日露交渉 {n}", status="draft") for n in range(5)]
    Source.objects.filter(pk__in=[s.pk for s in sources[:3]]).update(status="published")
    Source.objects.filter(pk=sources[3].pk).update(title="北京会議")
    derived_refresh(sources)
    assert all_postings_follow()
    assert Source.objects.published().search("交渉").count() == 3


def gin_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'catalogue_source' "
            "AND indexdef LIKE '% USING gin %'"
        )
        return {row[0] for row in cursor.fetchall()}


def test_a_large_load_gets_its_search_structures_when_it_ends(db):
    existing = [SourceFactory(title="日露交渉") for _ in range(2)]
    indexes = gin_indexes()
    assert indexes == {"catalogue_source_search_trgm", "catalogue_source_search_grams"}
    with search_structures_deferred(Source, rows=4):
        assert gin_indexes() == set()
        loaded = Source.objects.bulk_create(
            [
                Source(series=existing[0].series, title=f"北京会議 {n}", status="published")
                for n in range(4)
            ]
        )
        # Inside, the load's rows wait for the pass; the rows before it are kept as ever.
        assert postings(loaded[0].pk)[0] == set()
        for source, title in ((loaded[1], "石油"), (existing[0], "樺太")):
            source.title = title
            source.save()
        assert ("樺太", True) in postings(existing[0].pk)[0]
    assert gin_indexes() == indexes
    assert all_postings_follow()
    assert Source.objects.search("会議").count() == 3
    # Once it ends, the triggers keep every row again.
    after = SourceFactory(title="撤兵")
    assert ("撤兵", True) in postings(after.pk)[0]


def test_a_small_load_is_indexed_as_any_write(db):
    existing = [SourceFactory(title="日露交渉") for _ in range(5)]
    with search_structures_deferred(Source, rows=2):
        assert len(gin_indexes()) == 2
        loaded = Source.objects.bulk_create(
            [Source(series=existing[0].series, title="会議", status="published")]
        )
        assert ("会議", True) in postings(loaded[0].pk)[0]
    assert all_postings_follow()


def test_a_generated_corpus_has_the_postings_of_its_text(db):
    corpus_generate(sources=60, seed=3)
    assert all_postings_follow()

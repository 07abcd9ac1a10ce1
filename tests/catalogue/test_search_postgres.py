"""What only PostgreSQL does: trigram indexes serve substring search in every script."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import F, Value

from catalogue.models import Agent, Source
from core.derived import derived_refresh
from core.migration_ops import gram_function_replace, postings_fill
from core.querysets import HasGram
from core.text import cjk_grams, normalise
from tests.factories import AgentFactory, AgentNameFactory, SourceFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def test_search_text_columns_have_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%search_trgm'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "catalogue_source_search_trgm",
        "catalogue_agent_search_trgm",
        "catalogue_work_search_trgm",
        "negotiations_event_search_trgm",
        "negotiations_claim_search_trgm",
    }


@pytest.mark.parametrize("query", ["カラハン", "карахан", "karakhan"])
def test_substring_search_uses_the_trigram_index(db, query):
    SourceFactory(title="カラハン Карахан Karakhan")
    with connection.cursor() as cursor:
        # A GIN index is read by bitmap scans only: with the other scans priced out, the plan
        # shows whether the trigram index can serve this LIKE at all (tiny tables favour scans).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Source.objects.search(query).order_by().values("pk").explain()
    assert "catalogue_source_search_trgm" in plan


def test_database_has_a_utf8_ctype_so_trigrams_see_kana_and_cyrillic(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('カラハン'), show_trgm('карахан')")
        kana, cyrillic = cursor.fetchone()
    assert len(kana) > 1 and len(cyrillic) > 1


def test_search_text_columns_have_gram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%search_grams'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "catalogue_source_search_grams",
        "catalogue_agent_search_grams",
        "catalogue_work_search_grams",
        "negotiations_event_search_grams",
        "negotiations_claim_search_grams",
    }


@pytest.mark.parametrize("query", ["交渉", "露", "ヨッ"])
def test_one_and_two_character_cjk_words_use_the_gram_index(db, query):
    found = SourceFactory(title="日露交渉ニ関スル件 ヨッフェ")
    SourceFactory(title="Karakhan note")
    # The same characters apart, or beside others of a different script, are not the word.
    SourceFactory(title="交 渉 ロシア ヨ ッ")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Source.objects.search(query).order_by().values("pk").explain()
    assert "catalogue_source_gram_pkey" in plan
    # The postings are exact for such a word: no LIKE, and no grams computed per row.
    assert "~~" not in plan
    assert "kosho_grams" not in plan
    assert list(Source.objects.search(query).values_list("pk", flat=True)) == [found.pk]


def test_where_grams_are_computed_the_like_stays_the_row_by_row_check(db):
    """Agents keep an expression index: a walk of another index would compute each row's
    grams, so the LIKE stays the check it makes first."""
    plan = Agent.objects.search("交渉").order_by().values("pk").explain()
    assert "~~" in plan


@pytest.mark.parametrize("query", ["交渉", "露", "ヨッ", "石", "件ヨ", "ッフ", "々"])
def test_the_gram_search_finds_what_a_substring_search_finds(db, query):
    """The grams are exact for short kana/kanji words: over texts that hold the characters
    together, apart, at a run's edge and beside other scripts, they find what a substring
    search finds."""
    titles = [
        "日露交渉ニ関スル件 ヨッフェ",
        "交 渉",
        "露西亜",
        "ロシア露",
        "石油",
        "件ヨッ",
        "Karakhan 交",
        "時々",
        "ヨ ッフ",
    ]
    for title in titles:
        SourceFactory(title=title)
    by_grams = Source.objects.filter(HasGram(F("search_text"), Value(normalise(query))))
    found = set(by_grams.values_list("pk", flat=True))
    expected = set(
        Source.objects.filter(search_text__contains=normalise(query)).values_list("pk", flat=True)
    )
    assert found == expected
    assert found


@pytest.mark.parametrize(
    "text",
    ["日露交渉ニ関スル件 ヨツフエ", "karakhan 1924 北樺太 石油 々", "", "abc", "交 渉", "芳沢謙吉"],
)
def test_the_index_function_and_python_agree_on_the_grams(db, text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT kosho_grams(%s)", [text])
        (grams,) = cursor.fetchone()
    assert set(grams) == cjk_grams(text)


def test_a_short_cjk_word_with_other_spellings_is_an_or_of_index_scans(db):
    """石油 also names the Sinclair company (an agent): each spelling is one indexed branch,
    not a scan of the table, and the rows found by each spelling are all found."""
    company = AgentFactory(kind="organisation")
    AgentNameFactory(agent=company, value="シンクレア石油会社", language="ja")
    AgentNameFactory(agent=company, value="Sinclair Oil", language="en")
    derived_refresh([company])
    by_word = SourceFactory(title="北樺太石油利権ニ関スル件")
    by_name = SourceFactory(title="Sinclair Oil concession")
    SourceFactory(title="Karakhan note")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Source.objects.search("石油").order_by().values("pk").explain()
    assert "BitmapOr" in plan
    assert "catalogue_source_search_grams" in plan
    assert "catalogue_source_search_trgm" in plan
    found = set(Source.objects.search("石油").values_list("pk", flat=True))
    assert found == {by_word.pk, by_name.pk}


def test_replacing_the_grams_function_rebuilds_the_postings(db):
    """The postings keep what the function computed when a row was written: the operation that
    replaces the function rebuilds them as well as the indexes."""
    source = SourceFactory(title="日露交渉")
    with connection.cursor() as cursor:
        # A stale function, as an older migration would have left it.
        cursor.execute(
            "CREATE OR REPLACE FUNCTION kosho_grams(text) RETURNS text[] "
            "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT '{}'::text[] $$"
        )
    with connection.schema_editor() as editor:
        postings_fill(editor, "catalogue_source")
    assert list(Source.objects.search("交渉")) == []
    with connection.schema_editor() as editor:
        gram_function_replace("catalogue_source").code(apps, editor)
    assert list(Source.objects.search("交渉")) == [source]
    assert Source.objects.search("交渉").count() == 1

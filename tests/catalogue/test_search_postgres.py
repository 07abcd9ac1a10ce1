"""What only PostgreSQL does: trigram indexes serve substring search in every script."""

import pytest
from django.db import connection

from catalogue.models import Source
from tests.factories import SourceFactory

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

"""Bulk loads on PostgreSQL: a table's search structures built once, when the load ends.

Keeping a GIN index up to date row by row costs far more than building it: at 100,000
sources the trigram and gram indexes take ~31 s to build, and kept batch by batch they took
the larger part of inserting the sources (8.3 of 10.5 s at 20,000). The gram postings likewise
take ~26 s in one pass with their key rebuilt.
"""

from contextlib import contextmanager

from django.db import connections

from core.migration_ops import postings_add


@contextmanager
def search_structures_deferred(model, rows: int, using: str = "default"):
    """Around a load of about `rows` new rows into `model`'s table: where that at least
    doubles the table, drop its GIN indexes and hold back the gram postings of the new rows
    (core.migration_ops.gram_postings) until the load ends, then build both in one pass each.
    A smaller load is left to the indexes and triggers as any write is.

    For a database nobody else uses meanwhile: searches scan while the indexes are away, and
    the triggers skip only this connection's new rows (another connection's would get their
    postings twice).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0), count(*) FROM {table}")
        after, before = cursor.fetchone()
        if rows < before:
            indexes = None
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = %s AND indexdef LIKE %s",
                [table, "% USING gin %"],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            if model.gram_postings:
                cursor.execute(
                    "SELECT set_config('kosho.postings_deferred', %s, false)", [str(after)]
                )
    if indexes is None:
        yield
        return
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Inside a transaction, foreign keys checked at commit (Django makes them
            # deferrable) would leave trigger events pending, which CREATE INDEX refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for _, definition in indexes:
                cursor.execute(definition)
            if model.gram_postings:
                cursor.execute("SELECT set_config('kosho.postings_deferred', '', false)")
                postings_add(cursor.execute, table, after, rebuild_key=True)
                if not connection.in_atomic_block:
                    # Marks the new postings' pages all-visible, so that counts read the key
                    # alone from the start (autovacuum would, minutes later).
                    cursor.execute(f"VACUUM {table}_gram")
            cursor.execute(f"ANALYZE {table}")

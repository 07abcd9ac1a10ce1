"""Migration operations shared by both apps. Imported by migrations: keep them stable."""

from django.db import migrations


def trigram_indexes(*tables: str) -> migrations.RunPython:
    """GIN trigram indexes on `search_text` for PostgreSQL; nothing on other databases.

    They serve `search_text LIKE '%…%'` in any script. SQLite has no such index, and at this
    catalogue's scale a scan there is fast enough.
    """

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                f"ON {table} USING gin (search_text gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")

    return migrations.RunPython(create, drop, elidable=False)


# The CJK unigrams and bigrams of a text: what a GIN index needs to serve 1–2 character
# Japanese and Chinese words, which trigrams cannot. Everything outside kana and kanji becomes a
# space first (in C, by the regex engine), so the per-character loop only walks the CJK runs; a
# catalogue record costs well under a millisecond. core.text.short_cjk_word() says which query
# words the index serves; both read the same blocks.
GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION kosho_grams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH cjk AS (
    SELECT regexp_replace($1, '[^\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+', ' ', 'g') AS t
  )
  SELECT coalesce(array_agg(DISTINCT gram), '{}') FROM (
    SELECT substr(t, i, 2) AS gram FROM cjk, generate_series(1, char_length(t) - 1) AS i
    UNION ALL
    SELECT substr(t, i, 1) FROM cjk, generate_series(1, char_length(t)) AS i
  ) AS grams
  WHERE position(' ' IN gram) = 0
$$
"""


def gram_indexes(*tables: str) -> migrations.RunPython:
    """GIN indexes on `kosho_grams(search_text)` for PostgreSQL; nothing on other databases.

    An expression index rather than a stored column: the grams follow from `search_text`
    alone, so no write path has anything more to keep, and SQLite (which scans) needs nothing.
    """

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(GRAMS_FUNCTION)
        for table in tables:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_grams "
                f"ON {table} USING gin (kosho_grams(search_text))"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_grams")

    return migrations.RunPython(create, drop, elidable=False)

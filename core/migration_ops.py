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
# Japanese and Chinese words, which trigrams cannot. The text is split (in C, by the regex
# engine) into its runs of kana and kanji, and each run yields its characters and the pairs
# within it; core.text.short_cjk_word() says which query words the index serves; both read the
# same blocks. Duplicates are kept: GIN stores each key once and `@>` ignores them, and sorting
# them out cost ~30 µs of the ~50 a catalogue record takes (the first version, with a UNION and
# DISTINCT, took ~150 µs: every source written pays it, 15 s of a 100,000-source corpus).
GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION kosho_grams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(substr(run, i, n)), '{}')
  FROM regexp_split_to_table($1, '[^\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+') AS run,
       generate_series(1, char_length(run)) AS i,
       (VALUES (1), (2)) AS width(n)
  WHERE i + n - 1 <= char_length(run)
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


def gram_function_replace(*tables: str) -> migrations.RunPython:
    """Replace kosho_grams() with the current GRAMS_FUNCTION and rebuild the gram indexes of
    `tables` (an index keeps what the old function computed), and their `search_grams` column
    where they have one (see stored_grams); nothing on other databases."""

    def replace(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(GRAMS_FUNCTION)
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            stored = {
                table
                for table in tables
                if any(
                    column.name == "search_grams"
                    for column in connection.introspection.get_table_description(cursor, table)
                )
            }
        for table in tables:
            if table in stored:
                # An update recomputes a generated column; the index follows the column.
                schema_editor.execute(f"UPDATE {table} SET search_text = search_text")
            schema_editor.execute(f"REINDEX INDEX {table}_search_grams")

    return migrations.RunPython(replace, migrations.RunPython.noop, elidable=False)


def stored_grams(table: str) -> migrations.RunPython:
    """Keep `kosho_grams(search_text)` in a generated column `search_grams` of `table` and move
    the table's gram index onto it (PostgreSQL; nothing on other databases).

    An expression index answers which rows hold a gram, but a row's grams are then recomputed
    (~50 µs) wherever PostgreSQL checks them row by row, as when it walks the date index for a
    search's first page; stored, they are read like any column, and the column's statistics
    give the planner the number of rows a gram matches. PostgreSQL computes the column on every
    insert and update, so no write path has anything more to keep. Two things follow: the type
    of `search_text` cannot be altered while the column reads it, and replacing kosho_grams()
    must rewrite the column (`UPDATE … SET search_text = search_text`), not only reindex.
    """

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_grams text[] "
            "GENERATED ALWAYS AS (kosho_grams(search_text)) STORED"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_grams")
        schema_editor.execute(
            f"CREATE INDEX {table}_search_grams ON {table} USING gin (search_grams)"
        )
        # The planner's estimate of a gram's rows comes from the column's statistics.
        schema_editor.execute(f"ANALYZE {table}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_grams")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_grams")
        schema_editor.execute(
            f"CREATE INDEX {table}_search_grams ON {table} USING gin (kosho_grams(search_text))"
        )

    return migrations.RunPython(create, drop, elidable=False)

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
    """Replace kosho_grams() with the current GRAMS_FUNCTION and rebuild what holds the grams
    of `tables`: each keeps what the old function computed. That is the gram index, or the
    `search_grams` column and its index (stored_grams), or the postings (gram_postings);
    nothing on other databases."""

    def replace(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(GRAMS_FUNCTION)
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            existing = set(connection.introspection.table_names(cursor))
            stored = {
                table
                for table in tables
                if any(
                    column.name == "search_grams"
                    for column in connection.introspection.get_table_description(cursor, table)
                )
            }
        for table in tables:
            if f"{table}_gram" in existing:
                postings_fill(schema_editor, table)
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


# An inverted index of a publishable table's CJK grams, kept by statement-level triggers: one
# row per (gram, row) with whether the row is published, its key covering all three columns so
# that counting a gram's rows reads the index alone. See gram_postings() for why.
_POSTINGS_SQL = """
CREATE TABLE {t}_gram (
  gram text NOT NULL,
  row_id bigint NOT NULL,
  published boolean NOT NULL,
  PRIMARY KEY (gram, row_id) INCLUDE (published)
);
ALTER TABLE {t}_gram ALTER COLUMN gram SET STATISTICS 1000;

CREATE FUNCTION {t}_gram_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {t}_gram (gram, row_id, published)
      SELECT DISTINCT g, n.id, n.status = 'published'
      FROM new_rows n, unnest(kosho_grams(n.search_text)) g;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM {t}_gram p USING old_rows o WHERE p.row_id = o.id;
  ELSE
    -- Most updates touch neither the text nor the status: they leave the postings alone.
    DELETE FROM {t}_gram p USING new_rows n JOIN old_rows o ON o.id = n.id
      WHERE p.row_id = n.id
        AND (n.search_text IS DISTINCT FROM o.search_text OR n.status IS DISTINCT FROM o.status);
    INSERT INTO {t}_gram (gram, row_id, published)
      SELECT DISTINCT g, n.id, n.status = 'published'
      FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(kosho_grams(n.search_text)) g
      WHERE n.search_text IS DISTINCT FROM o.search_text OR n.status IS DISTINCT FROM o.status;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION {t}_gram_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE {t}_gram;
  RETURN NULL;
END $$;

CREATE TRIGGER {t}_gram_insert AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {t}_gram_sync();
CREATE TRIGGER {t}_gram_update AFTER UPDATE ON {t}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {t}_gram_sync();
CREATE TRIGGER {t}_gram_delete AFTER DELETE ON {t} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {t}_gram_sync();
CREATE TRIGGER {t}_gram_truncate AFTER TRUNCATE ON {t}
  FOR EACH STATEMENT EXECUTE FUNCTION {t}_gram_truncate();
"""

_POSTINGS_FILL = """
INSERT INTO {t}_gram (gram, row_id, published)
  SELECT DISTINCT g, s.id, s.status = 'published'
  FROM {t} s, unnest(kosho_grams(s.search_text)) g
"""


def postings_fill(schema_editor, table: str) -> None:
    """Rebuild `table`'s gram postings from its text (gram_postings)."""
    schema_editor.execute(f"TRUNCATE {table}_gram")
    schema_editor.execute(_POSTINGS_FILL.format(t=table))
    schema_editor.execute(f"ANALYZE {table}_gram")


def gram_postings(table: str) -> migrations.RunPython:
    """Keep the CJK grams of a publishable `table` (one with `search_text` and `status`) in an
    inverted index, `<table>_gram` (gram, row_id, published), in place of the `search_grams`
    column (stored_grams), whose GIN index goes back onto the expression; PostgreSQL only,
    nothing on other databases.

    A GIN index finds a gram's rows but cannot count them: PostgreSQL visits each row's page
    (4,281 pages for 交渉 among 100,000 sources, 4–8 ms), and a search's first page in date
    order checks each row it walks. The postings answer both from a btree alone: the count is
    a range of the primary key (0.6 ms), the walk probes it. The GIN index stays for a word
    with other spellings, one branch of an OR of index scans. Triggers on the table keep them,
    statement by statement (a bulk insert is one INSERT … SELECT), so no write path has
    anything more to do; TRUNCATE (a test database's flush) empties them.
    """

    stored = stored_grams(table)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # The column goes; the gram index goes back onto the expression.
        stored.reverse_code(apps, schema_editor)
        schema_editor.execute(_POSTINGS_SQL.format(t=table))
        postings_fill(schema_editor, table)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP TABLE {table}_gram")
        for trigger in ("insert", "update", "delete", "truncate"):
            schema_editor.execute(f"DROP TRIGGER {table}_gram_{trigger} ON {table}")
        schema_editor.execute(f"DROP FUNCTION {table}_gram_sync(), {table}_gram_truncate()")
        stored.code(apps, schema_editor)

    return migrations.RunPython(create, drop, elidable=False)

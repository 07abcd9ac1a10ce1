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
_POSTINGS_KEY = "PRIMARY KEY (gram, row_id) INCLUDE (published)"
_POSTINGS_TABLE = """
CREATE TABLE {t}_gram (
  gram text NOT NULL,
  row_id bigint NOT NULL,
  published boolean NOT NULL,
  {key}
);
ALTER TABLE {t}_gram ALTER COLUMN gram SET STATISTICS 1000;

-- How many postings each gram has, published and not: the sum of its rows, which triggers on
-- the postings append (+n, -n) statement by statement, so that writers never wait on each
-- other's rows; a rebuild of the postings sums them up again (postings_add).
CREATE TABLE {t}_gram_count (
  gram text NOT NULL,
  published boolean NOT NULL,
  rows bigint NOT NULL
);
CREATE INDEX {t}_gram_count_gram ON {t}_gram_count (gram, published) INCLUDE (rows);
"""

# The postings of the rows `{rows}` selects (id, search_text, status): each row's grams are
# deduplicated on their own (one sort of a whole statement's grams spills to disk).
_POSTINGS_OF = (
    "SELECT d.g, c.id, c.status = 'published' FROM ({rows}) c, "
    "LATERAL (SELECT DISTINCT g FROM unnest(kosho_grams(c.search_text)) g) d"
)
_POSTINGS_ADD = "INSERT INTO {t}_gram (gram, row_id, published) {postings};\n"
# A row's postings are found through its grams, which lead the key.
_POSTINGS_REMOVE = (
    "DELETE FROM {t}_gram p USING ({postings}) AS d (g, id, published)\n"
    "  WHERE p.gram = d.g AND p.row_id = d.id;\n"
)
# Rows past the id a bulk load set in `kosho.postings_deferred` get their postings from the
# load's own fill (core.bulk_load.search_structures_deferred), not from the triggers.
_NOT_DEFERRED = (
    "id <= coalesce(nullif(current_setting('kosho.postings_deferred', true), '')::bigint, "
    "9223372036854775807)"
)
_ROWS = "SELECT id, search_text, status FROM {a} WHERE " + _NOT_DEFERRED
# The rows an UPDATE changed the text or status of, before and after: EXCEPT pairs them by
# hashing (a join of two transition tables, which have no statistics, may be a nested loop).
_CHANGED = _ROWS + " EXCEPT SELECT id, search_text, status FROM {b}"


def _trigger(table: str, event: str, body: str, transitions: str, name: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{body}
  RETURN NULL;
END $$;
CREATE TRIGGER {name} AFTER {event.upper()} ON {table} {transitions}
  FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


_COUNT_CHANGE = (
    "INSERT INTO {t}_gram_count (gram, published, rows)\n"
    "  SELECT gram, published, {sign}count(*) FROM {rows} GROUP BY gram, published;"
)
_NEW = "REFERENCING NEW TABLE AS new_rows"
_OLD = "REFERENCING OLD TABLE AS old_rows"


def _triggers(t: str) -> list[tuple[str, str, str, str, str]]:
    """Every trigger gram_postings() creates, as (table, event, body, transitions, name): on
    the table, those that keep its postings; on the postings, those that keep their counts."""
    before = _POSTINGS_OF.format(rows=_CHANGED.format(a="old_rows", b="new_rows"))
    after = _POSTINGS_OF.format(rows=_CHANGED.format(a="new_rows", b="old_rows"))
    postings = {
        "insert": (
            _POSTINGS_ADD.format(
                t=t, postings=_POSTINGS_OF.format(rows=_ROWS.format(a="new_rows"))
            ),
            _NEW,
        ),
        # Only the postings that differ: renaming a series changes a few of the grams of each
        # of its thousands of sources.
        "update": (
            _POSTINGS_REMOVE.format(t=t, postings=f"{before} EXCEPT {after}")
            + _POSTINGS_ADD.format(t=t, postings=f"{after} EXCEPT {before}"),
            f"{_OLD} NEW TABLE AS new_rows",
        ),
        "delete": (
            _POSTINGS_REMOVE.format(
                t=t, postings=_POSTINGS_OF.format(rows=_ROWS.format(a="old_rows"))
            ),
            _OLD,
        ),
        "truncate": (f"  TRUNCATE {t}_gram;", ""),
    }
    counts = {
        "insert": (_COUNT_CHANGE.format(t=t, sign="", rows="new_rows"), _NEW),
        "delete": (_COUNT_CHANGE.format(t=t, sign="-", rows="old_rows"), _OLD),
        "truncate": (f"  TRUNCATE {t}_gram_count;", ""),
    }
    return [
        *((t, event, *body, f"{t}_gram_{event}") for event, body in postings.items()),
        *((f"{t}_gram", event, *body, f"{t}_gram_count_{event}") for event, body in counts.items()),
    ]


def _postings_sql(t: str) -> str:
    return _POSTINGS_TABLE.format(t=t, key=_POSTINGS_KEY) + "".join(
        _trigger(*trigger) for trigger in _triggers(t)
    )


def postings_add(execute, table: str, after: int, rebuild_key: bool) -> None:
    """Add the postings of `table`'s rows with an id above `after`, through `execute(sql)`.
    With `rebuild_key` the key is dropped and built again after: for millions of postings,
    2–3 times faster than keeping it up to date row by row."""
    if rebuild_key:
        execute(f"ALTER TABLE {table}_gram DROP CONSTRAINT {table}_gram_pkey")
        # Counted once at the end rather than captured row by row.
        execute(f"ALTER TABLE {table}_gram DISABLE TRIGGER {table}_gram_count_insert")
    rows = f"SELECT id, search_text, status FROM {table} WHERE id > {int(after)}"
    execute(_POSTINGS_ADD.format(t=table, postings=_POSTINGS_OF.format(rows=rows)))
    if rebuild_key:
        execute(f"ALTER TABLE {table}_gram ADD {_POSTINGS_KEY}")
        execute(f"ALTER TABLE {table}_gram ENABLE TRIGGER {table}_gram_count_insert")
        gram_counts_sum_up(execute, table)
    execute(f"ANALYZE {table}_gram")


def gram_counts_sum_up(execute, table: str) -> None:
    """Count `table`'s postings afresh: one row per gram and publication, in place of the rows
    the triggers appended (the TRUNCATE makes readers wait the ~3 s it takes at 100k)."""
    execute(f"TRUNCATE {table}_gram_count")
    execute(_COUNT_CHANGE.format(t=table, sign="", rows=f"{table}_gram"))
    execute(f"ANALYZE {table}_gram_count")


def postings_fill(schema_editor, table: str) -> None:
    """Rebuild `table`'s gram postings from its text (gram_postings)."""
    schema_editor.execute(f"TRUNCATE {table}_gram")
    postings_add(schema_editor.execute, table, after=0, rebuild_key=True)


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
        schema_editor.execute(_postings_sql(table))
        postings_fill(schema_editor, table)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for on, _event, _body, _transitions, name in _triggers(table):
            schema_editor.execute(f"DROP TRIGGER {name} ON {on}")
            schema_editor.execute(f"DROP FUNCTION {name}()")
        schema_editor.execute(f"DROP TABLE {table}_gram, {table}_gram_count")
        stored.code(apps, schema_editor)

    return migrations.RunPython(create, drop, elidable=False)

"""The data version: a number that changes whenever a watched table does, in the same commit.

Caches of what readers see (whole API and OAI-PMH answers, the sources page's facet counts) are
keyed by it, so a write makes every cached answer unreachable at once, whatever wrote it: the
admin, the API, an import, a bulk UPDATE or hand-written SQL. The database keeps the number,
with triggers, rather than the application, which could miss a bulk path and would need every
process told.

- PostgreSQL: a statement-level trigger on each watched table notes once per transaction that
  data changed; a deferred constraint trigger adds one to the version when that transaction
  commits. The version row is locked only for the instant of the commit (not for the whole of a
  long import, which would hold up every other writer), and readers see the new number together
  with the new data, never before it.
- SQLite: row triggers add one to the version in the writing transaction (SQLite has one writer
  at a time anyway).

The triggers are (re)created after every `migrate`, for every table of the apps that call
`watch_app_tables`: a table a later migration adds, or one SQLite rebuilds to alter a column, is
watched without anyone remembering to.
"""

from django.db import connections
from django.db.models.signals import post_migrate

VERSION_TABLE = "kosho_data_version"
_PENDING_TABLE = "kosho_data_version_pending"
_TRIGGER = "kosho_data_changed"

_POSTGRESQL_SETUP = f"""
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    id smallint PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
INSERT INTO {VERSION_TABLE} (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS {_PENDING_TABLE} (id bigserial PRIMARY KEY);

CREATE OR REPLACE FUNCTION kosho_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {VERSION_TABLE} SET value = value + 1 WHERE id = 1;
    DELETE FROM {_PENDING_TABLE} WHERE id = NEW.id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION {_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction (the setting is local to it, and undone with a rolled-back savepoint).
    IF current_setting('kosho.data_changed', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('kosho.data_changed', 'on', true);
        INSERT INTO {_PENDING_TABLE} DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgname = 'kosho_data_version_bump'
        AND tgrelid = '{_PENDING_TABLE}'::regclass
    ) THEN
        CREATE CONSTRAINT TRIGGER kosho_data_version_bump AFTER INSERT ON {_PENDING_TABLE}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kosho_data_version_bump();
    END IF;
END $$;
"""

_SQLITE_SETUP = [
    f"""CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
        id integer PRIMARY KEY CHECK (id = 1),
        value integer NOT NULL
    )""",
    f"INSERT OR IGNORE INTO {VERSION_TABLE} (id, value) VALUES (1, 0)",
]


def watch_app_tables(app_config) -> None:
    """Watch every table of `app_config`'s models (their many-to-many and history tables too)
    from the end of each `migrate` on."""

    def install(sender, using, **kwargs):
        tables = sorted(
            {
                model._meta.db_table
                for model in sender.get_models(include_auto_created=True)
                if model._meta.managed and not model._meta.proxy
            }
        )
        watch_tables(tables, using=using)

    post_migrate.connect(
        install, sender=app_config, weak=False, dispatch_uid=f"watch:{app_config.label}"
    )


def watch_tables(tables, *, using: str = "default") -> None:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [table for table in tables if table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_SETUP)
            for table in map(connection.ops.quote_name, tables):
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {_TRIGGER} "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {_TRIGGER}()"
                )
        elif connection.vendor == "sqlite":
            for statement in _SQLITE_SETUP:
                cursor.execute(statement)
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {_TRIGGER}_{event.lower()}_{table} "
                        f"AFTER {event} ON {connection.ops.quote_name(table)} BEGIN "
                        f"UPDATE {VERSION_TABLE} SET value = value + 1 WHERE id = 1; END"
                    )


def watched_tables(*, using: str = "default") -> set[str]:
    """The tables whose writes change the version (for the tests and `check`)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [_TRIGGER]
            )
            return {name.strip('"') for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{_TRIGGER}_%"],
        )
        return {name for (name,) in cursor.fetchall()}


def data_version(*, using: str = "default") -> int | None:
    """The current version, or None on a database vendor without the triggers: callers then
    do not cache."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None

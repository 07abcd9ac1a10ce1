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

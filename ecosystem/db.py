"""Database helpers shared by the apps' migrations and queries."""

from django.db import migrations


def postgres_only(sql: str, reverse_sql: str = "") -> migrations.RunPython:
    """A migration step that runs raw SQL on PostgreSQL and does nothing elsewhere (SQLite).

    Full-text search configurations, extensions and triggers exist only on PostgreSQL; on
    SQLite the selectors fall back to a simpler search (see ``ecosystem.search``).
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql" and reverse_sql:
            schema_editor.execute(reverse_sql)

    return migrations.RunPython(forwards, backwards, elidable=False)

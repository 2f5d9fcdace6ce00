"""Database helpers shared by the apps' migrations and queries."""

from collections.abc import Container

from django.db import migrations, models
from django.utils.text import slugify


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


class _SlugsInTable:
    def __init__(self, model: type[models.Model]):
        self.model = model

    def __contains__(self, slug: str) -> bool:
        return self.model.objects.filter(slug=slug).exists()


def free_slug(
    text: str,
    *,
    model: type[models.Model],
    fallback: str,
    taken: Container[str] | None = None,
    max_length: int = 200,
) -> str:
    """A slug for ``text`` that is free in ``model``'s table (or not in ``taken``, for bulk
    generation that keeps its own set) and is not one of ``model.RESERVED_SLUGS`` (path segments)."""
    taken = _SlugsInTable(model) if taken is None else taken
    reserved = getattr(model, "RESERVED_SLUGS", frozenset())
    base = slugify(text)[:max_length] or fallback
    slug, suffix = base, 2
    while slug in reserved or slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug

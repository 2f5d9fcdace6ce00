"""Full-text search over a model's text fields, the same call on both databases.

On PostgreSQL the rows carry a ``search_vector`` kept up to date by a trigger (French
configuration with unaccent, see the apps' migrations) and results are ranked. On SQLite
every word of the query must appear, accents and case ignored, and the caller's order stays.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.functions import Concat

from .text import unaccent

SEARCH_CONFIG = "fr_unaccent"


class Unaccent(Func):
    """unaccent(text) on SQLite: a Python function registered on each connection (apps.py)."""

    function = "unaccent"
    output_field = TextField()


def search(queryset: QuerySet, query: str, *, fields: list[str]) -> QuerySet:
    """Rows of ``queryset`` matching ``query``, best first on PostgreSQL.

    ``fields`` are the text fields searched by the SQLite fallback; on PostgreSQL the
    trigger that fills ``search_vector`` decides (and weighs) them.
    """
    query = " ".join(query.split())
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.filter(search_vector=search_query)
            .annotate(search_rank=SearchRank(F("search_vector"), search_query))
            .order_by("-search_rank", *(queryset.query.order_by or queryset.model._meta.ordering))
        )
    parts = []
    for field in fields:
        parts.extend([F(field), Value(" ")])
    queryset = queryset.annotate(search_document=Unaccent(Concat(*parts, output_field=TextField())))
    for word in unaccent(query).split():
        word = word.strip("\"'-")
        if word and word.lower() not in {"or", "and"}:
            queryset = queryset.filter(search_document__contains=word)
    return queryset


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, unaccent, deterministic=True)

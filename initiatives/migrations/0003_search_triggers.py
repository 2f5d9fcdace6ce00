"""PostgreSQL keeps each initiative's and learning's search vector up to date with a trigger
(French stemming, accents ignored; title weighs most). Nothing on SQLite (see ecosystem.search)."""

from django.db import migrations

from ecosystem.db import postgres_only

TRIGGER = """
CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.{a}, '')), 'A') ||
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.{b}, '')), 'B') ||
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.{c}, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {a}, {b}, {c} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();
CREATE INDEX {table}_search ON {table} USING gin (search_vector);
UPDATE {table} SET {a} = {a};
"""

DROP = """
DROP INDEX IF EXISTS {table}_search;
DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
DROP FUNCTION IF EXISTS {table}_search_vector();
"""


def searchable(table: str, a: str, b: str, c: str):
    return postgres_only(TRIGGER.format(table=table, a=a, b=b, c=c), DROP.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_priority_populations"), ("ecosystem", "0004_text_search")]

    operations = [
        searchable("initiatives_initiative", "title", "summary", "description"),
        searchable("initiatives_learning", "title", "statement", "transfer_conditions"),
    ]

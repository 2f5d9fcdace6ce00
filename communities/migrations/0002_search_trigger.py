"""PostgreSQL keeps each space's search vector up to date with a trigger (French stemming,
accents ignored; the name weighs more than the purpose). Nothing on SQLite (see ecosystem.search)."""

from django.db import migrations

from ecosystem.db import postgres_only

TRIGGER = """
CREATE OR REPLACE FUNCTION communities_community_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.purpose, '')), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER communities_community_search_vector BEFORE INSERT OR UPDATE OF name, purpose
    ON communities_community FOR EACH ROW EXECUTE FUNCTION communities_community_search_vector();
CREATE INDEX communities_community_search ON communities_community USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS communities_community_search;
DROP TRIGGER IF EXISTS communities_community_search_vector ON communities_community;
DROP FUNCTION IF EXISTS communities_community_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial"), ("ecosystem", "0004_text_search")]

    operations = [postgres_only(TRIGGER, DROP)]

"""French full-text search on PostgreSQL: the unaccent and pg_trgm extensions and a
``fr_unaccent`` configuration (French stemming after removing accents). Nothing on SQLite."""

from django.db import migrations

from ecosystem.db import postgres_only

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION fr_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent;"


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0003_themes")]

    operations = [postgres_only(CREATE, DROP)]

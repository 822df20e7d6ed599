"""A GIN index over the bigrams of a post's title and body (PostgreSQL only): see core/fulltext.py.

This first version indexed an expression; board/0006 replaced it with a stored column. Its SQL is
kept here as it was, so that a fresh database goes through the same steps as production did."""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_agg(DISTINCT substr(s.l, i, 2)), '{}')
  FROM (SELECT lower(t) AS l) AS s, generate_series(1, char_length(t) - 1) AS i
$$;
"""
EXPRESSION = """portal_bigrams(("board_post"."title" || ' ' || "board_post"."body"))"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS board_post_bigrams ON board_post USING gin ({EXPRESSION})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS board_post_bigrams")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("board", "0003_secretariat_permissions")]
    operations = [migrations.RunPython(create, drop, elidable=False)]

"""A GIN index over the bigrams of a post's title and body (PostgreSQL only): see portal/fulltext.py."""

from django.db import migrations

from portal.fulltext import CREATE_FUNCTION, index_expression


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS board_post_bigrams ON board_post USING gin ({index_expression('board_post')})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS board_post_bigrams")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("board", "0003_secretariat_permissions")]
    operations = [migrations.RunPython(create, drop, elidable=False)]

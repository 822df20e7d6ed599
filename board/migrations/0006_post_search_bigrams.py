"""The bigrams of a post in a column kept by a trigger, indexed with GIN, instead of an index on the
bigram expression; portal_bigrams rewritten as one inlinable expression (~20× faster). Why:
core/fulltext.py. PostgreSQL only; ~1–2 minutes for 100,000 posts."""

from importlib import import_module

from django.db import migrations

from core import fulltext

PREVIOUS = import_module("board.migrations.0004_post_bigram_index")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in fulltext.install_sql("board_post", ("title", "body")):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in fulltext.uninstall_sql("board_post"):
        schema_editor.execute(statement)
    schema_editor.execute(PREVIOUS.CREATE_FUNCTION)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS board_post_bigrams ON board_post USING gin ({PREVIOUS.EXPRESSION})")


class Migration(migrations.Migration):
    dependencies = [("board", "0005_post_index_order")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

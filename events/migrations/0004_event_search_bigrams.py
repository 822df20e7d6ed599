"""The bigrams of an event's searchable texts in a column kept by a trigger, with a GIN index
(PostgreSQL only): the site search finds events among 10,000 through it. See core/fulltext.py."""

from django.db import migrations

from core import fulltext


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in fulltext.install_sql(
        "events_event",
        ("title", "theme", "summary", "program", "venue", "organizers", "co_hosts", "cooperation", "supporters"),
    ):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in fulltext.uninstall_sql("events_event"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

"""The shared cache lives in a database table (settings.CACHES["default"]): create it with the schema."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    # createcachetable skips tables that exist, so this is safe on databases that already have it.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_secretariat_group_history")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]

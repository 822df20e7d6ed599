from django.db import migrations

from core.roles import sync_secretariat_group


class Migration(migrations.Migration):
    """Give the 事務局 group the permissions of the board's models."""

    dependencies = [("board", "0002_categories"), ("portal", "0002_secretariat_group")]
    operations = [migrations.RunPython(sync_secretariat_group, migrations.RunPython.noop)]

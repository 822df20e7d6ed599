from django.db import migrations

from core.roles import sync_secretariat_group


class Migration(migrations.Migration):
    """Re-sync the 事務局 group after new models (the history of user changes)."""

    dependencies = [("portal", "0003_user_history"), ("board", "0003_secretariat_permissions")]
    operations = [migrations.RunPython(sync_secretariat_group, migrations.RunPython.noop)]

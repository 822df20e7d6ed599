from django.db import migrations

from core.roles import sync_secretariat_group


class Migration(migrations.Migration):
    """Re-sync the 事務局 group: it may now read the admin's change log (the audit trail)."""

    dependencies = [("portal", "0005_cache_table"), ("admin", "0003_logentry_add_action_flag_choices")]
    operations = [migrations.RunPython(sync_secretariat_group, migrations.RunPython.noop)]

from django.db import migrations

from core.roles import sync_secretariat_group


class Migration(migrations.Migration):
    """The 事務局 (Secretariat) group, with every permission of the portal's apps."""

    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("municipalities", "0002_initial"),
        ("agreements", "0001_initial"),
        ("events", "0001_initial"),
        ("disaster_support", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_secretariat_group, migrations.RunPython.noop)]

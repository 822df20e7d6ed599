from django.db import migrations

from core.roles import sync_secretariat_group


class Migration(migrations.Migration):
    """The 事務局 group gets the permissions of the new models (contact, FAQ, policies, accessibility runs)."""

    dependencies = [("portal", "0008_site_information"), ("events", "0006_event_opendata_fields"),
                    ("agreements", "0003_federation_slug")]

    operations = [migrations.RunPython(sync_secretariat_group, migrations.RunPython.noop)]

"""Roles: the Secretariat group and its permissions; a user's role derived from their data."""

from __future__ import annotations

SECRETARIAT_GROUP = "事務局"
# Every model of these apps is the Secretariat's to edit in Django admin.
SECRETARIAT_APPS = ("portal", "municipalities", "agreements", "events", "disaster_support", "board")
# Plus what they need of Django and third-party apps: e-mail addresses of accounts, and the
# admin's change log (the audit trail; its admin is read-only).
SECRETARIAT_EXTRA = (("account", "emailaddress"), ("admin", "logentry"))


def sync_secretariat_group(apps, schema_editor=None) -> None:
    """Create or update the 事務局 group with every permission of the portal's apps.

    Used by migrations: a migration that adds models to these apps runs it again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    for app_label, model in SECRETARIAT_EXTRA:
        perms = perms | Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
    group.permissions.set(perms)

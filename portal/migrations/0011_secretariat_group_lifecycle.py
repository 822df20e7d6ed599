from django.db import migrations

from core.roles import sync_secretariat_group


def mark_existing_applications(apps, schema_editor):
    """Applicants who confirmed their address before applications had a date wait for the Secretariat
    like new ones (their sign-up date stands for it)."""
    User = apps.get_model("portal", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    for user in User.objects.filter(approval_status="pending", applied_at__isnull=True, pk__in=verified):
        user.applied_at = user.date_joined
        user.save(update_fields=["applied_at"])


class Migration(migrations.Migration):
    """Re-sync the 事務局 group after new models (hand-overs, reconfirmations); date the applications of
    applicants who confirmed their address before applications had a date."""

    dependencies = [
        ("portal", "0010_account_lifecycle"),
        ("municipalities", "0003_municipality_official_domain"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]
    operations = [
        migrations.RunPython(sync_secretariat_group, migrations.RunPython.noop),
        migrations.RunPython(mark_existing_applications, migrations.RunPython.noop),
    ]

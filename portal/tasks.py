"""Background tasks of the site: e-mail for accounts (applications, decisions, hand-overs,
reconfirmation), the daily storage clean-up."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from core import file_cleanup


@task()
def send_account_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [to])


@task()
def remove_orphan_files() -> int:
    """Daily (settings.PERIODIC_TASKS): delete stored files no record points to, past the grace period."""
    grace = dt.timedelta(hours=settings.MEDIA_ORPHAN_GRACE_HOURS)
    return file_cleanup.remove_orphan_files(grace=grace).removed


@task()
def send_contact_message(*, message_id: int) -> str:
    """Mail a contact form message to the desk of its subject (reply goes to the sender)."""
    from django.core.mail import EmailMessage
    from django.utils import timezone

    from portal.contact import desk_address, render_desk_mail
    from portal.models import ContactMessage

    contact = ContactMessage.objects.select_related("subject__desk").filter(pk=message_id).first()
    if contact is None or contact.mailed_at is not None:
        return "skipped"
    subject, body = render_desk_mail(contact)
    EmailMessage(subject, body, to=[desk_address(contact.subject)], reply_to=[contact.email]).send()
    ContactMessage.objects.filter(pk=contact.pk).update(mailed_at=timezone.now())
    return "sent"


@task()
def run_account_lifecycle() -> dict:
    """Daily (settings.PERIODIC_TASKS): the accounts' yearly reconfirmation and reminders, hand-over
    dates, expired invitations, clearing personal data after the retention period (portal.services)."""
    from portal.services import account_lifecycle

    return dict(account_lifecycle())

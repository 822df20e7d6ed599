"""Background tasks of the site: e-mail for accounts (approval decisions), the daily storage clean-up."""

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

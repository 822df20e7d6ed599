"""Account e-mail: rendered from `templates/members/email/<name>_subject.txt` / `_body.txt` with what every
such mail names — the portal, its URL and, at the foot, the 事務局's contact points — and sent by the
task worker after the commit (portal.tasks.send_account_email)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string

from core.roles import SECRETARIAT_GROUP
from portal.models import ContactPoint


def mail_context() -> dict:
    return {
        "portal_name": settings.PORTAL_NAME,
        "site_url": settings.PORTAL_SITE_URL,
        "contact_points": list(ContactPoint.objects.all()),
        "working_days": settings.PORTAL_APPROVAL_WORKING_DAYS,
    }


def render(template: str, context: dict) -> tuple[str, str]:
    """Subject (one line, with the portal's prefix) and body of an account mail."""
    ctx = {**mail_context(), **context}
    subject = " ".join(render_to_string(f"members/email/{template}_subject.txt", ctx).split())
    body = render_to_string(f"members/email/{template}_body.txt", ctx)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body


def queue(*, to: list[str], template: str, context: dict) -> None:
    """Render now (the data as it is in this transaction) and send after the commit, one mail per address."""
    from portal.tasks import send_account_email

    subject, body = render(template, context)
    for address in dict.fromkeys(to):
        transaction.on_commit(lambda a=address: send_account_email.enqueue(to=a, subject=subject, body=body))


def secretariat_addresses() -> list[str]:
    """PORTAL_SECRETARIAT_EMAILS, or else every active staff member of the 事務局 group."""
    if settings.PORTAL_SECRETARIAT_EMAILS:
        return list(settings.PORTAL_SECRETARIAT_EMAILS)
    return list(
        get_user_model().objects.filter(is_active=True, is_staff=True, groups__name=SECRETARIAT_GROUP)
        .order_by("email").values_list("email", flat=True)
    )

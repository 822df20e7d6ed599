"""Background tasks of the board: sending notification e-mails, with retries, and the daily digest."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from board.models import Notification

logger = logging.getLogger(__name__)


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2 ** max(0, attempts - 1))  # 1, 2, 4, 8 … minutes


@task()
def send_notification(notification_id: int) -> str:
    """Send one notification e-mail; on failure record the error and try again later."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "post", "post__category", "post__organization", "reply", "reply__organization")
            .filter(pk=notification_id, state=Notification.State.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        notification.attempts += 1
        context = {"notification": notification, "post": notification.post, "reply": notification.reply,
                   "site_url": settings.PORTAL_SITE_URL}
        subject = render_to_string("board/email/notification_subject.txt", context).strip()
        body = render_to_string("board/email/notification_body.txt", context)
        try:
            send_mail(subject, body, None, [notification.user.email])
        except Exception as exc:  # noqa: BLE001 - any transport error is retried, then shown to the Secretariat
            notification.last_error = f"{type(exc).__name__}: {exc}"
            if notification.attempts >= settings.BOARD_NOTIFICATION_MAX_ATTEMPTS:
                notification.state = Notification.State.FAILED
                notification.save(update_fields=["attempts", "last_error", "state"])
                logger.error("notification %s failed for good: %s", notification.pk, notification.last_error)
                return "failed"
            notification.save(update_fields=["attempts", "last_error"])
            run_after = timezone.now() + _retry_delay(notification.attempts)
            transaction.on_commit(
                lambda: send_notification.using(run_after=run_after).enqueue(notification_id=notification_id)
            )
            return "retry"
        notification.state = Notification.State.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "last_error", "state", "sent_at"])
        return "sent"


@task()
def send_digests() -> int:
    """Send each person one e-mail listing the posts queued for their daily digest."""
    sent = 0
    pending = (
        Notification.objects.filter(state=Notification.State.DIGEST)
        .select_related("user", "post", "post__category", "post__organization")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    for notifications in by_user.values():
        user = notifications[0].user
        context = {"user": user, "notifications": notifications, "site_url": settings.PORTAL_SITE_URL}
        subject = render_to_string("board/email/digest_subject.txt", context).strip()
        body = render_to_string("board/email/digest_body.txt", context)
        ids = [n.pk for n in notifications]
        try:
            send_mail(subject, body, None, [user.email])
        except Exception as exc:  # noqa: BLE001 - left queued for tomorrow's digest, error visible in admin
            Notification.objects.filter(pk__in=ids).update(last_error=f"{type(exc).__name__}: {exc}")
            continue
        Notification.objects.filter(pk__in=ids).update(state=Notification.State.SENT, sent_at=timezone.now(), last_error="")
        sent += 1
    return sent

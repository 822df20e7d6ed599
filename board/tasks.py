"""Background tasks of the board: the notification e-mails (one at a time, retried on failure), the
daily digest (run by the scheduler, `manage.py run_scheduler`, at BOARD_DIGEST_HOUR JST), and the
daily reminders before a call's or pamphlet request's deadline (settings.PERIODIC_TASKS).

Nothing is mailed that the recipient may no longer read: a member rejected or deactivated since,
a post or reply hidden since the row was written. Such rows are marked SKIPPED, never sent.
Every e-mail carries a one-click unsubscribe (RFC 8058, board/unsubscribe.py) and the settings page.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from board import selectors, unsubscribe
from board.models import Notification

logger = logging.getLogger(__name__)

RELATED = (
    "user", "post", "post__category", "post__organization", "reply", "reply__organization", "actor",
    "actor_organization", "actor_organization__prefecture", "event",
)


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2 ** max(0, attempts - 1))  # 1, 2, 4, 8 … minutes


def _still_readable(notifications: list[Notification]) -> set[int]:
    """The ids of these rows (of one recipient) whose entry the recipient may still see."""
    user = notifications[0].user
    ids = [n.pk for n in notifications]
    return set(selectors.notifications_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def _message(*, user, subject: str, body: str, setting: tuple) -> EmailMessage:
    link = unsubscribe.url_for(user_id=user.pk, setting=setting)
    return EmailMessage(
        subject, body, None, [user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def _mail_context(user, setting: tuple) -> dict:
    return {
        "user": user, "site_url": settings.PORTAL_SITE_URL,
        "settings_url": settings.PORTAL_SITE_URL + reverse("board:subscriptions"),
        "notifications_url": settings.PORTAL_SITE_URL + reverse("members:notifications"),
        "unsubscribe_url": unsubscribe.url_for(user_id=user.pk, setting=setting),
        "unsubscribe_label": unsubscribe.label(setting),
    }


@task()
def send_notification(notification_id: int) -> str:
    """Send one notification e-mail; on failure record the error and try again later."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related(*RELATED)
            .filter(pk=notification_id, state=Notification.State.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        if not _still_readable([notification]):
            notification.state = Notification.State.SKIPPED
            notification.save(update_fields=["state"])
            return "skipped"
        notification.attempts += 1
        setting = unsubscribe.setting_of(notification)
        context = {
            **_mail_context(notification.user, setting),
            "notification": notification, "post": notification.post, "reply": notification.reply,
        }
        subject = render_to_string("board/email/notification_subject.txt", context).strip()
        body = render_to_string("board/email/notification_body.txt", context)
        try:
            _message(user=notification.user, subject=subject, body=body, setting=setting).send()
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


def _grouped(notifications: list[Notification]) -> list[tuple[str, list[Notification]]]:
    """The digest's entries by category (in the board's order); new members of one's organisation last."""
    groups: dict[tuple, list[Notification]] = {}
    for n in notifications:
        key = (n.post.category.sort_order, n.post.category_id, n.post.category.name) if n.post_id else (10**6, 0, "所属団体")
        groups.setdefault(key, []).append(n)
    return [(key[2], entries) for key, entries in sorted(groups.items())]


def send_digest(user_id: int) -> bool:
    """One member's digest: everything queued for it since their last one, or nothing when nothing
    is left to tell. Rows the member may no longer read are dropped (SKIPPED). A failed send leaves
    the rows queued for the next digest, with the error visible in the admin."""
    with transaction.atomic():
        queued = list(
            Notification.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related(*RELATED)
            .filter(user_id=user_id, state=Notification.State.DIGEST)
            .order_by("created_at", "pk")
        )
        if not queued:
            return False
        readable = _still_readable(queued)
        dropped = [n.pk for n in queued if n.pk not in readable]
        if dropped:
            Notification.objects.filter(pk__in=dropped).update(state=Notification.State.SKIPPED)
        entries = [n for n in queued if n.pk in readable]
        if not entries:
            return False
        user = entries[0].user
        setting = ("digest",)
        context = {**_mail_context(user, setting), "groups": _grouped(entries), "count": len(entries)}
        subject = render_to_string("board/email/digest_subject.txt", context).strip()
        body = render_to_string("board/email/digest_body.txt", context)
        ids = [n.pk for n in entries]
        try:
            _message(user=user, subject=subject, body=body, setting=setting).send()
        except Exception as exc:  # noqa: BLE001 - left queued for the next digest, error visible in admin
            Notification.objects.filter(pk__in=ids).update(last_error=f"{type(exc).__name__}: {exc}")
            logger.warning("digest for user %s not sent: %s", user_id, exc)
            return False
        Notification.objects.filter(pk__in=ids).update(
            state=Notification.State.SENT, sent_at=timezone.now(), last_error="", attempts=1
        )
        return True


@task()
def send_digests() -> int:
    """Send every member who has queued digest entries their digest; the number of e-mails sent."""
    user_ids = (
        Notification.objects.filter(state=Notification.State.DIGEST)
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )
    return sum(send_digest(user_id) for user_id in list(user_ids))


@task()
def send_deadline_reminders() -> int:
    """Daily (settings.PERIODIC_TASKS): remind the wards that have not answered a call or pamphlet
    request whose deadline is BOARD_REMINDER_DAYS days away (board.services.deadline_reminders_send)."""
    from board import services

    return services.deadline_reminders_send()

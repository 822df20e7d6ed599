"""One-click unsubscribe links of the notification e-mails (RFC 8058: `List-Unsubscribe` and
`List-Unsubscribe-Post`). A link is signed (it needs no login), expires after
BOARD_UNSUBSCRIBE_MAX_AGE_DAYS, and turns off the e-mail of exactly one setting:

- ("category", id): new posts of one category (CategorySubscription → 通知しない);
- ("topic", name): one kind of notification about oneself (TopicSubscription → 通知しない);
- ("digest",): the daily digest (every setting that uses it → 通知しない).

The entries in the notification centre stay: only the e-mail stops.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from board.models import Category, Notification, TopicSubscription

SALT = "board.unsubscribe"


class InvalidLink(Exception):
    """The link was altered, has expired, or names a setting that does not exist."""


def setting_of(notification: Notification) -> tuple:
    """The setting that made this notification an e-mail."""
    kind, Topic = notification.kind, TopicSubscription.Topic
    if kind == Notification.Kind.NEW_POST:
        return ("category", notification.post.category_id)
    if kind in (Notification.Kind.TARGETED, Notification.Kind.DEADLINE):
        return ("topic", Topic.WARD)
    if kind == Notification.Kind.MEMBER:
        return ("topic", Topic.ORGANIZATION)
    if kind == Notification.Kind.MENTION:
        return ("topic", Topic.MENTION)
    if kind == Notification.Kind.REPORT:
        return ("topic", Topic.REPORT)
    return ("topic", Topic.OWN if notification.post.author_id == notification.user_id else Topic.WATCHED)


def url_for(*, user_id: int, setting: tuple) -> str:
    """The absolute unsubscribe URL (for e-mails: PORTAL_SITE_URL)."""
    token = signing.dumps({"u": user_id, "s": list(setting)}, salt=SALT, compress=True)
    return settings.PORTAL_SITE_URL + reverse("board:unsubscribe", kwargs={"token": token})


def read(token: str) -> tuple[int, tuple]:
    """(user id, setting) from a token; InvalidLink when altered, expired or unknown."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.BOARD_UNSUBSCRIBE_MAX_AGE_DAYS * 24 * 60 * 60)
        user_id, setting = int(data["u"]), tuple(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidLink from None
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise InvalidLink
    if setting == ("digest",):
        return user_id, setting
    if len(setting) == 2 and setting[0] == "topic" and setting[1] in TopicSubscription.Topic.values:
        return user_id, setting
    if len(setting) == 2 and setting[0] == "category" and Category.objects.filter(pk=setting[1]).exists():
        return user_id, setting
    raise InvalidLink


def label(setting: tuple) -> str:
    """What the setting is, in the words of the settings page."""
    if setting[0] == "category":
        name = Category.objects.filter(pk=setting[1]).values_list("name", flat=True).first()
        return f"「{name}」の新しい投稿のメール"
    if setting[0] == "topic":
        return f"「{TopicSubscription.Topic(setting[1]).label}」のメール"
    return "1日1回のまとめメール"

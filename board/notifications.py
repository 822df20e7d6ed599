"""Who hears about what on the board, and the e-mails owed to them.

Rules:
- a new post notifies everyone who follows its category (per-category mode: each post, daily digest,
  or nothing). Ward liaison officers follow 新たな連携・交流事業の提案 by default until they choose;
- a post naming target wards notifies those wards' officers at once, whatever they follow;
- a reply notifies the post's author and everyone watching the thread;
- a muted thread never notifies; nobody is notified of their own writing.
Rows are written in the request's transaction; the e-mails go out from the task worker after commit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from board.models import Category, CategorySubscription, Notification, Post, Reply, ThreadWatch

User = get_user_model()

DEFAULT_LIAISON_CATEGORY = "proposal"


def _board_users():
    return User.objects.filter(is_active=True).filter(
        Q(is_staff=True) | Q(approval_status=User.Approval.APPROVED, municipality__isnull=False)
    )


def category_modes(*, category: Category) -> dict[int, str]:
    """user id → mode for everyone who follows `category` (explicit choices plus the liaison default)."""
    modes = dict(
        CategorySubscription.objects.filter(category=category).values_list("user_id", "mode")
    )
    if category.slug == DEFAULT_LIAISON_CATEGORY:
        liaisons = _board_users().filter(municipality__kind="ward", is_staff=False).values_list("pk", flat=True)
        for user_id in liaisons:
            modes.setdefault(user_id, CategorySubscription.Mode.EACH)
    return {uid: mode for uid, mode in modes.items() if mode != CategorySubscription.Mode.NONE}


def _muted(post: Post) -> set[int]:
    return set(ThreadWatch.objects.filter(post=post, mode=ThreadWatch.Mode.MUTE).values_list("user_id", flat=True))


def post_created(post: Post) -> list[Notification]:
    """Queue the e-mails for a new post (called by board.services inside the transaction)."""
    allowed = set(_board_users().values_list("pk", flat=True))
    muted = _muted(post) | {post.author_id}
    wanted: dict[int, tuple[str, str]] = {}
    for user_id, mode in category_modes(category=post.category).items():
        state = Notification.State.DIGEST if mode == CategorySubscription.Mode.DIGEST else Notification.State.PENDING
        wanted[user_id] = (Notification.Kind.NEW_POST, state)
    targeted = _board_users().filter(municipality__ward__in=post.target_wards.all()).values_list("pk", flat=True)
    for user_id in targeted:
        wanted[user_id] = (Notification.Kind.TARGETED, Notification.State.PENDING)
    notifications = Notification.objects.bulk_create(
        Notification(user_id=uid, post=post, kind=kind, state=state)
        for uid, (kind, state) in wanted.items()
        if uid in allowed and uid not in muted
    )
    _send_after_commit(notifications)
    return notifications


def reply_created(reply: Reply) -> list[Notification]:
    """Queue the e-mails for a reply: the post's author and the thread's watchers."""
    post = reply.post
    allowed = set(_board_users().values_list("pk", flat=True))
    muted = _muted(post) | {reply.author_id}
    recipients = {post.author_id}
    recipients |= set(ThreadWatch.objects.filter(post=post, mode=ThreadWatch.Mode.WATCH).values_list("user_id", flat=True))
    notifications = Notification.objects.bulk_create(
        Notification(user_id=uid, post=post, reply=reply, kind=Notification.Kind.REPLY)
        for uid in sorted(recipients)
        if uid in allowed and uid not in muted
    )
    _send_after_commit(notifications)
    return notifications


def _send_after_commit(notifications: list[Notification]) -> None:
    from board.tasks import send_notification

    ids = [n.pk for n in notifications if n.state == Notification.State.PENDING]
    if ids:
        transaction.on_commit(lambda: [send_notification.enqueue(notification_id=i) for i in ids])

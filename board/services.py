"""Write side of the board. Views, admin actions and commands call these; each checks permissions,
validates (full_clean), writes the notifications in the same transaction (board/notifications.py)
and leaves their e-mails to the task worker."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from board import notifications, permissions
from board.models import (
    Attachment,
    Category,
    CategorySubscription,
    Engagement,
    Notification,
    Post,
    ReadMark,
    Reply,
    ThreadWatch,
    TopicSubscription,
)
from board.rendering import render_markdown
from board.uploads import validate_upload
from core import file_cleanup
from core.caching import BOARD, NOTICES


class BoardError(Exception):
    """A board action that cannot be done, with a message for the user (Japanese)."""


def _attach(*, files: Iterable, user, stored: list, post: Post | None = None, reply: Reply | None = None) -> list[Attachment]:
    """Store the files as attachments; each stored file goes to `stored`, to be deleted again if the
    service fails after storing it (file_cleanup.removed_on_failure)."""
    attachments = []
    for upload in files:
        content_type = validate_upload(upload)
        attachment = Attachment(
            post=post, reply=reply, file=upload, original_name=upload.name[:255], content_type=content_type,
            size=upload.size, uploaded_by=user,
        )
        attachment.full_clean(exclude=["file"])
        attachment.save()
        stored.append(attachment.file)
        attachments.append(attachment)
    return attachments


@transaction.atomic
def post_create(*, user, category: Category, title: str, body: str, target_wards=(), files=()) -> Post:
    """Post a new thread (approved members, liaison officers, Secretariat)."""
    if not permissions.can_post(user):
        raise BoardError("掲示板に投稿できるのは承認済みの会員です。")
    now = timezone.now()
    post = Post(
        category=category, author=user, organization_id=user.municipality_id, title=title.strip(), body=body,
        body_html=render_markdown(body), created_at=now, last_activity_at=now,
    )
    post.full_clean()
    with file_cleanup.removed_on_failure() as stored:
        post.save()
        post.target_wards.set(target_wards)
        _attach(files=files, user=user, post=post, stored=stored)
        ReadMark.objects.update_or_create(user=user, post=post, defaults={"read_at": now})
        notifications.post_created(post)
    return post


@transaction.atomic
def post_update(*, user, post: Post, title: str, body: str, target_wards=None, files=(), remove_attachments=()) -> Post:
    """Edit one's own post (or any, for the Secretariat). Wards newly targeted hear of it."""
    permissions.check_edit_post(user, post)
    post.title = title.strip()
    post.body = body
    post.body_html = render_markdown(body)
    post.full_clean()
    post.save()
    if target_wards is not None:
        before = set(post.target_wards.values_list("pk", flat=True))
        post.target_wards.set(target_wards)
        if added := [ward for ward in target_wards if ward.pk not in before]:
            notifications.post_targeted(post, wards=added)
    # A removed attachment's file is deleted after the commit (django-cleanup).
    post.attachments.filter(pk__in=[a.pk for a in remove_attachments]).delete()
    with file_cleanup.removed_on_failure() as stored:
        _attach(files=files, user=user, post=post, stored=stored)
    return post


@transaction.atomic
def post_delete(*, user, post: Post) -> None:
    """Delete one's own post with its replies and attachments (their files after the commit)."""
    permissions.check_edit_post(user, post)
    post.delete()


@transaction.atomic
def reply_create(*, user, post: Post, body: str, files=()) -> Reply:
    """Reply to a thread that is not locked."""
    permissions.check_reply(user, post)
    if user.municipality_id is None:
        raise BoardError("返信できるのは所属団体のある会員です。")
    now = timezone.now()
    reply = Reply(post=post, author=user, organization_id=user.municipality_id, body=body,
                  body_html=render_markdown(body), created_at=now)
    reply.full_clean()
    with file_cleanup.removed_on_failure() as stored:
        reply.save()
        _attach(files=files, user=user, reply=reply, stored=stored)
        Post.objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1, last_activity_at=now)
        ReadMark.objects.update_or_create(user=user, post=post, defaults={"read_at": now})
        notifications.reply_created(reply)
    return reply


@transaction.atomic
def reply_update(*, user, reply: Reply, body: str) -> Reply:
    permissions.check_edit_reply(user, reply)
    reply.body = body
    reply.body_html = render_markdown(body)
    reply.full_clean()
    reply.save()
    return reply


@transaction.atomic
def reply_delete(*, user, reply: Reply) -> None:
    permissions.check_edit_reply(user, reply)
    Post.objects.filter(pk=reply.post_id).update(reply_count=F("reply_count") - 1)
    reply.delete()


@transaction.atomic
def post_set_status(*, user, post: Post, status: str, realised_event=None, realised_relation=None, note: str = "") -> Post:
    """Move a proposal 募集中 → 調整中 → 実現 / 終了; 実現 links the event or exchange it became.
    Its author and watchers are notified (unless nothing changed)."""
    permissions.check_set_status(user, post)
    if status not in Post.Status.values:
        raise BoardError("状況の値が正しくありません。")
    if status == Post.Status.REALISED and not (realised_event or realised_relation or note):
        raise BoardError("「実現」にするときは、実現したイベント・交流か、その内容を入力してください。")
    before = (post.status, post.status_note, post.realised_event_id, post.realised_relation_id)
    post.status = status
    post.status_note = note
    if status == Post.Status.REALISED:
        post.realised_event = realised_event
        post.realised_relation = realised_relation
    post.full_clean()
    post.save(update_fields=["status", "status_note", "realised_event", "realised_relation", "updated_at"])
    if before != (post.status, post.status_note, post.realised_event_id, post.realised_relation_id):
        notifications.status_changed(post, by=user)
    return post


@transaction.atomic
def engagement_mark(*, user, post: Post, ward, stage: str, note: str = "") -> Engagement:
    """A liaison officer records that their ward took up (or realised) a proposal. An open proposal
    moves to 調整中; its author and watchers are notified (unless nothing changed)."""
    permissions.check_engage(user, ward.pk)
    if not post.category.has_workflow:
        raise BoardError("この分類の投稿には区の対応を登録できません。")
    if stage not in Engagement.Stage.values:
        raise BoardError("区の対応の値が正しくありません。")
    before = Engagement.objects.filter(post=post, ward=ward).values_list("stage", "note").first()
    engagement, _ = Engagement.objects.update_or_create(
        post=post, ward=ward, defaults={"stage": stage, "note": note, "marked_by": user}
    )
    moved_to = ""
    if post.status == Post.Status.OPEN:
        post.status = moved_to = Post.Status.COORDINATING
        post.save(update_fields=["status", "updated_at"])
    if before != (stage, note) or moved_to:
        notifications.engagement_marked(engagement, moved_to=moved_to)
    return engagement


def notifications_mark_read(*, user, ids: Iterable[int] | None = None, post: Post | None = None) -> int:
    """Mark the user's own unread notifications read: these ids, those of one post, or all of them."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    if post is not None:
        unread = unread.filter(post=post)
    marked = unread.update(read_at=timezone.now())
    if marked:
        NOTICES.bump_now_and_on_commit()
    return marked


@transaction.atomic
def subscription_stop_mail(*, user_id: int, setting: tuple) -> None:
    """Turn off the e-mail of one setting (board/unsubscribe.py): no login, the signed link is the proof."""
    none = CategorySubscription.Mode.NONE
    if setting[0] == "category":
        CategorySubscription.objects.update_or_create(user_id=user_id, category_id=setting[1], defaults={"mode": none})
    elif setting[0] == "topic":
        TopicSubscription.objects.update_or_create(user_id=user_id, topic=setting[1], defaults={"mode": none})
    else:
        digest = CategorySubscription.Mode.DIGEST
        CategorySubscription.objects.filter(user_id=user_id, mode=digest).update(mode=none)
        TopicSubscription.objects.filter(user_id=user_id, mode=digest).update(mode=none)


def post_mark_read(*, user, post: Post) -> None:
    """Record that the user has read the thread as it is now. A read mark only matters against the
    thread's last activity, so a visit that finds it already later writes nothing: the thread page's
    hot path is one SELECT, and a member's several tabs do not queue on the mark's row lock. An
    INSERT on the first visit, an UPDATE after new activity."""
    now = timezone.now()
    read_at = ReadMark.objects.filter(user=user, post=post).values_list("read_at", flat=True).first()
    if read_at is None:
        ReadMark.objects.get_or_create(user=user, post=post, defaults={"read_at": now})
    elif read_at < post.last_activity_at:
        ReadMark.objects.filter(user=user, post=post).update(read_at=now)


def _moderate(user, post: Post, **changes) -> Post:
    permissions.check_moderate(user)
    for field, value in changes.items():
        setattr(post, field, value)
    post.save(update_fields=[*changes, "updated_at"])
    return post


def post_hide(*, user, post: Post, hidden: bool = True, reason: str = "") -> Post:
    """Secretariat: hide (or show again) a post."""
    return _moderate(user, post, is_hidden=hidden, moderation_note=reason)


def post_lock(*, user, post: Post, locked: bool = True) -> Post:
    """Secretariat: close (or reopen) a thread to replies."""
    return _moderate(user, post, is_locked=locked)


def post_pin(*, user, post: Post, pinned: bool = True) -> Post:
    """Secretariat: pin (or unpin) a thread at the top of the index."""
    return _moderate(user, post, is_pinned=pinned)


def post_move(*, user, post: Post, category: Category) -> Post:
    """Secretariat: move a thread to another category."""
    return _moderate(user, post, category=category)


def reply_hide(*, user, reply: Reply, hidden: bool = True) -> Reply:
    permissions.check_moderate(user)
    reply.is_hidden = hidden
    reply.save(update_fields=["is_hidden", "updated_at"])
    return reply


@transaction.atomic
def member_settings_copy(*, source, target) -> tuple[int, int]:
    """Give `target` the notification settings (per category and per kind of event) and the watched or
    muted threads of `source` (a successor inheriting from a predecessor, portal.services). The
    target's own settings win. Returns the numbers of settings and of thread settings copied."""
    subscriptions = [
        CategorySubscription(user=target, category_id=category_id, mode=mode)
        for category_id, mode in CategorySubscription.objects.filter(user=source).values_list("category_id", "mode")
    ]
    topics = [
        TopicSubscription(user=target, topic=topic, mode=mode)
        for topic, mode in TopicSubscription.objects.filter(user=source).values_list("topic", "mode")
    ]
    watches = [
        ThreadWatch(user=target, post_id=post_id, mode=mode)
        for post_id, mode in ThreadWatch.objects.filter(user=source).values_list("post_id", "mode")
    ]
    CategorySubscription.objects.bulk_create(subscriptions, ignore_conflicts=True)
    TopicSubscription.objects.bulk_create(topics, ignore_conflicts=True)
    ThreadWatch.objects.bulk_create(watches, ignore_conflicts=True)
    if watches:
        BOARD.bump_now_and_on_commit()  # a watch is cached with its thread; bulk_create sends no signals
    return len(subscriptions) + len(topics), len(watches)

"""Write side of the board. Views, admin actions and commands call these; each checks permissions,
validates (full_clean), writes the notifications in the same transaction (board/notifications.py)
and leaves their e-mails to the task worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from board import notifications, permissions
from board.models import (
    Attachment,
    Category,
    CategorySubscription,
    Draft,
    Engagement,
    Notification,
    Post,
    ReadMark,
    Reply,
    Report,
    ThreadWatch,
    TopicSubscription,
    WardAnswer,
)
from board.rendering import render_body
from board.uploads import validate_upload
from core import file_cleanup, wareki
from core.caching import BOARD, NOTICES, READS


class BoardError(Exception):
    """A board action that cannot be done, with a message for the user (Japanese)."""


def _attach(
    *, files: Iterable, user, stored: list, post: Post | None = None, reply: Reply | None = None,
    draft: Draft | None = None,
) -> list[Attachment]:
    """Store the files as attachments; each stored file goes to `stored`, to be deleted again if the
    service fails after storing it (file_cleanup.removed_on_failure)."""
    attachments = []
    for upload in files:
        content_type = validate_upload(upload)
        attachment = Attachment(
            post=post, reply=reply, draft=draft, file=upload, original_name=upload.name[:255], content_type=content_type,
            size=upload.size, uploaded_by=user,
        )
        attachment.full_clean(exclude=["file"])
        attachment.save()
        stored.append(attachment.file)
        attachments.append(attachment)
    return attachments


# A deadline further away than this is a typing mistake (年 typed wrong), not a plan.
MAX_DEADLINE_DAYS = 2 * 366


def check_deadline(category: Category, deadline: dt.date | None, *, current: dt.date | None = None) -> dt.date | None:
    """The deadline a post of `category` keeps: required where the category takes one, from today
    to two years ahead; an unchanged past deadline (`current`) may stay. None elsewhere."""
    if not category.takes_deadline:
        return None
    if deadline is None:
        raise ValidationError({"deadline": f"「{category.name}」では締切日を入力してください。"})
    today = timezone.localdate()
    if deadline < today and deadline != current:
        raise ValidationError({"deadline": (
            f"締切日が過ぎた日付（{wareki.format_date(deadline)}）です。"
            f"今日（{wareki.format_date(today)}）以降の日付を入力してください。"
        )})
    if (deadline - today).days > MAX_DEADLINE_DAYS:
        raise ValidationError({"deadline": "締切日は2年以内の日付を入力してください。"})
    return deadline


def _mentioned_codes(body: str) -> set[str]:
    """The organisations a stored text mentions (an edit notifies only those it adds)."""
    return {t.code for t in render_body(body).mentions} if "@" in body or "＠" in body else set()


def _check_file_count(kept: int, files) -> None:
    if kept + len(files) > settings.BOARD_MAX_FILES:
        raise ValidationError({"files": f"添付できるファイルは{settings.BOARD_MAX_FILES}個までです（登録済み{kept}個）。"})


@transaction.atomic
def post_create(
    *, user, category: Category, title: str, body: str, target_wards=(), files=(), deadline: dt.date | None = None,
    draft: Draft | None = None, remove_attachments=(),
) -> Post:
    """Post a new thread (approved members, liaison officers, Secretariat); from a draft, the draft's
    files (but those in `remove_attachments`) move to the post and the draft is gone."""
    if not permissions.can_post(user):
        raise BoardError("掲示板に投稿できるのは承認済みの会員です。")
    if draft is not None:
        permissions.check_edit_draft(user, draft)
    deadline = check_deadline(category, deadline)
    removed = {a.pk for a in remove_attachments}
    kept = [a for a in draft.attachments.all() if a.pk not in removed] if draft is not None else []
    _check_file_count(len(kept), files)
    rendered = render_body(body)
    now = timezone.now()
    post = Post(
        category=category, author=user, organization_id=user.municipality_id, title=title.strip(), body=body,
        body_html=rendered.html, deadline=deadline, created_at=now, last_activity_at=now,
    )
    post.full_clean()
    with file_cleanup.removed_on_failure() as stored:
        post.save()
        post.target_wards.set(target_wards)
        if kept:
            Attachment.objects.filter(pk__in=[a.pk for a in kept]).update(draft=None, post=post)
        _attach(files=files, user=user, post=post, stored=stored)
        if draft is not None:
            draft.delete()  # with the files unticked in it (their files after the commit)
        ReadMark.objects.update_or_create(user=user, post=post, defaults={"read_at": now})
        told = notifications.post_created(post)
        notifications.mentioned(post=post, targets=rendered.mentions, author=user, skip={n.user_id for n in told})
    return post


@transaction.atomic
def post_update(
    *, user, post: Post, title: str, body: str, target_wards=None, files=(), remove_attachments=(),
    deadline: dt.date | None = None,
) -> Post:
    """Edit one's own post (or any, for the Secretariat). Wards newly targeted and organisations newly
    @mentioned hear of it; a changed deadline sends its reminder again."""
    permissions.check_edit_post(user, post)
    mentioned_before = _mentioned_codes(post.body)
    new_deadline = check_deadline(post.category, deadline, current=post.deadline)
    kept = post.attachments.exclude(pk__in=[a.pk for a in remove_attachments]).count()
    _check_file_count(kept, files)
    rendered = render_body(body)
    post.title = title.strip()
    post.body = body
    post.body_html = rendered.html
    if new_deadline != post.deadline:
        post.deadline = new_deadline
        post.reminded_at = None
    post.full_clean()
    post.save()
    told = []
    if target_wards is not None:
        before = set(post.target_wards.values_list("pk", flat=True))
        post.target_wards.set(target_wards)
        if added := [ward for ward in target_wards if ward.pk not in before]:
            told = notifications.post_targeted(post, wards=added)
    # A removed attachment's file is deleted after the commit (django-cleanup).
    post.attachments.filter(pk__in=[a.pk for a in remove_attachments]).delete()
    with file_cleanup.removed_on_failure() as stored:
        _attach(files=files, user=user, post=post, stored=stored)
    notifications.mentioned(
        post=post, targets=[t for t in rendered.mentions if t.code not in mentioned_before], author=user,
        skip={n.user_id for n in told},
    )
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
    rendered = render_body(body)
    now = timezone.now()
    reply = Reply(post=post, author=user, organization_id=user.municipality_id, body=body,
                  body_html=rendered.html, created_at=now)
    reply.full_clean()
    with file_cleanup.removed_on_failure() as stored:
        reply.save()
        _attach(files=files, user=user, reply=reply, stored=stored)
        Post.objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1, last_activity_at=now)
        ReadMark.objects.update_or_create(user=user, post=post, defaults={"read_at": now})
        told = notifications.reply_created(reply)
        notifications.mentioned(
            post=post, reply=reply, targets=rendered.mentions, author=user, skip={n.user_id for n in told}
        )
    return reply


@transaction.atomic
def reply_update(*, user, reply: Reply, body: str) -> Reply:
    """Edit one's own reply (or any, for the Secretariat); organisations newly @mentioned are notified."""
    permissions.check_edit_reply(user, reply)
    mentioned_before = _mentioned_codes(reply.body)
    rendered = render_body(body)
    reply.body = body
    reply.body_html = rendered.html
    reply.full_clean()
    reply.save()
    if not reply.is_hidden:
        notifications.mentioned(
            post=reply.post, reply=reply, targets=[t for t in rendered.mentions if t.code not in mentioned_before],
            author=user,
        )
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
    if post.category.answer_kind:
        raise BoardError("この分類の投稿には「区の回答」で回答してください。")
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


_UNREAD = object()


def post_mark_read(*, user, post: Post, up_to: dt.datetime | None = None, read_at=_UNREAD) -> None:
    """Record that the user has read the thread up to `up_to` (the last reply of the page they saw;
    None: all of it, now). A read mark only matters against the thread's last activity and never
    moves back, so a visit that finds it already later writes nothing: the thread page's hot path is
    one SELECT (none when the caller passes the `read_at` it read), and a member's several tabs do
    not queue on the mark's row lock. An INSERT on the first visit, an UPDATE after new activity."""
    mark = up_to or timezone.now()
    if read_at is _UNREAD:
        read_at = ReadMark.objects.filter(user=user, post=post).values_list("read_at", flat=True).first()
    if read_at is None:
        ReadMark.objects.get_or_create(user=user, post=post, defaults={"read_at": mark})
    elif read_at < post.last_activity_at and read_at < mark:
        ReadMark.objects.filter(user=user, post=post).update(read_at=mark)
        READS.bump_now_and_on_commit(user.pk)  # update() sends no signal (board/apps.py)


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
    """Secretariat: hide (or show again) a reply."""
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


# ---- Drafts (下書き) ----

@transaction.atomic
def draft_save(
    *, user, draft: Draft | None = None, category: Category | None, title: str, body: str, target_wards=(),
    deadline: dt.date | None = None, files=(), remove_attachments=(),
) -> Draft:
    """Keep an unfinished post on the server (its author only); its files are kept with it."""
    if not permissions.can_post(user):
        raise BoardError("掲示板に投稿できるのは承認済みの会員です。")
    if draft is None:
        if Draft.objects.filter(author=user).count() >= Draft.MAX_PER_AUTHOR:
            raise BoardError(
                f"下書きは{Draft.MAX_PER_AUTHOR}件まで保存できます。使わない下書きを削除してから保存してください。"
            )
        draft = Draft(author=user)
    else:
        permissions.check_edit_draft(user, draft)
    if not title.strip() and not body.strip():
        raise ValidationError("下書きを保存するには、件名か本文を入力してください。")
    kept = draft.attachments.exclude(pk__in=[a.pk for a in remove_attachments]).count() if draft.pk else 0
    _check_file_count(kept, files)
    draft.category = category
    draft.title = title.strip()
    draft.body = body
    draft.deadline = deadline if category is None or category.takes_deadline else None
    draft.full_clean()
    with file_cleanup.removed_on_failure() as stored:
        draft.save()
        draft.target_wards.set(target_wards)
        # A removed attachment's file is deleted after the commit (django-cleanup).
        draft.attachments.filter(pk__in=[a.pk for a in remove_attachments]).delete()
        _attach(files=files, user=user, draft=draft, stored=stored)
    return draft


@transaction.atomic
def draft_delete(*, user, draft: Draft) -> None:
    """Delete one's own draft and its files."""
    permissions.check_edit_draft(user, draft)
    draft.delete()


# ---- The wards' structured answers (区の回答) and the shipment of pamphlets ----

@transaction.atomic
def answer_record(
    *, user, post: Post, ward, response: str, copies: int | None = None, place: str = "", ship_to: str = "",
    note: str = "",
) -> WardAnswer:
    """A ward answers a call for participants (参加する／しない) or a pamphlet request (配布できる／できない,
    部数, 配布場所, 送付先) before the deadline; answering again changes the answer. The requester is told."""
    permissions.check_answer(user, post, ward.pk)
    if response not in WardAnswer.Response.values:
        raise ValidationError({"response": "回答を選んでください。"})
    distribution = post.category.answer_kind == Category.AnswerKind.DISTRIBUTION
    yes = response == WardAnswer.Response.YES
    if distribution and yes:
        errors = {}
        if copies is None:
            errors["copies"] = "配布できる部数を入力してください。"
        if not place.strip():
            errors["place"] = "配布場所を入力してください（例：区役所本庁舎・地域センター）。"
        if not ship_to.strip():
            errors["ship_to"] = "パンフレットの送付先を入力してください。"
        if errors:
            raise ValidationError(errors)
    else:
        copies, place, ship_to = None, "", ""
    answer = WardAnswer.objects.select_for_update().filter(post=post, ward=ward).first()
    if answer is None:
        answer = WardAnswer(post=post, ward=ward)
    elif answer.shipped_at is not None and (not yes or copies != answer.copies or ship_to.strip() != answer.ship_to):
        raise BoardError("発送済みのため、回答・部数・送付先は変更できません。投稿者にご連絡ください。")
    answer.response, answer.copies, answer.place, answer.ship_to = response, copies, place.strip(), ship_to.strip()
    answer.note = note.strip()
    answer.answered_by = user
    answer.post = post
    answer.full_clean()
    answer.save()
    notifications.answer_recorded(answer)
    return answer


@transaction.atomic
def answer_mark_shipped(*, user, answer: WardAnswer, shipped: bool = True) -> WardAnswer:
    """The requester records that the pamphlets were sent to the ward (or takes it back, before receipt)."""
    permissions.check_mark_shipped(user, answer)
    if not shipped and answer.received_at is not None:
        raise BoardError("受領済みのため、発送の記録を取り消せません。")
    answer.shipped_at = timezone.now() if shipped else None
    answer.shipped_by = user if shipped else None
    answer.save(update_fields=["shipped_at", "shipped_by", "updated_at"])
    return answer


@transaction.atomic
def answer_mark_received(*, user, answer: WardAnswer) -> WardAnswer:
    """The ward records that the pamphlets arrived."""
    permissions.check_mark_received(user, answer)
    answer.received_at = timezone.now()
    answer.received_by = user
    answer.save(update_fields=["received_at", "received_by", "updated_at"])
    return answer


def deadline_reminders_send(*, today: dt.date | None = None) -> int:
    """Once per post, BOARD_REMINDER_DAYS days before its deadline (or on the first run after that,
    up to the deadline itself): the officers of targeted wards that have not answered are reminded.
    Called daily by the task worker; returns the number of posts reminded."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.BOARD_REMINDER_DAYS)
    due = (
        Post.objects.filter(
            deadline__gte=today, deadline__lte=horizon, reminded_at__isnull=True, is_hidden=False, is_locked=False,
        )
        .exclude(category__answer_kind="")
        .select_related("category")
        .order_by("deadline", "pk")
    )
    reminded = 0
    for post_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            post = Post.objects.select_for_update().select_related("category").filter(pk=post_id, reminded_at__isnull=True).first()
            if post is None:
                continue  # another worker took it
            waiting = post.target_wards.exclude(answers__post=post)
            notifications.deadline_reminder(post=post, wards=list(waiting), today=today)
            post.reminded_at = timezone.now()
            post.save(update_fields=["reminded_at"])
            reminded += 1
    return reminded


# ---- Reports (通報) ----

@transaction.atomic
def report_create(*, user, post: Post, reply: Reply | None = None, reason: str, text: str = "") -> Report:
    """A member reports a post or reply to the Secretariat, once per item."""
    item = reply or post
    permissions.check_report(user, item)
    text = text.strip()
    if reason == Report.Reason.OTHER and not text:
        raise ValidationError({"text": "「その他」を選んだときは、内容を入力してください。"})
    already = Report.objects.filter(reporter=user, post=post)
    already = already.filter(reply=reply) if reply is not None else already.filter(reply__isnull=True)
    if already.exists():
        raise BoardError("この" + ("返信" if reply else "投稿") + "はすでに通報済みです。事務局が確認します。")
    report = Report(post=post, reply=reply, reporter=user, reason=reason, text=text)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise BoardError("この" + ("返信" if reply else "投稿") + "はすでに通報済みです。事務局が確認します。") from None
    return report


@transaction.atomic
def report_resolve(*, user, report: Report, outcome: str, note: str = "") -> list[Report]:
    """Secretariat: hide the reported item or keep it, with a note. Every open report of the same item
    is closed with it, and each reporter is told the outcome."""
    permissions.check_resolve_report(user)
    if outcome not in (Report.Outcome.HIDDEN, Report.Outcome.KEPT):
        raise ValidationError({"outcome": "対応（非表示にする／表示したまま）を選んでください。"})
    if outcome == Report.Outcome.HIDDEN:
        if report.reply_id:
            reply_hide(user=user, reply=report.reply, hidden=True)
        else:
            post_hide(user=user, post=report.post, hidden=True, reason=note.strip()[:300] or "通報により非表示")
    same = Report.objects.filter(post=report.post_id, outcome=Report.Outcome.OPEN)
    same = same.filter(reply=report.reply_id) if report.reply_id else same.filter(reply__isnull=True)
    closed = list(same.select_related("post", "reply", "reporter")) or [report]
    now = timezone.now()
    for each in closed:
        each.outcome, each.resolution_note, each.resolved_by, each.resolved_at = outcome, note.strip(), user, now
        each.full_clean(validate_constraints=False)
        each.save(update_fields=["outcome", "resolution_note", "resolved_by", "resolved_at"])
    notifications.report_resolved(closed, by=user)
    return closed

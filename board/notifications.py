"""Who hears about what on the board: an entry in their notification centre (always), and the
e-mail their settings ask for (at once, in the daily digest, or none).

Events, and who is told:
- a new post: everyone who follows its category (CategorySubscription: each post, daily digest, or
  nothing — 通知しない means no entry either). Ward liaison officers follow
  新たな連携・交流事業の提案 by default until they choose;
- a post naming target wards: those wards' officers (TARGETED), whatever they follow — also when
  an edit adds a ward;
- a reply: the post's author and everyone watching the thread;
- a ward's answer (区の対応): the post's author and the watchers — the stage, the note, and the
  status it moved the proposal to;
- a status change (募集中 → 調整中 → 実現 / 終了): the post's author and the watchers, with the
  realised event;
- an approved new member: the other members of their organisation;
- an @mention of a ward or member organisation (board/mentions.py): that organisation's members,
  unless the same writing already tells them (as targeted, as the author of the post …);
- a ward's answer to a call or pamphlet request (区の回答): the post's author;
- before a call's or pamphlet request's deadline: once, the officers of the targeted wards that
  have not answered;
- the Secretariat's decision on a report (通報): the reporter (without a link when the item is now
  hidden from them).
Never told: whoever did it; anyone who muted the thread (no entry at all); anyone who may not read
the board or the post (pending, rejected, deactivated; a hidden post's readers are its author and
the Secretariat).
E-mail for new posts follows the category's mode; for everything else the topic's mode
(TopicSubscription: own posts, watched threads, my ward, my organisation, mentions, reports).
Rows are written in the caller's transaction; the e-mails go out from the task worker after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from board.models import (
    Category,
    CategorySubscription,
    Engagement,
    Notification,
    Post,
    Reply,
    ThreadWatch,
    TopicSubscription,
)
from core.caching import NOTICES

User = get_user_model()

DEFAULT_LIAISON_CATEGORY = "proposal"
Topic = TopicSubscription.Topic
MAIL_STATE = {
    CategorySubscription.Mode.EACH: Notification.State.PENDING,
    CategorySubscription.Mode.DIGEST: Notification.State.DIGEST,
    CategorySubscription.Mode.NONE: Notification.State.NO_MAIL,
}


def _secretariat() -> Q:
    """Staff with every staff power (two-factor authentication where required: core.roles)."""
    staff = Q(is_staff=True)
    if settings.PORTAL_STAFF_MFA_REQUIRED:
        staff &= Q(pk__in=Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id"))
    return staff


def board_users():
    """Everyone who may read the board now (core.roles.can_use_board, as a queryset)."""
    return User.objects.filter(is_active=True).filter(
        _secretariat() | Q(approval_status=User.Approval.APPROVED, municipality__isnull=False)
    )


def _readers(post: Post | None, user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who may read `post` (the board, when there is no post)."""
    users = board_users().filter(pk__in=set(user_ids))
    if post is not None and post.is_hidden:
        users = users.filter(_secretariat() | Q(pk=post.author_id))
    return set(users.values_list("pk", flat=True))


def category_modes(*, category: Category) -> dict[int, str]:
    """user id → mode for everyone who follows `category` (explicit choices plus the liaison default)."""
    modes = dict(
        CategorySubscription.objects.filter(category=category).values_list("user_id", "mode")
    )
    if category.slug == DEFAULT_LIAISON_CATEGORY:
        liaisons = board_users().filter(municipality__kind="ward", is_staff=False).values_list("pk", flat=True)
        for user_id in liaisons:
            modes.setdefault(user_id, CategorySubscription.Mode.EACH)
    return {uid: mode for uid, mode in modes.items() if mode != CategorySubscription.Mode.NONE}


def topic_modes(*, topic: str, user_ids: Iterable[int]) -> dict[int, str]:
    """user id → e-mail mode for `topic`, with the default for those who never chose."""
    user_ids = set(user_ids)
    chosen = dict(
        TopicSubscription.objects.filter(topic=topic, user_id__in=user_ids).values_list("user_id", "mode")
    )
    default = TopicSubscription.DEFAULTS[topic]
    return {uid: chosen.get(uid, default) for uid in user_ids}


def _muted(post: Post) -> set[int]:
    return set(ThreadWatch.objects.filter(post=post, mode=ThreadWatch.Mode.MUTE).values_list("user_id", flat=True))


def _watchers(post: Post) -> set[int]:
    return set(ThreadWatch.objects.filter(post=post, mode=ThreadWatch.Mode.WATCH).values_list("user_id", flat=True))


def _write(post: Post | None, wanted: dict[int, tuple[str, str]], *, actor_id: int | None, **fields) -> list[Notification]:
    """One row per recipient (kind, mail state), minus the actor, the muted and those who may not read it."""
    if not wanted:
        return []
    excluded = ({actor_id} if actor_id else set()) | (_muted(post) if post is not None else set())
    allowed = _readers(post, wanted.keys() - excluded)
    notifications = Notification.objects.bulk_create(
        Notification(user_id=uid, post=post, kind=kind, state=state, actor_id=actor_id, **fields)
        for uid, (kind, state) in sorted(wanted.items())
        if uid in allowed
    )
    if notifications:
        NOTICES.bump_now_and_on_commit()
        _send_after_commit(notifications)
    return notifications


def _thread_people(post: Post, kind: str) -> dict[int, tuple[str, str]]:
    """The post's author (their "own posts" mode) and the watchers (their "watched threads" mode)."""
    watchers = _watchers(post) - {post.author_id}
    wanted = {
        uid: (kind, MAIL_STATE[mode]) for uid, mode in topic_modes(topic=Topic.WATCHED, user_ids=watchers).items()
    }
    own = topic_modes(topic=Topic.OWN, user_ids=[post.author_id])[post.author_id]
    wanted[post.author_id] = (kind, MAIL_STATE[own])
    return wanted


def _ward_officers(post: Post, wards) -> dict[int, tuple[str, str]]:
    officers = board_users().filter(municipality__ward__in=wards).values_list("pk", flat=True)
    return {
        uid: (Notification.Kind.TARGETED, MAIL_STATE[mode]) for uid, mode in topic_modes(topic=Topic.WARD, user_ids=officers).items()
    }


def post_created(post: Post) -> list[Notification]:
    """A new post: its category's followers, and the officers of the wards it targets."""
    wanted: dict[int, tuple[str, str]] = {
        uid: (Notification.Kind.NEW_POST, MAIL_STATE[mode]) for uid, mode in category_modes(category=post.category).items()
    }
    wanted |= _ward_officers(post, post.target_wards.all())
    return _write(post, wanted, actor_id=post.author_id, actor_organization_id=post.organization_id)


def post_targeted(post: Post, *, wards) -> list[Notification]:
    """An edited post that now also targets `wards`: their officers hear of it (as of a new post)."""
    return _write(post, _ward_officers(post, wards), actor_id=post.author_id, actor_organization_id=post.organization_id)


def reply_created(reply: Reply) -> list[Notification]:
    """A reply: the post's author and the thread's watchers."""
    return _write(
        reply.post, _thread_people(reply.post, Notification.Kind.REPLY),
        actor_id=reply.author_id, actor_organization_id=reply.organization_id, reply=reply,
    )


def engagement_marked(engagement: Engagement, *, moved_to: str = "") -> list[Notification]:
    """A ward's answer (区の対応) on a proposal: its author and watchers; `moved_to` is the status
    the answer moved the proposal to (募集中 → 調整中), if it did."""
    post = engagement.post
    return _write(
        post, _thread_people(post, Notification.Kind.ENGAGEMENT),
        actor_id=engagement.marked_by_id, actor_organization_id=engagement.ward_id,
        stage=engagement.stage, note=engagement.note, status=moved_to,
    )


def status_changed(post: Post, *, by) -> list[Notification]:
    """A proposal's new status: its author and watchers, with the note and the realised event."""
    return _write(
        post, _thread_people(post, Notification.Kind.STATUS),
        actor_id=by.pk, actor_organization_id=by.municipality_id, status=post.status, note=post.status_note,
        event_id=post.realised_event_id if post.status == Post.Status.REALISED else None,
    )


def member_approved(member) -> list[Notification]:
    """A new member of an organisation was approved: its other members hear of it."""
    colleagues = board_users().filter(municipality_id=member.municipality_id).exclude(pk=member.pk).values_list("pk", flat=True)
    wanted = {
        uid: (Notification.Kind.MEMBER, MAIL_STATE[mode])
        for uid, mode in topic_modes(topic=Topic.ORGANIZATION, user_ids=colleagues).items()
    }
    return _write(None, wanted, actor_id=member.pk, actor_organization_id=member.municipality_id)


def mentioned(*, post: Post, targets, author, reply: Reply | None = None, skip: Iterable[int] = ()) -> list[Notification]:
    """The members of the organisations @mentioned in a post or reply (`targets`), except those the
    same writing already notified (`skip`)."""
    codes = [t.code for t in targets]
    if not codes:
        return []
    members = set(board_users().filter(municipality_id__in=codes).values_list("pk", flat=True)) - set(skip)
    wanted = {
        uid: (Notification.Kind.MENTION, MAIL_STATE[mode]) for uid, mode in topic_modes(topic=Topic.MENTION, user_ids=members).items()
    }
    organization = reply.organization_id if reply is not None else post.organization_id
    return _write(post, wanted, actor_id=author.pk, actor_organization_id=organization, reply=reply)


def answer_recorded(answer) -> list[Notification]:
    """A ward's answer to a call or pamphlet request (区の回答): the post's author, with the answer."""
    post = answer.post
    own = topic_modes(topic=Topic.OWN, user_ids=[post.author_id])[post.author_id]
    note = answer.response_label + (f"（{answer.copies:,}部）" if answer.copies else "")
    return _write(
        post, {post.author_id: (Notification.Kind.ANSWER, MAIL_STATE[own])},
        actor_id=answer.answered_by_id, actor_organization_id=answer.ward_id, note=note,
    )


def deadline_reminder(*, post: Post, wards, today) -> list[Notification]:
    """Before the deadline: the officers of `wards` (targeted, not answered yet), once."""
    from core import wareki

    if not wards:
        return []
    officers = set(board_users().filter(municipality__ward__in=wards, is_staff=False).values_list("pk", flat=True))
    days = (post.deadline - today).days
    note = f"締切：{wareki.format_date(post.deadline)}（" + (f"あと{days}日" if days else "本日締切") + "）"
    wanted = {
        uid: (Notification.Kind.DEADLINE, MAIL_STATE[mode]) for uid, mode in topic_modes(topic=Topic.WARD, user_ids=officers).items()
    }
    return _write(post, wanted, actor_id=None, actor_organization_id=post.organization_id, note=note)


def report_resolved(reports, *, by) -> list[Notification]:
    """The Secretariat's decision on reports of one item: each reporter, with the outcome and the
    note. An item now hidden is not linked (its reporter may no longer read it)."""
    reports = list(reports)
    if not reports:
        return []
    first = reports[0]
    hidden = first.outcome == first.Outcome.HIDDEN
    post = None if hidden and not first.reply_id else first.post
    reply = None if hidden or not first.reply_id else first.reply
    note = f"{first.item_label}：{first.get_outcome_display()}"
    if first.resolution_note:
        note += f"（{first.resolution_note}）"
    reporters = {r.reporter_id for r in reports}
    wanted = {
        uid: (Notification.Kind.REPORT, MAIL_STATE[mode]) for uid, mode in topic_modes(topic=Topic.REPORT, user_ids=reporters).items()
    }
    return _write(post, wanted, actor_id=by.pk, reply=reply, note=note[:300])


def _send_after_commit(notifications: list[Notification]) -> None:
    from board.tasks import send_notification

    ids = [n.pk for n in notifications if n.state == Notification.State.PENDING]
    if ids:
        transaction.on_commit(lambda: [send_notification.enqueue(notification_id=i) for i in ids])

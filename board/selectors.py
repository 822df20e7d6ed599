"""Read side of the board. Every board queryset starts from `post_list_visible_to`."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from board.models import Attachment, Engagement, Notification, Post, ReadMark, Reply, ThreadWatch
from core import fulltext
from core.roles import can_use_board, is_secretariat, ward_code_of


def post_list_visible_to(*, user) -> QuerySet[Post]:
    """Posts the user may see: none for outsiders; hidden ones only for the Secretariat and their authors."""
    if not can_use_board(user):
        return Post.objects.none()
    qs = Post.objects.select_related("category", "organization", "organization__prefecture", "author")
    if not is_secretariat(user):
        qs = qs.filter(Q(is_hidden=False) | Q(author=user))
    return qs


# What an index row shows (templates/board/_thread_row.html); the bodies are not read for the index.
# Everything an index row (templates/board/_thread_row.html) shows: the columns read for it, and
# with what `with_ward_names` and the unread mark add, the key of its cached HTML.
INDEX_FIELDS = (
    "pk", "title", "status", "is_pinned", "is_locked", "is_hidden", "reply_count", "last_activity_at",
    "category__name", "category__has_workflow", "organization__name", "organization__prefecture__name",
)
INDEX_ROW_SHOWS = (*INDEX_FIELDS, "ward_names", "is_unread")


def post_index(*, user, filters: dict | None = None) -> QuerySet[Post]:
    """The index: visible posts, newest activity first (pinned on top), with only the columns a row
    shows. Target wards and unread flags are added for the page shown (`index_page`): a per-row
    subquery would run for every matching post before the sort, i.e. 100,000 times on a large board."""
    filters = filters or {}
    qs = (
        post_list_visible_to(user=user)
        .select_related(None)
        .select_related("category", "organization__prefecture")
        .only(*INDEX_FIELDS)
    )
    if category := filters.get("category"):
        qs = qs.filter(category=category)
    if status := filters.get("status"):
        qs = qs.filter(status=status, category__has_workflow=True)
    if prefecture := filters.get("prefecture"):
        qs = qs.filter(organization__prefecture=prefecture)
    if ward := filters.get("ward"):
        qs = qs.filter(Q(target_wards=ward) | Q(engagements__ward=ward) | Q(organization_id=ward.pk)).distinct()
    if show := filters.get("show"):
        qs = _shown_to(qs, user=user, show=show)
    if text := filters.get("q"):
        # Indexed on PostgreSQL (core/fulltext.py). Results keep the index's order (pinned, then
        # latest activity), which PostgreSQL reads in index order: a common word costs the same as a rare one.
        qs = fulltext.search(qs, text, ("title", "body"))
    return qs


# The index's personal lists (`?show=`), each also a list of the workspace (/board/mine/).
SHOW_MINE, SHOW_WATCHED, SHOW_WARD, SHOW_UNANSWERED = "mine", "watched", "ward", "unanswered"
OPEN_STATUSES = (Post.Status.OPEN, Post.Status.COORDINATING)


def _shown_to(qs: QuerySet[Post], *, user, show: str) -> QuerySet[Post]:
    ward = ward_code_of(user)
    if show == SHOW_MINE:
        return qs.filter(author=user)
    if show == SHOW_WATCHED:
        return qs.filter(Exists(ThreadWatch.objects.filter(post=OuterRef("pk"), user=user, mode=ThreadWatch.Mode.WATCH)))
    if show == SHOW_WARD and ward:
        return qs.filter(Exists(Post.target_wards.through.objects.filter(post=OuterRef("pk"), ward_id=ward)))
    if show == SHOW_UNANSWERED and ward:
        return qs.filter(
            Exists(Post.target_wards.through.objects.filter(post=OuterRef("pk"), ward_id=ward)),
            category__has_workflow=True, status__in=OPEN_STATUSES,
        ).exclude(Exists(Engagement.objects.filter(post=OuterRef("pk"), ward_id=ward))).exclude(
            Exists(Reply.objects.filter(post=OuterRef("pk"), organization_id=ward, is_hidden=False))
        )
    return qs.none()


def index_owner(user, filters: dict) -> tuple:
    """Whose index page this is, as a cache key part: a personal list (`show`) is the member's own
    (mine, watched) or their ward's (ward, unanswered); every other page is shared."""
    show = filters.get("show")
    if show in (SHOW_MINE, SHOW_WATCHED):
        return ("user", user.pk)
    if show in (SHOW_WARD, SHOW_UNANSWERED):
        return ("ward", ward_code_of(user))
    return ()


def workspace(*, user, limit: int = 10) -> dict:
    """The lists of /board/mine/, each (count, first rows): for a ward's officer the posts that target
    the ward and the proposals it has not answered yet (oldest first); for everyone their watched
    threads with unread replies and their own posts."""
    lists = {}
    index = (
        post_list_visible_to(user=user)
        .select_related(None)
        .select_related("category", "organization__prefecture")
        .only(*INDEX_FIELDS, "created_at")
    )
    if ward_code_of(user):
        targeted = _shown_to(index, user=user, show=SHOW_WARD)
        unanswered = _shown_to(index, user=user, show=SHOW_UNANSWERED)
        lists[SHOW_WARD] = (targeted.count(), list(targeted[:limit]))
        lists[SHOW_UNANSWERED] = (unanswered.count(), list(unanswered.order_by("created_at", "pk")[: limit * 2]))
    read_at = ReadMark.objects.filter(user=user, post=OuterRef("pk")).values("read_at")[:1]
    watched = (
        _shown_to(index, user=user, show=SHOW_WATCHED)
        .annotate(read_at=Subquery(read_at))
        .filter(Q(read_at__isnull=True) | Q(read_at__lt=F("last_activity_at")))
    )
    mine = index.filter(author=user)
    lists[SHOW_WATCHED] = (watched.count(), list(watched[:limit]))
    lists[SHOW_MINE] = (mine.count(), list(mine[:limit]))
    return lists


def visibility_of(user) -> str | tuple[str, int]:
    """Which posts and replies the user sees, as a cache key part: the Secretariat all of them;
    a member who wrote hidden ones, those too (their own key); every other member the same ones."""
    if is_secretariat(user):
        return "secretariat"
    if Post.objects.filter(author=user, is_hidden=True).exists():
        return ("author", user.pk)
    return "members"


def page_posts(page_posts: QuerySet[Post], *, ids_first: bool) -> list[Post]:
    """The posts of one index page (a sliced `post_index`). `ids_first` (keyword searches): the page's
    ids are found first, without joins, and the rows read by id after: a search that matches
    thousands of posts (bitmap scan, then sort) would otherwise join every match before sorting."""
    if not ids_first:
        return list(page_posts)
    ids = list(page_posts.values_list("pk", flat=True))
    by_pk = Post.objects.select_related("category", "organization__prefecture").only(*INDEX_FIELDS).in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def with_ward_names(posts) -> list[Post]:
    """The posts of one index page with `ward_names` (target wards, in the wards' order): one light
    query (values, no model instances) for the whole page."""
    posts = list(posts)
    wards: dict[int, list[str]] = {}
    for post_id, name in (
        Post.target_wards.through.objects.filter(post_id__in=[p.pk for p in posts])
        .order_by("ward__sort_order", "ward_id")
        .values_list("post_id", "ward__municipality__name")
    ):
        wards.setdefault(post_id, []).append(name)
    for post in posts:
        post.ward_names = wards.get(post.pk, [])
    return posts


def read_marks(*, user, post_ids) -> dict[int, datetime]:
    """When the user last read each of these posts (absent: never)."""
    return dict(ReadMark.objects.filter(user=user, post__in=list(post_ids)).values_list("post_id", "read_at"))


def post_detail_for_members(*, post_id: int) -> Post | None:
    """A thread as every member sees it (not hidden), or None; shared by all members (board/cache.py)."""
    try:
        return _post_detail(Post.objects.filter(is_hidden=False), post_id)
    except Post.DoesNotExist:
        return None


def post_detail(*, user, post_id: int) -> Post:
    """One thread with what its head shows, prefetched (attachments, engagements); replies: `reply_rows`."""
    return _post_detail(post_list_visible_to(user=user), post_id)


def _post_detail(posts: QuerySet[Post], post_id: int) -> Post:
    return (
        posts.select_related("category", "organization", "organization__prefecture", "author")
        .prefetch_related(
            # Set on few threads: prefetched (no query when empty) rather than joined (each join
            # costs planning time on every thread view).
            "realised_event", "realised_relation__municipality", "realised_relation__ward__municipality",
            "target_wards__municipality",
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            Prefetch(
                "engagements",
                queryset=Engagement.objects.select_related("ward__municipality", "marked_by").order_by("ward__sort_order", "ward_id"),
            ),
        )
        .get(pk=post_id)
    )


def _visible_replies(*, user, post: Post) -> QuerySet[Reply]:
    replies = Reply.objects.filter(post=post)
    if not is_secretariat(user):
        replies = replies.filter(Q(is_hidden=False) | Q(author=user))
    return replies


class ReplyRow(NamedTuple):
    """What a rendered reply shows, in a form cheap to read and to compare (no model instance, the
    update time as the database's text): the key of its cached HTML (core/fragments.py)."""

    pk: int
    author_id: int
    updated: str
    is_hidden: bool
    author_name: str
    organization_name: str
    prefecture_name: str
    attachment_ids: tuple[int, ...]


def reply_rows(*, user, post: Post) -> list[ReplyRow]:
    """The thread's replies the user may see, as light rows: everything a rendered reply shows except
    its body and files, which change only with `updated_at` (and `attachment_ids`). Two queries, no
    model instances: a 200-reply thread costs little when its rendered replies are cached."""
    rows = _visible_replies(user=user, post=post).values_list(
        "pk", "author_id", Cast("updated_at", TextField()), "is_hidden", "author__full_name",
        "organization__name", "organization__prefecture__name",
    )
    files: dict[int, list[int]] = {}
    for reply_id, attachment_id in (
        Attachment.objects.filter(reply__post=post).order_by("pk").values_list("reply_id", "pk")
    ):
        files.setdefault(reply_id, []).append(attachment_id)
    return [ReplyRow(*row, tuple(files.get(row[0], ()))) for row in rows]


def replies_by_pk(*, user, post: Post, pks: list[int]) -> dict[int, Reply]:
    """Whole replies (author, organisation, attachments) for the rows that must be rendered."""
    replies = (
        _visible_replies(user=user, post=post)
        .filter(pk__in=pks)
        .select_related("author", "organization", "organization__prefecture")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
    )
    return {reply.pk: reply for reply in replies}


def attachment_visible_to(*, user, attachment_id: int) -> Attachment:
    """An attachment whose thread (and reply) the user may see; DoesNotExist otherwise."""
    visible_posts = post_list_visible_to(user=user)
    qs = Attachment.objects.select_related("post", "reply", "reply__post").filter(
        Q(post__in=visible_posts) | Q(reply__post__in=visible_posts)
    )
    if not is_secretariat(user):
        qs = qs.filter(
            Q(reply__isnull=True) | Q(reply__is_hidden=False) | Q(reply__author=user)
        )
    return qs.get(pk=attachment_id)


# ---- Notifications (the notification centre, /members/notifications/, and the header's count) ----


def notifications_visible_to(*, user) -> QuerySet[Notification]:
    """The user's notification entries, without those of posts or replies they can no longer see
    (hidden since: only their authors and the Secretariat still see them)."""
    if not can_use_board(user):
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    if not is_secretariat(user):
        qs = qs.filter(Q(post__isnull=True) | Q(post__is_hidden=False) | Q(post__author=user))
        qs = qs.filter(Q(reply__isnull=True) | Q(reply__is_hidden=False) | Q(reply__author=user))
    return qs


def notification_entries(*, user) -> QuerySet[Notification]:
    """The entries as the notification centre lists them: unread first, then newest first, with
    everything an entry shows joined (one query per page, whatever the number of entries)."""
    return (
        notifications_visible_to(user=user)
        .select_related(
            "post", "post__category", "reply", "actor", "actor_organization", "actor_organization__prefecture", "event",
        )
        .defer("post__body", "post__body_html", "reply__body")
        .annotate(read_order=Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("read_order", "-created_at", "-pk")
    )


def unread_notification_count(*, user) -> int:
    """How many of the user's entries are unread (the header's badge; cached in board/cache.py)."""
    return notifications_visible_to(user=user).filter(read_at__isnull=True).count()

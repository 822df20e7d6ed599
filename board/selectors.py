"""Read side of the board. Every board queryset starts from `post_list_visible_to`."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from board.models import Attachment, Engagement, Post, ReadMark, Reply
from portal import fulltext
from portal.permissions import can_use_board, is_secretariat


def post_list_visible_to(*, user) -> QuerySet[Post]:
    """Posts the user may see: none for outsiders; hidden ones only for the Secretariat and their authors."""
    if not can_use_board(user):
        return Post.objects.none()
    qs = Post.objects.select_related("category", "organization", "organization__prefecture", "author")
    if not is_secretariat(user):
        qs = qs.filter(Q(is_hidden=False) | Q(author=user))
    return qs


def post_index(*, user, filters: dict | None = None) -> QuerySet[Post]:
    """The index: visible posts with their target wards, newest activity first (pinned on top).

    Unread flags are not computed here but for the page shown (`mark_unread`): a per-row subquery
    would run for every matching post before the sort, i.e. 100,000 times on a large board."""
    filters = filters or {}
    qs = post_list_visible_to(user=user).prefetch_related("target_wards__municipality")
    if category := filters.get("category"):
        qs = qs.filter(category=category)
    if status := filters.get("status"):
        qs = qs.filter(status=status, category__has_workflow=True)
    if prefecture := filters.get("prefecture"):
        qs = qs.filter(organization__prefecture=prefecture)
    if ward := filters.get("ward"):
        qs = qs.filter(Q(target_wards=ward) | Q(engagements__ward=ward) | Q(organization_id=ward.pk)).distinct()
    if text := filters.get("q"):
        # Indexed on PostgreSQL (portal/fulltext.py). Results keep the index's order (pinned, then
        # latest activity), which PostgreSQL reads in index order: a common word costs the same as a rare one.
        qs = fulltext.search(qs, text, ("title", "body"))
    return qs


def mark_unread(*, user, posts) -> list[Post]:
    """Set `is_unread` on the posts of one page (one query for the user's read marks)."""
    posts = list(posts)
    read = dict(ReadMark.objects.filter(user=user, post__in=[p.pk for p in posts]).values_list("post_id", "read_at"))
    for post in posts:
        read_at = read.get(post.pk)
        post.is_unread = read_at is None or read_at < post.last_activity_at
    return posts


def post_detail(*, user, post_id: int) -> Post:
    """One thread with what its head shows, prefetched (attachments, engagements); replies: `reply_rows`."""
    return (
        post_list_visible_to(user=user)
        .select_related("realised_event", "realised_relation__municipality", "realised_relation__ward__municipality")
        .prefetch_related(
            "target_wards__municipality",
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            Prefetch("engagements", queryset=Engagement.objects.select_related("ward__municipality", "marked_by")),
        )
        .get(pk=post_id)
    )


def _visible_replies(*, user, post: Post) -> QuerySet[Reply]:
    replies = Reply.objects.filter(post=post)
    if not is_secretariat(user):
        replies = replies.filter(Q(is_hidden=False) | Q(author=user))
    return replies


def reply_rows(*, user, post: Post) -> list[dict]:
    """The thread's replies the user may see, as light rows: everything a rendered reply shows except
    its body and files, which change only with `updated_at` (and `attachment_ids`). Two queries, no
    model instances: a 200-reply thread costs little when its rendered replies are cached."""
    rows = list(
        _visible_replies(user=user, post=post).values(
            "pk", "created_at", "updated_at", "is_hidden", "author_id", "author__full_name",
            "organization__name", "organization__prefecture__name",
        )
    )
    files: dict[int, list[int]] = {}
    for reply_id, attachment_id in (
        Attachment.objects.filter(reply__post=post).order_by("pk").values_list("reply_id", "pk")
    ):
        files.setdefault(reply_id, []).append(attachment_id)
    for row in rows:
        row["attachment_ids"] = tuple(files.get(row["pk"], ()))
    return rows


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

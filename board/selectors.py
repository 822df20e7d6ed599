"""Read side of the board. Every board queryset starts from `post_list_visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from agreements.models import Federation
from board.models import (
    Attachment,
    Draft,
    Engagement,
    Notification,
    Post,
    ReadMark,
    Reply,
    Report,
    ThreadWatch,
    WardAnswer,
)
from core import fulltext, wareki
from core.roles import can_use_board, is_secretariat, ward_code_of
from events.models import Event
from municipalities.models import Area, ExchangeRelation, Ward

# Replies shown on one page of a thread (the post itself is on every page).
REPLIES_PER_PAGE = 50


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
    "pk", "title", "status", "is_pinned", "is_locked", "is_hidden", "reply_count", "last_activity_at", "deadline",
    "category__name", "category__has_workflow", "category__answer_kind", "organization__name",
    "organization__prefecture__name",
)
# `days_left` (the deadline against today) and `answer_counts` are added for the page shown.
INDEX_ROW_SHOWS = (*INDEX_FIELDS, "days_left", "ward_names", "answer_counts", "is_unread")


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
SHOW_DEADLINES = "deadlines"
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
        ).exclude(Exists(WardAnswer.objects.filter(post=OuterRef("pk"), ward_id=ward)))
    if show == SHOW_DEADLINES and ward:
        # Calls and pamphlet requests to the ward, still open, that it has not answered (区の回答).
        return qs.filter(
            Exists(Post.target_wards.through.objects.filter(post=OuterRef("pk"), ward_id=ward)),
            deadline__gte=timezone.localdate(), is_locked=False,
        ).exclude(category__answer_kind="").exclude(Exists(WardAnswer.objects.filter(post=OuterRef("pk"), ward_id=ward)))
    return qs.none()


def index_owner(user, filters: dict) -> tuple:
    """Whose index page this is, as a cache key part: a personal list (`show`) is the member's own
    (mine, watched) or their ward's (ward, unanswered); every other page is shared."""
    show = filters.get("show")
    if show in (SHOW_MINE, SHOW_WATCHED):
        return ("user", user.pk)
    if show in (SHOW_WARD, SHOW_UNANSWERED, SHOW_DEADLINES):
        return ("ward", ward_code_of(user))
    return ()


def workspace(*, user, limit: int = 10) -> dict:
    """The lists of /board/mine/, each (count, first rows): for a ward's officer the posts that target
    the ward, the proposals it has not answered yet (oldest first) and the calls and pamphlet requests
    it has not answered before their deadline (soonest first); for everyone their watched threads
    with unread replies and their own posts."""
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
        closing = _shown_to(index, user=user, show=SHOW_DEADLINES)
        lists[SHOW_DEADLINES] = (closing.count(), list(closing.order_by("deadline", "pk")[:limit]))
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


class AnswerCounts(NamedTuple):
    answered: int
    yes: int
    copies: int


def with_answer_counts(posts: list[Post]) -> list[Post]:
    """The posts of one index page with `answer_counts` (wards that answered, said yes, copies): one
    query for the whole page, whatever its posts' categories."""
    counts = {
        row["post_id"]: AnswerCounts(row["answered"], row["yes"], row["copies"] or 0)
        for row in WardAnswer.objects.filter(post_id__in=[p.pk for p in posts])
        .values("post_id")
        .annotate(answered=Count("pk"), yes=Count("pk", filter=Q(response="yes")), copies=Sum("copies"))
        .order_by()
    }
    for post in posts:
        post.answer_counts = counts.get(post.pk) if post.category.answer_kind else None
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
            Prefetch(
                "answers",
                queryset=WardAnswer.objects.select_related("ward__municipality", "answered_by").order_by("ward__sort_order", "ward_id"),
            ),
        )
        .get(pk=post_id)
    )


@dataclass(frozen=True)
class AnswerTable:
    """Every ward's answer to a call or pamphlet request, the totals, and the targeted wards that
    have not answered (from the prefetched `answers` and `target_wards` of `post_detail`)."""

    answers: list[WardAnswer]
    yes: int
    no: int
    copies: int
    shipped: int
    received: int
    waiting: list[Ward]


def answer_table(post: Post) -> AnswerTable:
    answers = list(post.answers.all())
    for answer in answers:
        answer.post = post  # its labels need the category; no query
    answered = {a.ward_id for a in answers}
    yes = [a for a in answers if a.is_yes]
    return AnswerTable(
        answers=answers, yes=len(yes), no=len(answers) - len(yes), copies=sum(a.copies or 0 for a in yes),
        shipped=sum(1 for a in yes if a.shipped_at), received=sum(1 for a in yes if a.received_at),
        waiting=[w for w in post.target_wards.all() if w.pk not in answered],
    )


def _visible_replies(*, user, post: Post) -> QuerySet[Reply]:
    replies = Reply.objects.filter(post=post)
    if not is_secretariat(user):
        replies = replies.filter(Q(is_hidden=False) | Q(author=user))
    return replies


class ReplyRow(NamedTuple):
    """What a rendered reply shows, in a form cheap to read and to compare (no model instance, the
    update time as the database's text): with its number in the thread, the key of its cached HTML
    (core/fragments.py)."""

    pk: int
    author_id: int
    created_at: datetime
    updated: str
    is_hidden: bool
    author_name: str
    organization_name: str
    prefecture_name: str
    attachment_ids: tuple[int, ...]


def reply_count(*, user, post: Post) -> int:
    """How many of the thread's replies the user sees."""
    return _visible_replies(user=user, post=post).count()


def reply_rows(*, user, post: Post, offset: int = 0, limit: int | None = None) -> list[ReplyRow]:
    """The replies of one page of the thread that the user may see, as light rows: everything a
    rendered reply shows except its body and files, which change only with `updated_at` (and
    `attachment_ids`). Two queries, whatever the thread's length; no model instances."""
    rows = _visible_replies(user=user, post=post).order_by("created_at", "pk").values_list(
        "pk", "author_id", "created_at", Cast("updated_at", TextField()), "is_hidden", "author__full_name",
        "organization__name", "organization__prefecture__name",
    )
    rows = list(rows[offset : offset + limit] if limit is not None else rows[offset:])
    files: dict[int, list[int]] = {}
    if rows:
        for reply_id, attachment_id in (
            Attachment.objects.filter(reply_id__in=[row[0] for row in rows]).order_by("pk").values_list("reply_id", "pk")
        ):
            files.setdefault(reply_id, []).append(attachment_id)
    return [ReplyRow(*row, tuple(files.get(row[0], ()))) for row in rows]


def reply_position(*, user, post: Post, reply: Reply) -> int:
    """The reply's number (1, 2, …) among the thread's replies the user sees."""
    before = Q(created_at__lt=reply.created_at) | Q(created_at=reply.created_at, pk__lt=reply.pk)
    return _visible_replies(user=user, post=post).filter(before).count() + 1


def page_of(position: int) -> int:
    return (position - 1) // REPLIES_PER_PAGE + 1


def first_unread_reply(*, user, post: Post, read_at: datetime) -> tuple[int, int] | None:
    """(reply id, number) of the first reply the user has not read — written by someone else after
    their read mark — or None."""
    replies = _visible_replies(user=user, post=post)
    first = (
        replies.filter(created_at__gt=read_at).exclude(author=user).order_by("created_at", "pk")
        .values_list("pk", "created_at").first()
    )
    if first is None:
        return None
    pk, created_at = first
    before = Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
    return pk, replies.filter(before).count() + 1


def visible_reply(*, user, reply_id: int) -> Reply | None:
    """A reply the user may see, in a thread they may see (None otherwise: never another's hidden one)."""
    reply = (
        Reply.objects.filter(pk=reply_id, post__in=post_list_visible_to(user=user))
        .select_related("post", "author", "organization")
        .first()
    )
    if reply is None or (reply.is_hidden and not is_secretariat(user) and reply.author_id != user.pk):
        return None
    return reply


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
        Q(post__in=visible_posts) | Q(reply__post__in=visible_posts) | Q(draft__author=user)
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


def unread_notification_post_ids(*, user) -> frozenset[int]:
    """The posts of the user's unread entries (a thread opened marks its entries read)."""
    return frozenset(
        notifications_visible_to(user=user).filter(read_at__isnull=True, post__isnull=False).values_list("post_id", flat=True)
    )


def drafts_of(*, user) -> QuerySet[Draft]:
    """The user's own drafts, latest first, with their category and number of files."""
    return (
        Draft.objects.filter(author=user).select_related("category").annotate(file_count=Count("attachments"))
        .order_by("-updated_at", "-pk")
    )


def open_report_count() -> int:
    """Reports the Secretariat has not decided yet (the admin's queue)."""
    return Report.objects.filter(outcome=Report.Outcome.OPEN).count()


# ---- Wards a poster's organisation already works with (「交流のある区」) ----

@dataclass
class WardSuggestion:
    ward: Ward
    reasons: list[str] = field(default_factory=list)


def suggested_wards(*, municipality_id: str | None) -> list[WardSuggestion]:
    """The wards the organisation has recorded ties with, each with the reasons, in the wards' order:
    exchange relations (友好都市, 災害時相互応援協定 …), the area pairing (地域別の交流), joint events,
    events of its federation (広域連携協定) with a ward, and wards that took up its earlier proposals.
    Nothing for a ward's own officers or an organisation without ties."""
    if not municipality_id or municipality_id.startswith("131"):
        return []
    found: dict[str, WardSuggestion] = {}

    def add(ward_id: str, reason: str) -> None:
        suggestion = found.setdefault(ward_id, WardSuggestion(ward=None))
        if reason not in suggestion.reasons:
            suggestion.reasons.append(reason)

    for ward_id, kind, since, precision in ExchangeRelation.objects.filter(municipality_id=municipality_id).values_list(
        "ward_id", "kind", "since", "since_precision"
    ):
        label = ExchangeRelation.Kind(kind).label
        add(ward_id, f"{label}（{wareki.format_date(since, precision)}から）" if since else label)
    for ward_id, area in Area.objects.filter(municipalities=municipality_id, paired_ward__isnull=False).values_list(
        "paired_ward_id", "name"
    ):
        add(ward_id, f"{area}との地域別交流")
    events = Event.objects.filter(is_published=True)
    for ward_id, title in (
        events.filter(municipalities=municipality_id, wards__isnull=False)
        .order_by("-start_date").values_list("wards", "title")[:20]
    ):
        add(ward_id, f"共同のイベント「{title}」")
    federations = dict(Federation.objects.filter(members=municipality_id).values_list("pk", "name"))
    if federations:
        for ward_id, federation_id, title in (
            events.filter(federations__in=federations, wards__isnull=False)
            .order_by("-start_date").values_list("wards", "federations", "title")[:40]
        ):
            if federation_id in federations:
                add(ward_id, f"{federations[federation_id]}（加盟団体）との連携「{title}」")
    for ward_id, n in (
        Engagement.objects.filter(post__organization_id=municipality_id, post__is_hidden=False)
        .values("ward_id").annotate(n=Count("pk")).order_by().values_list("ward_id", "n")
    ):
        add(ward_id, f"これまでの提案に対応（{n}件）")
    if not found:
        return []
    wards = Ward.objects.select_related("municipality").in_bulk(list(found))
    for ward_id, suggestion in found.items():
        suggestion.ward = wards[ward_id]
    return sorted(found.values(), key=lambda s: (s.ward.sort_order, s.ward.pk))

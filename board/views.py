"""The members-only board: index, thread, posting, replying, status, engagement, moderation, downloads.

Reads go through board.selectors (what the user may see), writes through board.services (which check
permissions and validate). A service's refusal becomes a 403 page (PermissionDenied) or a form error
(BoardError / ValidationError) with everything the member typed kept in the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Select
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.views import View
from django.views.decorators.cache import never_cache

from board import cache as board_cache
from board import permissions, selectors, services
from board.forms import (
    AnswerForm,
    BoardFilterForm,
    EngagementForm,
    ModerationForm,
    MoveForm,
    PostForm,
    ReplyForm,
    StatusForm,
)
from board.models import Attachment, Post, Reply, ThreadWatch, WardAnswer
from board.services import BoardError
from board.uploads import max_upload_bytes
from core import fragments
from core.caching import READS
from core.roles import ApprovedMemberRequiredMixin, Role, role_of, ward_code_of
from municipalities.models import Ward

PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """Counts at most `cap` posts ("1,000件以上"): counting every match of a common word on a board of
    100,000 posts would cost more than the page itself. Pages beyond the cap are not offered."""

    capped = False

    def __init__(self, *args, cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)


INDEX_CAP = 1000
# A keyword search re-checks every post it counts (the text, not only the index): it counts (and
# offers) the newest 200 matches; a member who needs older ones adds a word or a filter.
SEARCH_CAP = 200


def _form_error(form, exc: Exception) -> None:
    """Put a service's refusal on the form (non-field, or on the field it names)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))


@method_decorator(never_cache, name="dispatch")
class BoardView(ApprovedMemberRequiredMixin, View):
    """Every board page: approved members only, never cached by browsers or proxies."""


def _rendered_rows(request: HttpRequest, posts: list[Post]) -> list[tuple[int, datetime, str, str]]:
    """The index's rows as (pk, last activity, HTML read, HTML unread): both variants, so that the
    rows can be shared by every member and the unread mark picked per member. Each row's HTML is
    cached by everything it shows (core/fragments.py)."""

    def key(post: Post):
        return fragments.fields_key(post, selectors.INDEX_ROW_SHOWS)

    variants = []
    for unread in (False, True):
        for post in posts:
            post.is_unread = unread
        variants.append(fragments.render_rows(
            "board/_thread_row.html", posts, key=key, contexts=lambda missing: [{"post": p} for p in missing],
            request=request,
        ))
    return [(p.pk, p.last_activity_at, read, unread) for p, read, unread in zip(posts, *variants, strict=True)]


class BoardIndexView(BoardView):
    template_name = "board/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = BoardFilterForm.for_user(request.user, request.GET or None)
        filters = form.filters() if request.GET else {}
        cap = SEARCH_CAP if filters.get("q") else INDEX_CAP
        user = request.user

        def build() -> dict:
            paginator = CappedPaginator(selectors.post_index(user=user, filters=filters), PAGE_SIZE, cap=cap)
            page = paginator.get_page(request.GET.get("page"))
            posts = selectors.with_answer_counts(selectors.with_ward_names(
                selectors.page_posts(page.object_list, ids_first=bool(filters.get("q")))
            ))
            return {"count": paginator.count, "capped": paginator.capped, "number": page.number,
                    "rows": _rendered_rows(request, posts)}

        # The count, the page and its rows are the same for every member who sees the same posts
        # (board/cache.py); the unread marks are this member's.
        # Whether the member wrote hidden posts changes only with the board's version, too.
        visibility = board_cache.get_or_build(
            request, ("visibility", user.pk), lambda: selectors.visibility_of(user), small=True
        )
        # Rows show the days left to a deadline: they are rendered anew each day.
        shown = board_cache.get_or_build(
            request, ("index", visibility, selectors.index_owner(user, filters), sorted(request.GET.lists()), cap,
                      timezone.localdate()), build)
        paginator = CappedPaginator(Post.objects.none(), PAGE_SIZE, cap=cap)
        paginator.count, paginator.capped = shown["count"], shown["capped"]
        # The member's marks of these posts: kept until one of their marks is written (core/caching.py READS).
        ids = tuple(pk for pk, *_ in shown["rows"])
        read = READS.get_or_build(request, user.pk, ("marks", ids), lambda: selectors.read_marks(user=user, post_ids=ids))
        rows = [
            mark_safe(unread if read.get(pk) is None or read[pk] < last_activity else seen)  # noqa: S308 — rendered by our templates
            for pk, last_activity, seen, unread in shown["rows"]
        ]
        return render(request, self.template_name, {
            "filter_form": form,
            "page_obj": paginator.page(shown["number"]),
            "rows": rows,
            "count_capped": shown["capped"],
            "is_search": bool(filters.get("q")),
            "is_filtered": bool(filters),
            "is_liaison": role_of(user) is Role.LIAISON,
            "trail": [("掲示板", "")],
        })


class BoardMineView(BoardView):
    """The workspace (/board/mine/): for a ward's officer the posts that target the ward and the
    proposals it has not answered yet (oldest first, with their age in days); for everyone their
    watched threads with unread replies and their own posts. Each list links to the index filtered
    the same way (`?show=`)."""

    template_name = "board/mine.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        lists = selectors.workspace(user=user)
        today = timezone.localdate()
        for post in lists.get(selectors.SHOW_UNANSWERED, (0, []))[1]:
            post.age_days = (today - timezone.localdate(post.created_at)).days
        ward_name = user.municipality.name if ward_code_of(user) else ""
        return render(request, self.template_name, {
            "lists": lists,
            "ward_name": ward_name,
            "heading": f"{ward_name}の担当の投稿" if ward_name else "自分の投稿",
            "show": {"mine": selectors.SHOW_MINE, "watched": selectors.SHOW_WATCHED,
                     "ward": selectors.SHOW_WARD, "unanswered": selectors.SHOW_UNANSWERED,
                     "deadlines": selectors.SHOW_DEADLINES},
            "trail": [("掲示板", reverse("board:index")), ("担当の投稿" if ward_name else "自分の投稿", "")],
        })


@dataclass(frozen=True)
class ReplyPage:
    """One page of a thread's replies as the user sees them: the page (for the page links), the
    replies' HTML, and when the last one shown was written (how far the visit reads the thread)."""

    page: Page
    html: SafeString
    last_created_at: datetime | None


def _requested_page(value: str) -> int | str:
    """A page number as asked for: "last", a number (out of range: the nearest page), 1 otherwise."""
    if value == "last" or (value.isdigit() and len(value) > 6):
        return "last"
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _rendered_replies(request: HttpRequest, post: Post, *, is_secretariat: bool, page: int | str = 1) -> ReplyPage:
    """One page of the thread's replies (REPLIES_PER_PAGE). A reply looks the same to every member
    except to its author (edit links) and the Secretariat (moderation buttons, with a CSRF token):
    those are rendered per request, the others come from the row cache (core/fragments.py) keyed
    by everything they show, with their number. The page is also kept under the board's version
    (board/cache.py), shared by the members who wrote no reply in the thread (the others' own).
    A page costs the same queries in a thread of 60 replies as in one of 600."""
    user = request.user

    def build() -> tuple[int, int, str, datetime | None]:
        total = selectors.reply_count(user=user, post=post)
        paginator = Paginator(range(total), selectors.REPLIES_PER_PAGE)
        number = paginator.num_pages if page == "last" else paginator.get_page(page).number
        offset = (number - 1) * selectors.REPLIES_PER_PAGE
        rows = selectors.reply_rows(user=user, post=post, offset=offset, limit=selectors.REPLIES_PER_PAGE)
        numbers = {row.pk: n for n, row in enumerate(rows, start=offset + 1)}

        def key(row: selectors.ReplyRow):
            return None if is_secretariat or row.author_id == user.pk else (row, numbers[row.pk], post.is_locked)

        def contexts(missing: list[selectors.ReplyRow]) -> list[dict | None]:
            replies = selectors.replies_by_pk(user=user, post=post, pks=[row.pk for row in missing])
            return [
                {
                    "reply": replies[row.pk], "post": post, "number": numbers[row.pk],
                    "can_edit": is_secretariat or row.author_id == user.pk, "is_secretariat": is_secretariat,
                } if row.pk in replies else None
                for row in missing
            ]

        rendered = fragments.render_rows("board/_reply.html", rows, key=key, contexts=contexts, request=request)
        return total, number, "".join(rendered), rows[-1].created_at if rows else None

    if is_secretariat:
        total, number, html, last = build()
    else:
        own = board_cache.get_or_build(
            request, ("own-replies", post.pk, user.pk),
            lambda: "yes" if Reply.objects.filter(post=post, author=user).exists() else "no", small=True,
        ) == "yes"
        total, number, html, last = board_cache.get_or_build(
            request, ("replies", post.pk, user.pk if own else None, page), build)
    paginator = Paginator(range(total), selectors.REPLIES_PER_PAGE)
    return ReplyPage(page=paginator.page(number), html=mark_safe(html), last_created_at=last)  # noqa: S308 — rendered by our templates


QUOTE_MAX = 1000


def quote_text(reply: Reply, number: int) -> str:
    """The reply as a Markdown quotation for a new reply's text (at most QUOTE_MAX characters)."""
    body = reply.body.strip()
    if len(body) > QUOTE_MAX:
        body = body[:QUOTE_MAX].rstrip() + "…"
    lines = [f"{reply.organization.name} {reply.author.full_name}（{number}件目の返信）より", "", *body.splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def _thread_context(
    request: HttpRequest, post: Post, *, page: int | str = 1, read_at: datetime | None = None, **forms
) -> dict:
    user = request.user
    role = role_of(user)
    own_ward = ward_code_of(user)
    is_secretariat = role is Role.SECRETARIAT
    can_reply = permissions.can_reply(user, post)
    replies = _rendered_replies(request, post, is_secretariat=is_secretariat, page=page)
    reply_form = forms.get("reply_form")
    context = {
        "post": post,
        "replies": replies.html,
        "reply_page": replies.page,
        "reply_total": replies.page.paginator.count,
        "last_shown_at": None if not replies.page.has_next() else replies.last_created_at,
        "attachments": post.attachments.all(),
        "engagements": post.engagements.all(),
        "is_author": post.author_id == user.pk,
        "is_secretariat": is_secretariat,
        "can_reply": can_reply,
        "can_report": permissions.can_report(user, post),
        "reply_form": reply_form or (ReplyForm() if can_reply else None),
        # The empty reply form's fields are a cached fragment; a bound or quoting form is not.
        "reply_form_pristine": reply_form is None,
        "max_upload_bytes": max_upload_bytes(),
        # A watch is saved rarely (and bumps the board version): kept with the thread's parts.
        "watch_mode": board_cache.get_or_build(
            request, ("watch", post.pk, user.pk),
            lambda: ThreadWatch.objects.filter(user=user, post=post).values_list("mode", flat=True).first() or "",
            small=True,
        ),
        "trail": [("掲示板", reverse("board:index")), (post.title, "")],
    }
    if read_at is not None and read_at < post.last_activity_at:
        # Where this member stopped reading (before this visit moves the mark): the same until a
        # reply is written or the mark moves (a member reading page 1 of a long thread keeps it).
        context["first_unread"] = board_cache.get_or_build(
            request, ("first-unread", post.pk, user.pk, read_at),
            lambda: selectors.first_unread_reply(user=user, post=post, read_at=read_at) or (), small=True,
        ) or None
    if permissions.can_set_status(user, post):
        context["status_form"] = forms.get("status_form") or StatusForm(
            initial={"status": post.status, "realised_event": post.realised_event_id, "note": post.status_note},
            current_event_id=post.realised_event_id,
        )
    if post.category.has_workflow and not post.category.answer_kind and (own_ward or is_secretariat):
        current = next((e for e in post.engagements.all() if e.ward_id == own_ward), None)
        form = forms.get("engagement_form") or EngagementForm(initial={
            "ward": own_ward, "stage": current.stage if current else None, "note": current.note if current else "",
        })
        if is_secretariat:
            # The Secretariat records an answer on a ward's behalf: it picks the ward.
            field = form.fields["ward"]
            field.widget = Select(choices=field.choices)
        context["engagement_form"] = form
        context["own_ward_engagement"] = current
    if post.category.answer_kind:
        context.update(_answer_context(request, post, own_ward=own_ward, form=forms.get("answer_form")))
    if is_secretariat:
        context["move_form"] = forms.get("move_form") or MoveForm(initial={"category": post.category_id})
    return context


def _answer_context(request: HttpRequest, post: Post, *, own_ward: str | None, form: AnswerForm | None) -> dict:
    """The answers part of a call's or pamphlet request's thread: the totals for everyone, every
    ward's answer for the requester and the Secretariat, the answer form for officers."""
    user = request.user
    table = selectors.answer_table(post)
    own = next((a for a in table.answers if a.ward_id == own_ward), None)
    context = {
        "answer_table": table,
        "answer_labels": WardAnswer.LABELS[post.category.answer_kind],
        "can_see_answers": permissions.can_see_answers(user, post),
        "own_answer": own,
        "can_mark_received": own is not None and permissions.can_mark_received(user, own),
    }
    # A refused answer is shown again with its message and what was typed, even if the post has
    # closed meanwhile.
    if form is not None or permissions.can_answer(user, post):
        if form is None:
            ward = Ward.objects.filter(pk=own_ward).first() if own_ward else None
            initial = {"ward": own_ward}
            if own is not None:
                initial.update(response=own.response, copies=own.copies, place=own.place, ship_to=own.ship_to, note=own.note)
            elif ward is not None:
                initial["ship_to"] = ward.mailing_address
            form = AnswerForm(initial=initial, kind=post.category.answer_kind)
        if role_of(user) is Role.SECRETARIAT:
            # The Secretariat records an answer on a ward's behalf: it picks the ward.
            field = form.fields["ward"]
            field.widget = Select(choices=field.choices)
            field.label = "回答する区"
        context["answer_form"] = form
    return context


def _get_thread(request: HttpRequest, post_id: int) -> Post:
    try:
        return selectors.post_detail(user=request.user, post_id=post_id)
    except Post.DoesNotExist:
        raise Http404("投稿が見つかりません。") from None


def _get_thread_to_read(request: HttpRequest, post_id: int) -> Post:
    """The thread for reading: a visible thread's head is the same for every member, so it is kept
    under the board's version (board/cache.py); hidden ones (for their author or the Secretariat)
    are read each time."""
    if role_of(request.user) is not Role.SECRETARIAT:
        post = board_cache.get_or_build(
            request, ("thread", post_id), lambda: selectors.post_detail_for_members(post_id=post_id)
        )
        if post is not None:
            return post
    return _get_thread(request, post_id)


class PostDetailView(BoardView):
    """A thread: the post, one page of replies, the reply form. `?quote=<reply>` opens the page of
    that reply with the reply form holding it as a quotation (「引用して返信」, no script needed)."""

    template_name = "board/post_detail.html"

    def get(self, request: HttpRequest, post_id: int) -> HttpResponse:
        user = request.user
        post = _get_thread_to_read(request, post_id)
        page = _requested_page(request.GET.get("page", "1"))
        forms = {}
        if "quote" in request.GET:
            quoted = _quotable(request, post, request.GET["quote"])
            if quoted is None:
                messages.warning(request, "引用する返信が見つかりません（削除されたか、非表示になっています）。")
            elif permissions.can_reply(user, post):
                reply, number = quoted
                page = selectors.page_of(number)
                forms["reply_form"] = ReplyForm(initial={"body": quote_text(reply, number)})
        read_at = READS.get_or_build(
            request, user.pk, ("marks", (post.pk,)), lambda: selectors.read_marks(user=user, post_ids=[post.pk])
        ).get(post.pk)
        context = _thread_context(request, post, page=page, read_at=read_at, **forms)
        services.post_mark_read(user=user, post=post, up_to=context["last_shown_at"], read_at=read_at)
        # Reading the thread reads its notifications too: a write only when some are about this thread.
        if post.pk in board_cache.unread_post_ids(request) and services.notifications_mark_read(user=user, post=post):
            board_cache.forget_unread_count(request)
        return render(request, self.template_name, context)


def _quotable(request: HttpRequest, post: Post, value: str) -> tuple[Reply, int] | None:
    """The reply to quote and its number, if the user may see it in this thread (never another
    member's hidden reply: its text must not reach the form)."""
    if not value.isdigit() or len(value) > 18:
        return None
    reply = selectors.visible_reply(user=request.user, reply_id=int(value))
    if reply is None or reply.post_id != post.pk:
        return None
    return reply, selectors.reply_position(user=request.user, post=post, reply=reply)


class ReplyLinkView(BoardView):
    """A reply's permalink: the page of the thread it is on, at the reply (e.g. reply 120 → page 3)."""

    def get(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        reply = selectors.visible_reply(user=request.user, reply_id=reply_id)
        if reply is None:
            raise Http404("返信が見つかりません。")
        return redirect(_reply_url(request, reply.post, reply))


def _reply_url(request: HttpRequest, post: Post, reply: Reply) -> str:
    page = selectors.page_of(selectors.reply_position(user=request.user, post=post, reply=reply))
    return f"{post.get_absolute_url()}{f'?page={page}' if page > 1 else ''}#reply-{reply.pk}"


class FirstUnreadView(BoardView):
    """「最初の未読へ」 from the index: the first reply the member has not read, on its page; the top
    of the thread when they never opened it; its last reply when they have read everything."""

    def get(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread(request, post_id)
        read_at = selectors.read_marks(user=request.user, post_ids=[post.pk]).get(post.pk)
        if read_at is None:
            return redirect(post)
        first = selectors.first_unread_reply(user=request.user, post=post, read_at=read_at)
        if first is None:
            return redirect(f"{post.get_absolute_url()}?page=last#replies-end")
        pk, number = first
        page = selectors.page_of(number)
        return redirect(f"{post.get_absolute_url()}{f'?page={page}' if page > 1 else ''}#reply-{pk}")


class ReplyCreateView(BoardView):
    form_class = ReplyForm

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread(request, post_id)
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                reply = services.reply_create(
                    user=request.user, post=post, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
                )
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "返信しました。")
                return redirect(_reply_url(request, post, reply))
        messages.error(request, "返信できませんでした。入力内容を確認してください。")
        return render(request, "board/post_detail.html", _thread_context(request, post, page="last", reply_form=form))


class OwnPostMixin:
    """Loads a post the user may see, then checks they may edit it (403 otherwise)."""

    def get_post(self, request: HttpRequest, post_id: int) -> Post:
        post = _get_thread(request, post_id)
        permissions.check_edit_post(request.user, post)
        return post


class PostUpdateView(OwnPostMixin, BoardView):
    form_class = PostForm
    template_name = "board/post_form.html"

    def get(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = self.get_post(request, post_id)
        form = self.form_class(editing=True, takes_deadline=post.category.takes_deadline, initial={
            "title": post.title, "body": post.body, "target_wards": list(post.target_wards.all()),
            "deadline": post.deadline,
        })
        return self._render(post, form)

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = self.get_post(request, post_id)
        form = self.form_class(request.POST, request.FILES, editing=True, takes_deadline=post.category.takes_deadline)
        remove_ids = set(request.POST.getlist("remove_attachment"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_update(
                    user=request.user, post=post, title=data["title"], body=data["body"],
                    target_wards=data["target_wards"], files=data["files"], deadline=data.get("deadline"),
                    remove_attachments=[a for a in post.attachments.all() if str(a.pk) in remove_ids],
                )
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "投稿を更新しました。")
                return redirect(post)
        return self._render(post, form)

    def _render(self, post: Post, form) -> HttpResponse:
        return render(self.request, self.template_name, {
            "form": form, "post": post, "attachments": post.attachments.all(),
            "heading": "投稿の編集", "submit_label": "更新する",
            "trail": [("掲示板", reverse("board:index")), (post.title, post.get_absolute_url()), ("編集", "")],
        })


class PostDeleteView(OwnPostMixin, BoardView):
    template_name = "board/confirm_delete.html"

    def get(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = self.get_post(request, post_id)
        return render(request, self.template_name, {
            "object_label": f"投稿「{post.title}」", "post": post,
            "note": f"返信{post.reply_count}件と添付ファイルも削除されます。",
            "trail": [("掲示板", reverse("board:index")), (post.title, post.get_absolute_url()), ("削除", "")],
        })

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = self.get_post(request, post_id)
        services.post_delete(user=request.user, post=post)
        messages.success(request, "投稿を削除しました。")
        return redirect("board:index")


class OwnReplyMixin:
    def get_reply(self, request: HttpRequest, reply_id: int) -> Reply:
        reply = get_object_or_404(Reply.objects.select_related("post"), pk=reply_id)
        post = _get_thread(request, reply.post_id)  # 404 unless the thread is visible to the user
        if reply.is_hidden and not permissions.can_see_hidden_reply(request.user, reply):
            raise Http404("返信が見つかりません。")
        permissions.check_edit_reply(request.user, reply)
        reply.post = post
        return reply


class ReplyUpdateView(OwnReplyMixin, BoardView):
    form_class = ReplyForm
    template_name = "board/reply_form.html"

    def get(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        reply = self.get_reply(request, reply_id)
        return self._render(reply, self.form_class(initial={"body": reply.body}, with_files=False))

    def post(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        reply = self.get_reply(request, reply_id)
        form = self.form_class(request.POST, with_files=False)
        if form.is_valid():
            try:
                services.reply_update(user=request.user, reply=reply, body=form.cleaned_data["body"])
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "返信を更新しました。")
                return redirect(_reply_url(request, reply.post, reply))
        return self._render(reply, form)

    def _render(self, reply: Reply, form) -> HttpResponse:
        post = reply.post
        return render(self.request, self.template_name, {
            "form": form, "reply": reply,
            "trail": [("掲示板", reverse("board:index")), (post.title, post.get_absolute_url()), ("返信の編集", "")],
        })


class ReplyDeleteView(OwnReplyMixin, BoardView):
    template_name = "board/confirm_delete.html"

    def get(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        reply = self.get_reply(request, reply_id)
        post = reply.post
        return render(request, self.template_name, {
            "object_label": "この返信", "post": post, "excerpt": reply.body[:200],
            "trail": [("掲示板", reverse("board:index")), (post.title, post.get_absolute_url()), ("返信の削除", "")],
        })

    def post(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        reply = self.get_reply(request, reply_id)
        services.reply_delete(user=request.user, reply=reply)
        messages.success(request, "返信を削除しました。")
        return redirect(reply.post)


class PostStatusView(BoardView):
    form_class = StatusForm

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread(request, post_id)
        permissions.check_set_status(request.user, post)
        form = self.form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_set_status(
                    user=request.user, post=post, status=data["status"], realised_event=data["realised_event"],
                    note=data["note"],
                )
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"状況を「{post.get_status_display()}」にしました。")
                return redirect(post)
        messages.error(request, "状況を変更できませんでした。入力内容を確認してください。")
        return render(request, "board/post_detail.html", _thread_context(request, post, status_form=form))


class EngagementView(BoardView):
    form_class = EngagementForm

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread(request, post_id)
        form = self.form_class(request.POST)
        if form.is_valid():
            ward: Ward = form.cleaned_data["ward"]
            permissions.check_engage(request.user, ward.pk)
            try:
                services.engagement_mark(
                    user=request.user, post=post, ward=ward, stage=form.cleaned_data["stage"],
                    note=form.cleaned_data["note"],
                )
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"{ward.municipality.name}の対応を登録しました。")
                return redirect(post)
        messages.error(request, "区の対応を登録できませんでした。")
        return render(request, "board/post_detail.html", _thread_context(request, post, engagement_form=form))


MODERATION_ACTIONS = {
    "hide": (services.post_hide, {"hidden": True}, "投稿を非表示にしました。"),
    "unhide": (services.post_hide, {"hidden": False}, "投稿を再び表示しました。"),
    "lock": (services.post_lock, {"locked": True}, "返信を締め切りました。"),
    "unlock": (services.post_lock, {"locked": False}, "返信の受付を再開しました。"),
    "pin": (services.post_pin, {"pinned": True}, "一覧の先頭に固定しました。"),
    "unpin": (services.post_pin, {"pinned": False}, "固定を解除しました。"),
}


def bad_request(request: HttpRequest, message: str, *, back: str) -> HttpResponse:
    """400 with the reason in Japanese and a way back (a malformed form post, not a user's typing)."""
    return render(request, "board/bad_request.html", {"message": message, "back": back}, status=400)


class ModerationView(BoardView):
    """Secretariat only: hide, lock, pin, move a thread, or hide a reply. Every parameter is checked
    (ModerationForm): a malformed one answers 400 with the reason, never a 500."""

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        permissions.check_moderate(request.user)
        post = _get_thread(request, post_id)
        form = ModerationForm(request.POST)
        if not form.is_valid():
            errors = [e for errors in form.errors.values() for e in errors]
            return bad_request(request, errors[0], back=post.get_absolute_url())
        action = form.cleaned_data["action"]
        if action in MODERATION_ACTIONS:
            service, kwargs, message = MODERATION_ACTIONS[action]
            if action == "hide":
                kwargs = {**kwargs, "reason": form.cleaned_data["reason"]}
            service(user=request.user, post=post, **kwargs)
            messages.success(request, message)
        elif action == "move":
            category = form.cleaned_data["category"]
            services.post_move(user=request.user, post=post, category=category)
            messages.success(request, f"「{category}」に移動しました。")
        else:
            reply = Reply.objects.filter(pk=form.cleaned_data["reply"], post=post).first()
            if reply is None:
                raise Http404("この投稿にその返信はありません。")
            services.reply_hide(user=request.user, reply=reply, hidden=action == "hide_reply")
            messages.success(request, "返信を非表示にしました。" if action == "hide_reply" else "返信を再び表示しました。")
            return redirect(_reply_url(request, post, reply))
        return redirect(post)


class AttachmentDownloadView(BoardView):
    """Members only, as a download (never rendered inline from our origin), with the stored type."""

    def get(self, request: HttpRequest, attachment_id: int) -> FileResponse:
        try:
            attachment: Attachment = selectors.attachment_visible_to(user=request.user, attachment_id=attachment_id)
        except Attachment.DoesNotExist:
            raise Http404("ファイルが見つかりません。") from None
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404("ファイルが見つかりません。") from None
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

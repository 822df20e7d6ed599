"""The members-only board: index, thread, posting, replying, status, engagement, moderation, downloads.

Reads go through board.selectors (what the user may see), writes through board.services (which check
permissions and validate). A service's refusal becomes a 403 page (PermissionDenied) or a form error
(BoardError / ValidationError) with everything the member typed kept in the form.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
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
from board.forms import BoardFilterForm, EngagementForm, MoveForm, PostForm, ReplyForm, StatusForm
from board.models import Attachment, Post, Reply, ThreadWatch
from board.services import BoardError
from board.uploads import max_upload_bytes
from core import fragments
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
            posts = selectors.with_ward_names(
                selectors.page_posts(page.object_list, ids_first=bool(filters.get("q")))
            )
            return {"count": paginator.count, "capped": paginator.capped, "number": page.number,
                    "rows": _rendered_rows(request, posts)}

        # The count, the page and its rows are the same for every member who sees the same posts
        # (board/cache.py); the unread marks are this member's.
        # Whether the member wrote hidden posts changes only with the board's version, too.
        visibility = board_cache.get_or_build(
            request, ("visibility", user.pk), lambda: selectors.visibility_of(user), small=True
        )
        shown = board_cache.get_or_build(
            request, ("index", visibility, selectors.index_owner(user, filters), sorted(request.GET.lists()), cap), build)
        paginator = CappedPaginator(Post.objects.none(), PAGE_SIZE, cap=cap)
        paginator.count, paginator.capped = shown["count"], shown["capped"]
        read = selectors.read_marks(user=user, post_ids=[pk for pk, *_ in shown["rows"]])
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
                     "ward": selectors.SHOW_WARD, "unanswered": selectors.SHOW_UNANSWERED},
            "trail": [("掲示板", reverse("board:index")), ("担当の投稿" if ward_name else "自分の投稿", "")],
        })


class PostCreateView(BoardView):
    form_class = PostForm
    template_name = "board/post_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        if slug := request.GET.get("category"):
            initial["category"] = PostForm.base_fields["category"].queryset.filter(slug=slug).first()
        return self._render(self.form_class(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.post_create(
                    user=request.user, category=data["category"], title=data["title"], body=data["body"],
                    target_wards=data["target_wards"], files=data["files"],
                )
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "投稿しました。")
                return redirect(post)
        return self._render(form, status=200)

    def _render(self, form, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, {
            "form": form, "heading": "新規投稿", "submit_label": "投稿する",
            "trail": [("掲示板", reverse("board:index")), ("新規投稿", "")],
        }, status=status)


def _rendered_replies(request: HttpRequest, post: Post, *, is_secretariat: bool) -> tuple[int, SafeString]:
    """The number of replies shown and their HTML. A reply looks the same to every member except to
    its author (edit links) and the Secretariat (moderation buttons, with a CSRF token): those are
    rendered per request, the others come from the row cache (core/fragments.py) keyed by
    everything they show. The whole list is also kept under the board's version (board/cache.py),
    shared by the members who wrote no reply in the thread (the others' own)."""
    user = request.user

    def build() -> tuple[int, str]:
        rows = selectors.reply_rows(user=user, post=post)
        numbers = {row.pk: n for n, row in enumerate(rows, start=1)}

        def key(row: selectors.ReplyRow):
            return None if is_secretariat or row.author_id == user.pk else row

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
        return len(rendered), "".join(rendered)

    if is_secretariat:
        total, html = build()
    else:
        own = board_cache.get_or_build(
            request, ("own-replies", post.pk, user.pk),
            lambda: "yes" if Reply.objects.filter(post=post, author=user).exists() else "no", small=True,
        ) == "yes"
        total, html = board_cache.get_or_build(
            request, ("replies", post.pk, user.pk if own else None), build)
    return total, mark_safe(html)  # noqa: S308 — rendered by our templates


def _thread_context(request: HttpRequest, post: Post, **forms) -> dict:
    user = request.user
    role = role_of(user)
    own_ward = ward_code_of(user)
    can_reply = permissions.can_reply(user, post)
    reply_total, replies = _rendered_replies(request, post, is_secretariat=role is Role.SECRETARIAT)
    context = {
        "post": post,
        "replies": replies,
        "reply_total": reply_total,
        "attachments": post.attachments.all(),
        "engagements": post.engagements.all(),
        "is_author": post.author_id == user.pk,
        "is_secretariat": role is Role.SECRETARIAT,
        "can_reply": can_reply,
        "reply_form": forms.get("reply_form") or (ReplyForm() if can_reply else None),
        "max_upload_bytes": max_upload_bytes(),
        # A watch is saved rarely (and bumps the board version): kept with the thread's parts.
        "watch_mode": board_cache.get_or_build(
            request, ("watch", post.pk, user.pk),
            lambda: ThreadWatch.objects.filter(user=user, post=post).values_list("mode", flat=True).first() or "",
            small=True,
        ),
        "trail": [("掲示板", reverse("board:index")), (post.title, "")],
    }
    if permissions.can_set_status(user, post):
        context["status_form"] = forms.get("status_form") or StatusForm(
            initial={"status": post.status, "realised_event": post.realised_event_id, "note": post.status_note},
            current_event_id=post.realised_event_id,
        )
    if post.category.has_workflow and (own_ward or role is Role.SECRETARIAT):
        current = next((e for e in post.engagements.all() if e.ward_id == own_ward), None)
        form = forms.get("engagement_form") or EngagementForm(initial={
            "ward": own_ward, "stage": current.stage if current else None, "note": current.note if current else "",
        })
        if role is Role.SECRETARIAT:
            # The Secretariat records an answer on a ward's behalf: it picks the ward.
            field = form.fields["ward"]
            field.widget = Select(choices=field.choices)
        context["engagement_form"] = form
        context["own_ward_engagement"] = current
    if role is Role.SECRETARIAT:
        context["move_form"] = forms.get("move_form") or MoveForm(initial={"category": post.category_id})
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
    template_name = "board/post_detail.html"

    def get(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread_to_read(request, post_id)
        services.post_mark_read(user=request.user, post=post)
        # Reading the thread reads its notifications too: a query only when the member has unread ones.
        if board_cache.unread_count(request) and services.notifications_mark_read(user=request.user, post=post):
            board_cache.forget_unread_count(request)
        return render(request, self.template_name, _thread_context(request, post))


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
                return redirect(f"{post.get_absolute_url()}#reply-{reply.pk}")
        messages.error(request, "返信できませんでした。入力内容を確認してください。")
        return render(request, "board/post_detail.html", _thread_context(request, post, reply_form=form))


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
        form = self.form_class(editing=True, initial={
            "title": post.title, "body": post.body, "target_wards": list(post.target_wards.all()),
        })
        return self._render(post, form)

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = self.get_post(request, post_id)
        form = self.form_class(request.POST, request.FILES, editing=True)
        remove_ids = set(request.POST.getlist("remove_attachment"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_update(
                    user=request.user, post=post, title=data["title"], body=data["body"],
                    target_wards=data["target_wards"], files=data["files"],
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
                return redirect(f"{reply.post.get_absolute_url()}#reply-{reply.pk}")
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


class ModerationView(BoardView):
    """Secretariat only: hide, lock, pin, move a thread, or hide a reply."""

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        permissions.check_moderate(request.user)
        post = _get_thread(request, post_id)
        action = request.POST.get("action", "")
        if action in MODERATION_ACTIONS:
            service, kwargs, message = MODERATION_ACTIONS[action]
            if action == "hide":
                kwargs = {**kwargs, "reason": request.POST.get("reason", "")[:300]}
            service(user=request.user, post=post, **kwargs)
            messages.success(request, message)
        elif action == "move":
            form = MoveForm(request.POST)
            if not form.is_valid():
                messages.error(request, "移動先の分類を選んでください。")
                return redirect(post)
            services.post_move(user=request.user, post=post, category=form.cleaned_data["category"])
            messages.success(request, f"「{form.cleaned_data['category']}」に移動しました。")
        elif action in ("hide_reply", "unhide_reply"):
            reply = get_object_or_404(Reply, pk=request.POST.get("reply") or 0, post=post)
            services.reply_hide(user=request.user, reply=reply, hidden=action == "hide_reply")
            messages.success(request, "返信を非表示にしました。" if action == "hide_reply" else "返信を再び表示しました。")
        else:
            messages.error(request, "操作を選んでください。")
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

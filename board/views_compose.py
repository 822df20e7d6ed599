"""Writing a new post: the form with the wards the poster's organisation works with (「交流のある区」),
a server-rendered preview (nothing stored), drafts kept on the server (下書き) with their files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from board import cache as board_cache
from board import permissions, selectors, services
from board.forms import PostForm
from board.models import Draft
from board.rendering import render_body
from board.services import BoardError
from board.views import BoardView, _form_error


def _suggestions(request: HttpRequest) -> list[selectors.WardSuggestion]:
    """The wards the poster's organisation has ties with; the same for all its members, kept under
    the board's version (which the ties' writes bump, board/apps.py)."""
    municipality_id = request.user.municipality_id
    return board_cache.get_or_build(
        request, ("ward-suggestions", municipality_id),
        lambda: selectors.suggested_wards(municipality_id=municipality_id), small=True,
    )


class ComposeMixin:
    """The new-post form, for a fresh post (`draft` None) or a draft being resumed."""

    form_class = PostForm
    template_name = "board/post_form.html"
    draft: Draft | None = None

    def handle(self, request: HttpRequest) -> HttpResponse:
        form = self.form_class(request.POST, request.FILES)
        intent = form.intent()
        if intent == "draft":
            form.relax_for_draft()
        if not form.is_valid():
            return self.render_form(form, status=200)
        data = form.cleaned_data
        remove = self._removed_attachments(request)
        try:
            if intent == "preview":
                return self.render_form(form, preview=self._preview(data))
            if intent == "draft":
                draft = services.draft_save(
                    user=request.user, draft=self.draft, category=data.get("category"), title=data.get("title") or "",
                    body=data.get("body") or "", target_wards=data.get("target_wards") or [],
                    deadline=data.get("deadline"), files=data.get("files") or [], remove_attachments=remove,
                )
                messages.success(request, "下書きを保存しました。マイページの「下書き」からいつでも続きを書けます。")
                return redirect(draft)
            post = services.post_create(
                user=request.user, category=data["category"], title=data["title"], body=data["body"],
                target_wards=data["target_wards"], files=data["files"], deadline=data.get("deadline"),
                draft=self.draft, remove_attachments=remove,
            )
        except (BoardError, ValidationError) as exc:
            _form_error(form, exc)
            return self.render_form(form)
        messages.success(request, "投稿しました。")
        return redirect(post)

    def _removed_attachments(self, request: HttpRequest) -> list:
        if self.draft is None:
            return []
        ids = set(request.POST.getlist("remove_attachment"))
        return [a for a in self.draft.attachments.all() if str(a.pk) in ids]

    def _preview(self, data: dict) -> dict:
        """What the post would look like, checked as publishing would check it; nothing is stored."""
        category = data["category"]
        deadline = services.check_deadline(category, data.get("deadline"))
        rendered = render_body(data["body"])
        return {
            "category": category, "title": data["title"].strip(), "body_html": rendered.html,
            "mentions": rendered.mentions, "target_wards": list(data["target_wards"]), "deadline": deadline,
            "files": [f.name for f in data["files"]],
        }

    def render_form(self, form: PostForm, *, preview: dict | None = None, status: int = 200) -> HttpResponse:
        draft = self.draft
        trail = [("掲示板", reverse("board:index"))]
        if draft is not None:
            trail += [("下書き", reverse("board:drafts")), (str(draft), "")]
        else:
            trail.append(("新規投稿", ""))
        return render(self.request, self.template_name, {
            "form": form, "heading": "下書きから投稿" if draft else "新規投稿", "submit_label": "投稿する",
            "composing": True, "draft": draft, "attachments": draft.attachments.all() if draft else [],
            "preview": preview, "suggestions": _suggestions(self.request), "trail": trail,
        }, status=status)


class PostCreateView(ComposeMixin, BoardView):
    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        if slug := request.GET.get("category"):
            initial["category"] = PostForm.base_fields["category"].queryset.filter(slug=slug).first()
        return self.render_form(self.form_class(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        return self.handle(request)


class DraftMixin:
    def get_draft(self, request: HttpRequest, draft_id: int) -> Draft:
        draft = Draft.objects.filter(pk=draft_id).select_related("category").first()
        if draft is None or not permissions.can_edit_draft(request.user, draft):
            # Another member's draft is not there at all for this user.
            raise Http404("下書きが見つかりません。")
        return draft


class DraftView(DraftMixin, ComposeMixin, BoardView):
    """A draft, resumed: the same form, with the draft's text, wards, deadline and files."""

    def get(self, request: HttpRequest, draft_id: int) -> HttpResponse:
        self.draft = draft = self.get_draft(request, draft_id)
        return self.render_form(self.form_class(initial={
            "category": draft.category, "title": draft.title, "body": draft.body, "deadline": draft.deadline,
            "target_wards": list(draft.target_wards.all()),
        }))

    def post(self, request: HttpRequest, draft_id: int) -> HttpResponse:
        self.draft = self.get_draft(request, draft_id)
        return self.handle(request)


class DraftListView(BoardView):
    template_name = "board/drafts.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        drafts = list(selectors.drafts_of(user=request.user))
        return render(request, self.template_name, {
            "drafts": drafts, "max_drafts": Draft.MAX_PER_AUTHOR,
            "trail": [("掲示板", reverse("board:index")), ("下書き", "")],
        })


class DraftDeleteView(DraftMixin, BoardView):
    template_name = "board/confirm_delete.html"

    def get(self, request: HttpRequest, draft_id: int) -> HttpResponse:
        draft = self.get_draft(request, draft_id)
        files = draft.attachments.count()
        return render(request, self.template_name, {
            "object_label": f"下書き「{draft}」", "excerpt": draft.body[:200], "cancel_url": draft.get_absolute_url(),
            "note": f"添付ファイル{files}個も削除されます。" if files else "",
            "trail": [("掲示板", reverse("board:index")), ("下書き", reverse("board:drafts")), ("削除", "")],
        })

    def post(self, request: HttpRequest, draft_id: int) -> HttpResponse:
        services.draft_delete(user=request.user, draft=self.get_draft(request, draft_id))
        messages.success(request, "下書きを削除しました。")
        return redirect("board:drafts")

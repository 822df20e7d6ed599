"""Reporting a post or reply to the Secretariat (通報): once per item and member."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from board import permissions, selectors, services
from board.forms import ReportForm
from board.models import Post, Reply, Report
from board.services import BoardError
from board.views import BoardView, _form_error, _get_thread


class ReportView(BoardView):
    """GET the form, POST the report, for a post (`post_id`) or a reply (`reply_id`)."""

    form_class = ReportForm
    template_name = "board/report_form.html"

    def _item(self, request: HttpRequest, post_id: int | None, reply_id: int | None) -> tuple[Post, Reply | None]:
        if reply_id is not None:
            reply = selectors.visible_reply(user=request.user, reply_id=reply_id)
            if reply is None:
                raise Http404("返信が見つかりません。")
            return _get_thread(request, reply.post_id), reply
        return _get_thread(request, post_id), None

    def get(self, request: HttpRequest, post_id: int | None = None, reply_id: int | None = None) -> HttpResponse:
        post, reply = self._item(request, post_id, reply_id)
        permissions.check_report(request.user, reply or post)
        return self._render(post, reply, self.form_class())

    def post(self, request: HttpRequest, post_id: int | None = None, reply_id: int | None = None) -> HttpResponse:
        post, reply = self._item(request, post_id, reply_id)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                services.report_create(
                    user=request.user, post=post, reply=reply, reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "通報を受け付けました。事務局が確認し、対応の結果をお知らせします。")
                return redirect(reverse("board:reply_link", args=[reply.pk]) if reply else post.get_absolute_url())
        return self._render(post, reply, form)

    def _render(self, post: Post, reply: Reply | None, form: ReportForm) -> HttpResponse:
        reported = Report.objects.filter(reporter=self.request.user, post=post)
        reported = reported.filter(reply=reply) if reply else reported.filter(reply__isnull=True)
        return render(self.request, self.template_name, {
            "form": form, "post": post, "reply": reply, "already": reported.first(),
            "excerpt": (reply.body if reply else post.body)[:200],
            "trail": [("掲示板", reverse("board:index")), (post.title, post.get_absolute_url()), ("通報", "")],
        })

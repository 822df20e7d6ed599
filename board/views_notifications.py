"""The notification centre (/members/notifications/): every event that concerns the member, unread
first, newest first, with links to the exact reply or post; mark one or all as read.

Mounted under /members/ by portal/urls_members.py (the member's own pages), served by the board,
which owns the notifications. Entries of posts the member can no longer see are not listed
(board.selectors.notifications_visible_to).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from board import cache as board_cache
from board import selectors, services
from board.models import Notification
from core.pagination import NearestPageMixin
from core.roles import ApprovedMemberRequiredMixin


def _back(request: HttpRequest) -> str:
    """The page the member came from (the list, on its page), never another site."""
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return reverse("members:notifications")


@method_decorator(never_cache, name="dispatch")
class NotificationListView(ApprovedMemberRequiredMixin, NearestPageMixin, ListView):
    template_name = "board/notifications.html"
    context_object_name = "entries"
    paginate_by = 20

    def get_queryset(self):
        return selectors.notification_entries(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = board_cache.unread_count(self.request)
        context["trail"] = [("マイページ", reverse("members:index")), ("通知", "")]
        return context


@method_decorator(never_cache, name="dispatch")
class NotificationOpenView(ApprovedMemberRequiredMixin, View):
    """An entry's link: marks it read and goes to what it is about (the reply, the post…)."""

    def get(self, request: HttpRequest, notification_id: int) -> HttpResponse:
        try:
            notification = selectors.notifications_visible_to(user=request.user).get(pk=notification_id)
        except Notification.DoesNotExist:
            raise Http404("通知が見つかりません。") from None
        services.notifications_mark_read(user=request.user, ids=[notification.pk])
        return redirect(notification.get_target_url())


class NotificationReadView(ApprovedMemberRequiredMixin, View):
    """POST: mark one entry read, back to the list."""

    def post(self, request: HttpRequest, notification_id: int) -> HttpResponse:
        if not selectors.notifications_visible_to(user=request.user).filter(pk=notification_id).exists():
            raise Http404("通知が見つかりません。")
        services.notifications_mark_read(user=request.user, ids=[notification_id])
        messages.success(request, "既読にしました。")
        return redirect(_back(request))


class NotificationReadAllView(ApprovedMemberRequiredMixin, View):
    """POST: mark every entry read."""

    def post(self, request: HttpRequest) -> HttpResponse:
        marked = services.notifications_mark_read(user=request.user)
        messages.success(request, f"{marked}件の通知を既読にしました。" if marked else "未読の通知はありません。")
        return redirect(_back(request))

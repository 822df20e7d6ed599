"""Notification settings: per category (each post, daily digest, nothing), and watched / muted threads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from board import selectors
from board.models import Category, CategorySubscription, Post, ThreadWatch
from board.notifications import DEFAULT_LIAISON_CATEGORY
from board.views import BoardView
from core.roles import Role, role_of


def default_mode(user, category: Category) -> str:
    """What applies before a person chooses (see board.notifications.category_modes)."""
    if category.slug == DEFAULT_LIAISON_CATEGORY and role_of(user) is Role.LIAISON:
        return CategorySubscription.Mode.EACH
    return CategorySubscription.Mode.NONE


class SubscriptionForm(forms.Form):
    """One radio group per category."""

    def __init__(self, *args, user, categories, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = dict(CategorySubscription.objects.filter(user=user).values_list("category_id", "mode"))
        for category in categories:
            self.fields[f"category_{category.pk}"] = forms.ChoiceField(
                label=category.name,
                choices=CategorySubscription.Mode.choices,
                widget=forms.RadioSelect,
                initial=chosen.get(category.pk, default_mode(user, category)),
                help_text=category.description,
            )
        self.categories = categories


class SubscriptionsView(BoardView):
    template_name = "board/subscriptions.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            messages.error(request, "通知方法を選んでください。")
            return self._render(form)
        with transaction.atomic():
            for category in form.categories:
                CategorySubscription.objects.update_or_create(
                    user=request.user, category=category,
                    defaults={"mode": form.cleaned_data[f"category_{category.pk}"]},
                )
        messages.success(request, "通知の設定を保存しました。")
        return redirect("board:subscriptions")

    def _form(self, data=None) -> SubscriptionForm:
        categories = list(Category.objects.order_by("sort_order", "pk"))
        return SubscriptionForm(data, user=self.request.user, categories=categories)

    def _render(self, form) -> HttpResponse:
        watches = (
            ThreadWatch.objects.filter(user=self.request.user, post__in=selectors.post_list_visible_to(user=self.request.user))
            .select_related("post")
            .order_by("mode", "-post__last_activity_at")
        )
        return render(self.request, self.template_name, {
            "form": form,
            "watches": watches,
            "trail": [("掲示板", reverse("board:index")), ("通知の設定", "")],
        })


class ThreadWatchView(BoardView):
    """POST mode=watch|mute|clear for one thread the user can see."""

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        try:
            post = selectors.post_list_visible_to(user=request.user).get(pk=post_id)
        except Post.DoesNotExist:
            raise Http404("投稿が見つかりません。") from None
        mode = request.POST.get("mode", "")
        if mode in ThreadWatch.Mode.values:
            ThreadWatch.objects.update_or_create(user=request.user, post=post, defaults={"mode": mode})
            messages.success(request, "このスレッドをウォッチします。返信があるとメールで通知します。"
                             if mode == ThreadWatch.Mode.WATCH else "このスレッドをミュートしました。通知は届きません。")
        elif mode == "clear":
            ThreadWatch.objects.filter(user=request.user, post=post).delete()
            messages.success(request, "このスレッドの個別設定を解除しました。")
        else:
            messages.error(request, "設定を選んでください。")
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            next_url = post.get_absolute_url()
        return redirect(next_url)

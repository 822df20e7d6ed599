"""Notification settings: per category (each post, daily digest, nothing), per topic (e-mail about
one's own posts, watched threads, one's ward, one's organisation), watched / muted threads; and the
one-click unsubscribe of the e-mails (no login: the signed link is the proof)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from board import selectors, services, unsubscribe
from board.models import Category, CategorySubscription, Post, ThreadWatch, TopicSubscription
from board.notifications import DEFAULT_LIAISON_CATEGORY
from board.views import BoardView
from core.roles import Role, role_of


def default_mode(user, category: Category) -> str:
    """What applies before a person chooses (see board.notifications.category_modes)."""
    if category.slug == DEFAULT_LIAISON_CATEGORY and role_of(user) is Role.LIAISON:
        return CategorySubscription.Mode.EACH
    return CategorySubscription.Mode.NONE


TOPIC_MAIL_CHOICES = [
    (CategorySubscription.Mode.EACH, "その都度メール"),
    (CategorySubscription.Mode.DIGEST, "1日1回まとめてメール"),
    (CategorySubscription.Mode.NONE, "メールしない（サイト内の通知のみ）"),
]


def topics_for(user) -> list[str]:
    """The topics a person can be notified of (the ward's only for its officers)."""
    topics = list(TopicSubscription.Topic.values)
    if role_of(user) is not Role.LIAISON:
        topics.remove(TopicSubscription.Topic.WARD)
    return topics


class SubscriptionForm(forms.Form):
    """One radio group per topic (e-mail only) and per category (follow: each post, digest, nothing)."""

    def __init__(self, *args, user, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = topics_for(user)
        chosen_topics = dict(TopicSubscription.objects.filter(user=user).values_list("topic", "mode"))
        for topic in self.topics:
            self.fields[f"topic_{topic}"] = forms.ChoiceField(
                label=TopicSubscription.Topic(topic).label,
                choices=TOPIC_MAIL_CHOICES,
                widget=forms.RadioSelect,
                initial=chosen_topics.get(topic, TopicSubscription.DEFAULTS[topic]),
            )
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

    def topic_fields(self):
        return [self[f"topic_{topic}"] for topic in self.topics]

    def category_fields(self):
        return [self[f"category_{category.pk}"] for category in self.categories]


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
            for topic in form.topics:
                TopicSubscription.objects.update_or_create(
                    user=request.user, topic=topic, defaults={"mode": form.cleaned_data[f"topic_{topic}"]},
                )
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
            "digest_hour": settings.BOARD_DIGEST_HOUR,
            "trail": [("マイページ", reverse("members:index")), ("通知の設定", "")],
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
            messages.success(request, "このスレッドをウォッチします。返信・区の対応・状況の変更を通知します。"
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


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(View):
    """The e-mails' unsubscribe link. GET asks (mail programs open links to scan them: a GET never
    changes anything); POST turns that one setting's e-mail off — from the page's button or, as
    RFC 8058 one-click, from the mail program with `List-Unsubscribe=One-Click` (no CSRF token
    there: the signed token is the proof). An altered or expired link changes nothing."""

    template_name = "board/unsubscribe.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token, done=False)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token, done=True)

    def _page(self, request: HttpRequest, token: str, *, done: bool) -> HttpResponse:
        try:
            user_id, setting = unsubscribe.read(token)
        except unsubscribe.InvalidLink:
            return render(request, self.template_name, {"invalid": True}, status=400)
        if done:
            services.subscription_stop_mail(user_id=user_id, setting=setting)
        return render(request, self.template_name, {
            "done": done, "label": unsubscribe.label(setting), "setting": setting,
        })

"""Admin of the board for the Secretariat: moderation (through board.services, logged in the change
log), the notification e-mails with their failures and a resend action, and the members' settings."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from board import services
from board.models import (
    Attachment,
    Category,
    CategorySubscription,
    Engagement,
    Notification,
    Post,
    Reply,
    ThreadWatch,
    TopicSubscription,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "has_workflow", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "description"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fk_name = "post"
    extra = 0
    can_delete = False
    fields = ["download", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="ファイル")
    def download(self, obj: Attachment) -> str:
        # Only through the members-only download, never /media/.
        return format_html('<a href="{}">{}</a>', reverse("board:attachment", args=[obj.pk]), obj.original_name)


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0
    autocomplete_fields = ["ward", "marked_by"]


def _moderation_action(service, kwargs: dict, label: str, message: str):
    def action(modeladmin, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        for post in queryset:
            service(user=request.user, post=post, **kwargs)
            modeladmin.log_change(request, post, label)
        modeladmin.message_user(request, message.format(n=queryset.count()), messages.SUCCESS)

    action.short_description = label
    action.__name__ = f"{service.__name__}_{'_'.join(str(v) for v in kwargs.values())}"
    return action


class PostAdminForm(forms.ModelForm):
    """Post's admin form (the admin supplies its model and fields): only a realised proposal with its event
    or exchange may be published as an outcome."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_public_outcome"):
            if cleaned.get("status") != Post.Status.REALISED:
                self.add_error("is_public_outcome", "成果として公開できるのは、状況が「実現」の投稿だけです。")
            elif not (cleaned.get("realised_event") or cleaned.get("realised_relation")):
                self.add_error("is_public_outcome", "実現したイベントか交流を選んでから公開してください。")
        return cleaned


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ["title", "category", "organization", "status", "is_public_outcome", "reply_count", "is_pinned",
                    "is_locked", "is_hidden", "last_activity_at"]
    list_filter = ["category", "status", "is_public_outcome", "is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title", "organization__name", "author__email", "author__full_name"]
    list_select_related = ["category", "organization"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["author", "organization", "target_wards", "realised_event", "realised_relation"]
    readonly_fields = ["body_html", "reply_count", "created_at", "updated_at", "last_activity_at"]
    inlines = [AttachmentInline, EngagementInline]
    actions = [
        _moderation_action(services.post_hide, {"hidden": True}, "非表示にする", "{n}件を非表示にしました。"),
        _moderation_action(services.post_hide, {"hidden": False}, "再び表示する", "{n}件を再び表示しました。"),
        _moderation_action(services.post_lock, {"locked": True}, "返信を締め切る", "{n}件の返信を締め切りました。"),
        _moderation_action(services.post_lock, {"locked": False}, "返信の受付を再開する", "{n}件の返信の受付を再開しました。"),
        _moderation_action(services.post_pin, {"pinned": True}, "一覧の先頭に固定する", "{n}件を固定しました。"),
        _moderation_action(services.post_pin, {"pinned": False}, "固定を解除する", "{n}件の固定を解除しました。"),
    ]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["post", "organization", "author", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    search_fields = ["body", "post__title", "organization__name"]
    list_select_related = ["post", "organization", "author"]
    autocomplete_fields = ["post", "author", "organization"]
    readonly_fields = ["body_html"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "content_type", "size", "post", "reply", "uploaded_by", "created_at"]
    search_fields = ["original_name", "post__title"]
    list_select_related = ["post", "reply", "uploaded_by"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "created_at", "post", "reply", "file"]

    def has_add_permission(self, request) -> bool:
        return False  # files come in through the board's checks only


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "post", "read_at", "state", "attempts", "sent_at", "short_error"]
    list_filter = ["state", "kind"]
    search_fields = ["user__email", "post__title", "last_error"]
    list_select_related = ["user", "post"]
    readonly_fields = [
        "user", "kind", "post", "reply", "actor", "actor_organization", "stage", "status", "note", "event", "read_at",
        "state", "attempts", "last_error", "created_at", "sent_at",
    ]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="エラー")
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:80]

    @admin.action(description="送信をやり直す（送信失敗・送信待ちのもの）")
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from board.tasks import send_notification

        retry = list(queryset.filter(state__in=[Notification.State.FAILED, Notification.State.PENDING]))
        for notification in retry:
            Notification.objects.filter(pk=notification.pk).update(state=Notification.State.PENDING, attempts=0)
            send_notification.enqueue(notification_id=notification.pk)
            self.log_change(request, notification, "送信をやり直し")
        self.message_user(request, f"{len(retry)}件の送信をやり直します。", messages.SUCCESS)


@admin.register(CategorySubscription)
class CategorySubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "mode"]
    list_filter = ["category", "mode"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(TopicSubscription)
class TopicSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "mode"]
    list_filter = ["topic", "mode"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(ThreadWatch)
class ThreadWatchAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "mode"]
    list_filter = ["mode"]
    search_fields = ["user__email", "post__title"]
    autocomplete_fields = ["user", "post"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["post", "ward", "stage", "marked_by", "updated_at"]
    list_filter = ["stage", "ward"]
    search_fields = ["post__title", "note"]
    autocomplete_fields = ["post", "ward", "marked_by"]

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
    Report,
    ThreadWatch,
    TopicSubscription,
    WardAnswer,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "has_workflow", "takes_deadline", "answer_kind", "sort_order"]
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


class WardAnswerInline(admin.TabularInline):
    model = WardAnswer
    extra = 0
    fields = ["ward", "response", "copies", "place", "ship_to", "note", "answered_by", "shipped_at", "received_at"]
    autocomplete_fields = ["ward", "answered_by"]


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
    list_display = ["title", "category", "organization", "status", "deadline", "is_public_outcome", "reply_count",
                    "is_pinned", "is_locked", "is_hidden", "last_activity_at"]
    list_filter = ["category", "status", "is_public_outcome", "is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title", "organization__name", "author__email", "author__full_name"]
    list_select_related = ["category", "organization"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["author", "organization", "target_wards", "realised_event", "realised_relation"]
    readonly_fields = ["answers_csv", "body_html", "reply_count", "reminded_at", "created_at", "updated_at", "last_activity_at"]
    inlines = [AttachmentInline, EngagementInline, WardAnswerInline]
    actions = [
        _moderation_action(services.post_hide, {"hidden": True}, "非表示にする", "{n}件を非表示にしました。"),
        _moderation_action(services.post_hide, {"hidden": False}, "再び表示する", "{n}件を再び表示しました。"),
        _moderation_action(services.post_lock, {"locked": True}, "返信を締め切る", "{n}件の返信を締め切りました。"),
        _moderation_action(services.post_lock, {"locked": False}, "返信の受付を再開する", "{n}件の返信の受付を再開しました。"),
        _moderation_action(services.post_pin, {"pinned": True}, "一覧の先頭に固定する", "{n}件を固定しました。"),
        _moderation_action(services.post_pin, {"pinned": False}, "固定を解除する", "{n}件の固定を解除しました。"),
    ]


    @admin.display(description="区の回答（CSV）")
    def answers_csv(self, obj: Post) -> str:
        if not obj.pk or not obj.category.answer_kind:
            return "—"
        return format_html('<a href="{}">回答の一覧をCSVで保存</a>', reverse("board:answers_csv", args=[obj.pk]))


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


@admin.register(WardAnswer)
class WardAnswerAdmin(admin.ModelAdmin):
    list_display = ["post", "ward", "response", "copies", "answered_by", "updated_at", "shipped_at", "received_at"]
    list_filter = ["response", "ward", "post__category"]
    search_fields = ["post__title", "ward__municipality__name", "place", "ship_to", "note"]
    list_select_related = ["post", "ward__municipality", "answered_by"]
    autocomplete_fields = ["post", "ward", "answered_by", "shipped_by", "received_by"]


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["outcome", "resolution_note"]

    def clean_outcome(self):
        outcome = self.cleaned_data["outcome"]
        if outcome == Report.Outcome.OPEN:
            raise forms.ValidationError("対応（非表示にした／問題なし）を選んでください。")
        return outcome


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The Secretariat's review queue: each report's item, reason and text; the decision (hide or keep,
    with a note) closes every open report of the item, is logged and told to the reporters."""

    form = ReportForm
    list_display = ["created_at", "item", "reason", "short_text", "reporter", "outcome", "resolved_by", "resolved_at"]
    list_filter = ["outcome", "reason"]
    search_fields = ["post__title", "text", "reporter__email", "resolution_note"]
    list_select_related = ["post", "reply", "reporter", "resolved_by"]
    readonly_fields = ["item", "excerpt", "reason", "text", "reporter", "created_at", "resolved_by", "resolved_at"]
    fields = ["item", "excerpt", "reason", "text", "reporter", "created_at", "outcome", "resolution_note",
              "resolved_by", "resolved_at"]
    actions = ["hide_items", "keep_items"]

    def has_add_permission(self, request) -> bool:
        return False  # reports come from members on the board

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.outcome != Report.Outcome.OPEN:
            return [*self.readonly_fields, "outcome", "resolution_note"]  # decided: the log stays as it was
        return self.readonly_fields

    @admin.display(description="通報された投稿・返信")
    def item(self, obj: Report) -> str:
        url = reverse("board:reply_link", args=[obj.reply_id]) if obj.reply_id else reverse("board:post", args=[obj.post_id])
        return format_html('<a href="{}">{}</a>', url, obj.item_label)

    @admin.display(description="本文（先頭）")
    def excerpt(self, obj: Report) -> str:
        return (obj.reply.body if obj.reply_id else obj.post.body)[:500]

    @admin.display(description="内容")
    def short_text(self, obj: Report) -> str:
        return obj.text[:60]

    def save_model(self, request, obj: Report, form, change) -> None:
        if "outcome" in form.changed_data or "resolution_note" in form.changed_data:
            closed = services.report_resolve(
                user=request.user, report=obj, outcome=obj.outcome, note=obj.resolution_note
            )
            for other in closed:
                if other.pk != obj.pk:
                    self.log_change(request, other, f"同じ項目の通報として「{other.get_outcome_display()}」")

    def _resolve(self, request: HttpRequest, queryset: QuerySet[Report], outcome: str, label: str) -> None:
        done = 0
        for report in queryset.filter(outcome=Report.Outcome.OPEN).select_related("post", "reply"):
            report.refresh_from_db()
            if report.outcome != Report.Outcome.OPEN:
                continue  # closed with another report of the same item
            for closed in services.report_resolve(user=request.user, report=report, outcome=outcome, note=label):
                self.log_change(request, closed, label)
                done += 1
        self.message_user(request, f"{done}件の通報を「{Report.Outcome(outcome).label}」で処理しました。", messages.SUCCESS)

    @admin.action(description="通報された投稿・返信を非表示にする")
    def hide_items(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._resolve(request, queryset, Report.Outcome.HIDDEN, "通報により非表示")

    @admin.action(description="問題なしとして表示したままにする")
    def keep_items(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._resolve(request, queryset, Report.Outcome.KEPT, "確認の結果、問題なし")

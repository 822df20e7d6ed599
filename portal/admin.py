from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.models import (
    AboutSection,
    ContactPoint,
    DirectionActivity,
    DirectionItem,
    DirectionPlan,
    Goal,
    NetworkStatistic,
    NewsItem,
    NewsletterIssue,
    TimelineEntry,
    User,
)
from portal.services import membership_approve, membership_reject


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["-date_joined"]
    actions = ["approve", "reject"]
    list_display = ["email", "full_name", "municipality", "department", "approval_status", "is_staff", "date_joined"]
    list_filter = ["approval_status", "is_staff", "is_active", "municipality__kind", "groups"]
    search_fields = ["email", "full_name", "full_name_kana", "municipality__name", "department"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["last_login", "date_joined", "approval_decided_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("所属・連絡先", {"fields": ["full_name", "full_name_kana", "municipality", "department", "phone"]}),
        ("承認", {"fields": ["approval_status", "approval_decided_at", "approval_note"]}),
        ("権限", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("日時", {"fields": ["last_login", "date_joined"]}),
    ]
    @admin.action(description="選択した申請を承認し、本人にメールで知らせる", permissions=["change"])
    def approve(self, request, queryset):
        done = 0
        for user in queryset.exclude(approval_status=User.Approval.APPROVED).select_related("municipality"):
            if user.municipality_id is None:
                self.message_user(request, f"{user.email} は所属自治体がないため承認できません。", level="error")
                continue
            membership_approve(user=user, decided_by=request.user)
            self.log_change(request, user, "会員登録を承認")
            done += 1
        self.message_user(request, f"{done}件の申請を承認しました。")

    @admin.action(description="選択した申請を却下し、本人にメールで知らせる", permissions=["change"])
    def reject(self, request, queryset):
        done = 0
        for user in queryset.filter(approval_status=User.Approval.PENDING):
            membership_reject(user=user, decided_by=request.user)
            self.log_change(request, user, "会員登録を却下")
            done += 1
        self.message_user(request, f"{done}件の申請を却下しました。")

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "municipality", "password1", "password2"]}),
    ]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "date_display", "title", "event", "is_milestone"]
    list_display_links = ["date", "title"]
    list_filter = ["is_milestone", "date_precision"]
    search_fields = ["title", "body"]
    date_hierarchy = "date"
    autocomplete_fields = ["event"]
    list_select_related = ["event"]

    @admin.display(description="表示")
    def date_display(self, obj):
        return obj.date_display


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "date_display", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_on"
    fields = ["title", "published_on", "published_precision", "body", "link_url", "link_label", "is_published"]

    @admin.display(description="掲載日", ordering="published_on")
    def date_display(self, obj: NewsItem) -> str:
        return obj.date_display


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    """The issues of 全国連携NEWS; the Secretariat adds each issue's PDF here."""

    list_display = ["__str__", "number", "date_display", "has_pdf"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_on"
    fields = ["number", "title", "published_on", "published_precision", "publisher", "summary", "pdf"]

    @admin.display(description="発行日", ordering="published_on")
    def date_display(self, obj: NewsletterIssue) -> str:
        return obj.date_display

    @admin.display(description="PDF", boolean=True)
    def has_pdf(self, obj: NewsletterIssue) -> bool:
        return bool(obj.pdf)


@admin.register(NetworkStatistic)
class NetworkStatisticAdmin(admin.ModelAdmin):
    list_display = ["as_of", "metric", "value", "source"]
    list_filter = ["metric", "as_of"]
    search_fields = ["source", "note"]
    date_hierarchy = "as_of"


@admin.register(AboutSection)
class AboutSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "sort_order", "dated"]
    list_editable = ["sort_order"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "text"]


class DirectionItemInline(admin.TabularInline):
    model = DirectionItem
    extra = 0
    show_change_link = True


@admin.register(DirectionPlan)
class DirectionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "first_fiscal_year", "last_fiscal_year"]
    inlines = [DirectionItemInline]


class DirectionActivityInline(admin.TabularInline):
    model = DirectionActivity
    extra = 0


@admin.register(DirectionItem)
class DirectionItemAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "activities__text"]
    inlines = [DirectionActivityInline]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["topic", "organization", "phone", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The audit trail: every change made in the admin (including approvals), read-only."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change_message"]
    list_filter = ["action_flag", "content_type", "user"]
    search_fields = ["object_repr", "change_message", "user__email"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "action_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The site-information pages (contact, FAQ, policies, accessibility results) have their own module.
from portal import admin_site  # noqa: E402, F401

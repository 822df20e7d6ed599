from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from core import wareki
from portal import selectors, services
from portal.models import (
    AboutSection,
    ContactPoint,
    ContactReconfirmation,
    DirectionActivity,
    DirectionItem,
    DirectionPlan,
    Goal,
    Handover,
    NetworkStatistic,
    NewsItem,
    NewsletterIssue,
    TimelineEntry,
    User,
)


class ApplicationFilter(admin.SimpleListFilter):
    title = "申請の状態"
    parameter_name = "application"

    def lookups(self, request, model_admin):
        return [("waiting", "承認待ち（メール確認済み）"), ("unconfirmed", "メールアドレス未確認"), ("handover", "交代の後任者")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(pk__in=selectors.pending_applications().values("pk"))
        if self.value() == "unconfirmed":
            return queryset.filter(approval_status=User.Approval.PENDING, applied_at__isnull=True, is_active=True)
        if self.value() == "handover":
            return queryset.filter(handovers_received__state=Handover.State.APPLIED)
        return queryset


class ReconfirmationFilter(admin.SimpleListFilter):
    """Who is stale: members and officers who have not confirmed their contact data this 年度."""

    title = "今年度の登録情報の確認"
    parameter_name = "reconfirmed"

    def lookups(self, request, model_admin):
        return [("no", "未確認（利用中の会員）"), ("yes", "確認済み")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(pk__in=services.stale_members().values("pk"))
        if self.value() == "yes":
            fy = wareki.fiscal_year(timezone.localdate())
            return queryset.filter(reconfirmations__fiscal_year=fy, reconfirmations__confirmed_at__isnull=False)
        return queryset


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="却下の理由（申請者にメールで伝えます）", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "却下の理由を入力してください。"},
    )


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["-date_joined"]
    actions = ["approve", "reject", "deactivate"]
    list_display = ["email", "full_name", "municipality", "approval_status", "reconfirmed", "is_active", "date_joined"]
    # Judging applications: the hints instead of the account's state.
    application_list_display = ["email", "full_name", "municipality", "email_domain_hint", "colleague_count", "applied_on"]
    list_filter = [ApplicationFilter, ReconfirmationFilter, "approval_status", "is_active", "deactivation_reason",
                   "is_staff", "municipality__kind", "groups"]
    search_fields = ["email", "full_name", "full_name_kana", "municipality__name", "municipality__name_hiragana", "department"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["last_login", "date_joined", "approval_decided_at", "applied_at", "deactivated_at",
                       "personal_data_cleared_at"]
    change_form_template = "admin/portal/user/change_form.html"
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("所属・連絡先", {"fields": ["full_name", "full_name_kana", "municipality", "department", "phone"]}),
        ("承認", {"fields": ["approval_status", "applied_at", "approval_decided_at", "approval_note"]}),
        ("利用停止", {"fields": ["deactivated_at", "deactivation_reason", "personal_data_cleared_at"]}),
        ("権限", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("日時", {"fields": ["last_login", "date_joined"]}),
    ]

    def get_list_display(self, request):
        if request.GET.get(ApplicationFilter.parameter_name):
            return self.application_list_display
        return self.list_display

    def get_queryset(self, request):
        fy = wareki.fiscal_year(timezone.localdate())
        colleagues = (
            User.objects.filter(municipality_id=OuterRef("municipality_id"), is_active=True,
                                approval_status=User.Approval.APPROVED)
            .exclude(pk=OuterRef("pk")).order_by().values("municipality_id").annotate(n=Count("pk")).values("n")
        )
        return super().get_queryset(request).annotate(
            n_colleagues=Coalesce(Subquery(colleagues), 0),
            is_reconfirmed=Exists(ContactReconfirmation.objects.filter(
                user=OuterRef("pk"), fiscal_year=fy, confirmed_at__isnull=False)),
        )

    @admin.display(description="メールのドメイン")
    def email_domain_hint(self, obj):
        if obj.municipality_id is None or obj.is_staff:
            return "—"
        return {"official": "✔ 公式", "lg": "✔ lg.jp"}.get(obj.municipality.domain_match(obj.email_domain), "⚠ 不一致")

    class Media:
        css = {"all": ["css/admin_accounts.css"]}

    @admin.display(description="申請日", ordering="applied_at")
    def applied_on(self, obj):
        return timezone.localtime(obj.applied_at).strftime("%Y-%m-%d") if obj.applied_at else "—"

    @admin.display(description="同じ団体の会員", ordering="n_colleagues")
    def colleague_count(self, obj):
        return obj.n_colleagues

    @admin.display(description="今年度の確認", boolean=True, ordering="is_reconfirmed")
    def reconfirmed(self, obj):
        return obj.is_reconfirmed

    # --- decisions: one applicant at a time, from its change page -------------------------------------
    def get_urls(self):
        own = [
            path("<int:user_id>/approve/", self.admin_site.admin_view(self.approve_view), name="portal_user_approve"),
            path("<int:user_id>/reject/", self.admin_site.admin_view(self.reject_view), name="portal_user_reject"),
            path("<int:user_id>/deactivate/", self.admin_site.admin_view(self.deactivate_view), name="portal_user_deactivate"),
        ]
        return own + super().get_urls()

    def _decision_target(self, request, user_id, *, post_only=True):
        if post_only and request.method != "POST":
            raise PermissionDenied
        user = get_object_or_404(User.objects.select_related("municipality"), pk=user_id)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        return user

    def approve_view(self, request, user_id):
        user = self._decision_target(request, user_id)
        try:
            services.membership_approve(user=user, decided_by=request.user)
        except services.AccountError as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
        else:
            self.log_change(request, user, "会員登録を承認")
            self.message_user(request, f"{user} を承認し、本人にメールで知らせました。")
        return redirect("admin:portal_user_change", user.pk)

    def reject_view(self, request, user_id):
        user = self._decision_target(request, user_id, post_only=False)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.membership_reject(user=user, decided_by=request.user, reason=form.cleaned_data["reason"])
            except services.AccountError as exc:
                form.add_error("reason", str(exc))
            else:
                self.log_change(request, user, "会員登録を却下")
                self.message_user(request, f"{user} の申請を却下し、理由を本人にメールで知らせました。")
                return redirect("admin:portal_user_change", user.pk)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "申請の却下",
                   "users": [user], "form": form, "single": True}
        return TemplateResponse(request, "admin/portal/user/reject.html", context)

    def deactivate_view(self, request, user_id):
        user = self._decision_target(request, user_id)
        try:
            services.account_deactivate(user=user, decided_by=request.user)
        except services.AccountError as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
        else:
            self.log_change(request, user, "利用停止")
            self.message_user(request, f"{user} の利用を停止しました。")
        return redirect("admin:portal_user_change", user.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["hints"] = selectors.applicant_hints(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # --- bulk actions -----------------------------------------------------------------------------
    @admin.action(description="選択した申請を承認し、本人にメールで知らせる", permissions=["change"])
    def approve(self, request, queryset):
        done = 0
        for user in queryset.exclude(approval_status=User.Approval.APPROVED).select_related("municipality"):
            try:
                services.membership_approve(user=user, decided_by=request.user)
            except services.AccountError as exc:
                self.message_user(request, f"{user.email}: {exc}", level=messages.ERROR)
                continue
            self.log_change(request, user, "会員登録を承認")
            done += 1
        self.message_user(request, f"{done}件の申請を承認しました。")

    @admin.action(description="選択した申請を却下し、理由を本人にメールで知らせる", permissions=["change"])
    def reject(self, request, queryset):
        users = list(queryset.filter(approval_status=User.Approval.PENDING))
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for user in users:
                services.membership_reject(user=user, decided_by=request.user, reason=form.cleaned_data["reason"])
                self.log_change(request, user, "会員登録を却下")
            self.message_user(request, f"{len(users)}件の申請を却下しました。")
            return None
        if not users:
            self.message_user(request, "却下できる承認待ちの申請が選ばれていません。", level=messages.WARNING)
            return None
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "申請の却下",
                   "users": users, "form": form, "action": "reject",
                   "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return TemplateResponse(request, "admin/portal/user/reject.html", context)

    @admin.action(description="選択した会員の利用を停止する（異動・退職、登録情報の未確認）", permissions=["change"])
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True, is_staff=False):
            services.account_deactivate(user=user, decided_by=request.user)
            self.log_change(request, user, "利用停止")
            done += 1
        self.message_user(request, f"{done}人の利用を停止しました。")

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "municipality", "password1", "password2"]}),
    ]


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):
    list_display = ["municipality", "predecessor", "successor_display", "state", "deactivate_on", "created_at", "applied_at"]
    list_filter = ["state"]
    search_fields = ["predecessor__email", "predecessor__full_name", "successor_email", "successor__full_name",
                     "municipality__name"]
    list_select_related = ["municipality", "predecessor", "successor"]
    readonly_fields = ["predecessor", "municipality", "successor_email", "successor", "message", "deactivate_on",
                       "state", "created_at", "expires_at", "applied_at", "completed_at"]
    fields = readonly_fields
    actions = ["confirm"]
    change_form_template = "admin/portal/handover/change_form.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description="後任者")
    def successor_display(self, obj):
        return obj.successor or obj.successor_email

    def get_urls(self):
        own = [path("<int:handover_id>/confirm/", self.admin_site.admin_view(self.confirm_view), name="portal_handover_confirm")]
        return own + super().get_urls()

    def confirm_view(self, request, handover_id):
        if request.method != "POST":
            raise PermissionDenied
        handover = get_object_or_404(Handover.objects.select_related("predecessor", "successor"), pk=handover_id)
        if not self.has_change_permission(request, handover):
            raise PermissionDenied
        try:
            services.handover_confirm(handover=handover, decided_by=request.user)
        except services.AccountError as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
        else:
            self.log_change(request, handover, "担当者の交代を確認")
            self.message_user(request, f"{handover} の交代を確認しました。")
        return redirect("admin:portal_handover_change", handover.pk)

    @admin.action(description="選択した交代を確認する（後任者を承認し、前任者を停止）", permissions=["change"])
    def confirm(self, request, queryset):
        done = 0
        for handover in queryset.filter(state=Handover.State.APPLIED).select_related("predecessor", "successor"):
            services.handover_confirm(handover=handover, decided_by=request.user)
            self.log_change(request, handover, "担当者の交代を確認")
            done += 1
        self.message_user(request, f"{done}件の交代を確認しました。")


@admin.register(ContactReconfirmation)
class ContactReconfirmationAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "fiscal_year_display", "requested_at", "reminders_sent", "confirmed_at", "confirmed_via"]
    list_filter = ["fiscal_year", ("confirmed_at", admin.EmptyFieldListFilter), "confirmed_via", "reminders_sent"]
    search_fields = ["user__email", "user__full_name", "user__municipality__name"]
    list_select_related = ["user__municipality"]
    readonly_fields = ["user", "fiscal_year", "requested_at", "reminders_sent", "confirmed_at", "confirmed_via"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="所属", ordering="user__municipality")
    def municipality(self, obj):
        return obj.user.municipality

    @admin.display(description="年度", ordering="fiscal_year")
    def fiscal_year_display(self, obj):
        return wareki.format_fiscal_year(obj.fiscal_year)


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

"""Admin of the site-information pages: contact messages and subjects, FAQ, policies, accessibility runs.
Imported by portal/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from portal.models import (
    AccessibilityCriterionResult,
    AccessibilityPageResult,
    AccessibilityTestRun,
    ContactMessage,
    ContactSubject,
    DatasetChange,
    FaqCategory,
    FaqEntry,
    PolicyDocument,
    PolicySection,
)


@admin.register(ContactSubject)
class ContactSubjectAdmin(admin.ModelAdmin):
    list_display = ["label", "desk", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_select_related = ["desk"]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "name", "organization", "email", "status", "mailed_at"]
    list_filter = ["status", "subject", "created_at"]
    list_editable = ["status"]
    list_select_related = ["subject"]
    search_fields = ["name", "organization", "email", "message"]
    date_hierarchy = "created_at"
    fields = ["status", "staff_note", "subject", "name", "organization", "email", "phone", "message", "created_at",
              "mailed_at"]
    readonly_fields = ["subject", "name", "organization", "email", "phone", "message", "created_at", "mailed_at"]
    actions = ["mark_in_progress", "mark_done"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # messages come from the form only

    @admin.action(description="選択したお問い合わせを「対応中」にする")
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        count = queryset.update(status=ContactMessage.Status.IN_PROGRESS)
        self.message_user(request, f"{count}件を「対応中」にしました。", messages.SUCCESS)

    @admin.action(description="選択したお問い合わせを「完了」にする")
    def mark_done(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        count = queryset.update(status=ContactMessage.Status.DONE)
        self.message_user(request, f"{count}件を「完了」にしました。", messages.SUCCESS)


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = ["sort_order", "question", "answer", "is_published"]


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order"]
    list_editable = ["sort_order"]
    inlines = [FaqEntryInline]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "sort_order", "is_published"]
    list_filter = ["category", "is_published"]
    list_editable = ["sort_order", "is_published"]
    list_select_related = ["category"]
    search_fields = ["question", "answer"]


class PolicySectionInline(admin.StackedInline):
    model = PolicySection
    extra = 0
    fields = ["sort_order", "title", "body"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "established_on", "revised_on"]
    inlines = [PolicySectionInline]


class AccessibilityPageResultInline(admin.TabularInline):
    model = AccessibilityPageResult
    extra = 0
    fields = ["sort_order", "path", "title", "axe_violations", "html_errors", "fits_phone"]


class AccessibilityCriterionResultInline(admin.TabularInline):
    model = AccessibilityCriterionResult
    extra = 0
    fields = ["sort_order", "number", "title", "level", "result", "method", "note"]
    readonly_fields = ["number", "title", "level"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AccessibilityTestRun)
class AccessibilityTestRunAdmin(admin.ModelAdmin):
    """Runs recorded by `manage.py record_accessibility_results`; the Secretariat records manual
    results per criterion, writes the summary and publishes the run."""

    list_display = ["tested_on", "standard", "target_level", "base_url", "is_published"]
    list_filter = ["is_published"]
    actions = ["publish"]
    fields = ["tested_on", "standard", "target_level", "base_url", "page_selection", "technologies", "tools",
              "summary", "is_published"]
    inlines = [AccessibilityCriterionResultInline, AccessibilityPageResultInline]

    @admin.action(description="選択した試験結果を公開する")
    def publish(self, request: HttpRequest, queryset: QuerySet[AccessibilityTestRun]) -> None:
        count = 0
        for run in queryset:
            run.is_published = True
            run.save(update_fields=["is_published"])
            count += 1
        self.message_user(request, f"{count}件の試験結果を公開しました。", messages.SUCCESS)


@admin.register(DatasetChange)
class DatasetChangeAdmin(admin.ModelAdmin):
    """Read-only: written automatically when a dataset's rows change (portal/opendata.py)."""

    list_display = ["slug", "changed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

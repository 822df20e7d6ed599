"""Admin for the master list, the 23 wards, their relations, areas and member registrations."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportMixin, ImportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from core import wareki
from municipalities.models import Area, ExchangeRelation, Membership, Municipality, Prefecture, Ward
from municipalities.resources import ExchangeRelationResource, JapaneseCSV, OfficialDomainResource, spreadsheet_line


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_kana", "region", "municipality_count"]
    list_filter = ["region"]
    search_fields = ["name", "name_kana", "code"]
    ordering = ["code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Prefecture]:
        return super().get_queryset(request).annotate(n_municipalities=Count("municipalities"))

    @admin.display(description="市区町村数", ordering="n_municipalities")
    def municipality_count(self, obj: Prefecture) -> int:
        return obj.n_municipalities


class ExchangeRelationInline(admin.TabularInline):
    model = ExchangeRelation
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "kind", "since", "since_precision", "description", "source"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("municipality__prefecture")


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    can_delete = False


class StaffInline(admin.TabularInline):
    """The organisation's people: several staff per organisation, each with their own account."""

    model = get_user_model()
    fk_name = "municipality"
    verbose_name = "職員のアカウント"
    verbose_name_plural = "職員のアカウント（この団体の会員・連絡担当者）"
    fields = ["account", "department", "approval_status", "is_active", "date_joined"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="氏名・メールアドレス")
    def account(self, obj):
        url = reverse("admin:portal_user_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)


@admin.register(Municipality)
class MunicipalityAdmin(ImportMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_kana", "prefecture", "kind", "official_domain", "is_member"]
    list_filter = ["kind", "prefecture__region", "prefecture", ("membership", admin.EmptyFieldListFilter),
                   ("official_domain", admin.EmptyFieldListFilter)]
    search_fields = ["name", "name_kana", "name_hiragana", "code", "prefecture__name", "official_domain"]
    list_select_related = ["prefecture", "membership"]
    ordering = ["code"]
    inlines = [MembershipInline, StaffInline]
    list_per_page = 100
    resource_classes = [OfficialDomainResource]
    formats = [JapaneseCSV, base_formats.XLSX]

    @admin.display(description="会員", boolean=True)
    def is_member(self, obj: Municipality) -> bool:
        return hasattr(obj, "membership")


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "sort_order", "relation_count"]
    list_editable = ["sort_order"]
    search_fields = ["municipality__name", "municipality__name_kana", "name_en"]
    list_select_related = ["municipality"]
    raw_id_fields = ["municipality"]
    inlines = [ExchangeRelationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ward]:
        return super().get_queryset(request).annotate(n_relations=Count("relations"))

    @admin.display(description="交流関係の数", ordering="n_relations")
    def relation_count(self, obj: Ward) -> int:
        return obj.n_relations


@admin.register(ExchangeRelation)
class ExchangeRelationAdmin(ImportExportMixin, admin.ModelAdmin):
    """Relations, with the import and export of the Secretariat's spreadsheet (CSV or XLSX, the same columns)."""

    list_display = ["ward", "municipality", "kind", "since_display", "source"]
    list_filter = ["kind", "ward"]
    search_fields = [
        "municipality__name", "municipality__name_kana", "ward__municipality__name", "description", "source",
    ]
    list_select_related = ["ward__municipality", "municipality"]
    autocomplete_fields = ["municipality"]
    resource_classes = [ExchangeRelationResource]
    formats = [JapaneseCSV, base_formats.XLSX]
    import_template_name = "admin/municipalities/exchangerelation/import.html"
    # Always every column, in the import's order (no per-column choice).
    export_form_class = ExportForm

    def import_action(self, request, **kwargs):
        """The dry run's preview; offers the confirmation also when some rows have errors, since the
        confirmed import stores the valid rows and reports the others (the stock admin refuses them all)."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result = context.get("result")
        if (
            result is not None and "confirm_form" not in context
            and not result.has_errors() and result.has_validation_errors() and result.valid_rows()
        ):
            context["confirm_form"] = self.create_confirm_form(request, import_form=context["form"])
        return response

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        if result.invalid_rows:
            lines = "、".join(f"{spreadsheet_line(row.number)}行目" for row in result.invalid_rows)
            messages.warning(
                request, f"エラーのある{len(result.invalid_rows)}行は取り込みませんでした：{lines}。修正して再度インポートしてください。"
            )
        for merged in getattr(result, "merged_rows", []):
            messages.info(request, str(merged))

    @admin.display(description="開始日", ordering="since")
    def since_display(self, obj: ExchangeRelation) -> str:
        return obj.since_display


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "prefecture", "paired_ward", "municipality_count", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = ["prefecture"]
    search_fields = ["name", "prefecture__name", "paired_ward__municipality__name"]
    list_select_related = ["prefecture", "paired_ward__municipality"]
    autocomplete_fields = ["municipalities"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Area]:
        return super().get_queryset(request).annotate(n_municipalities=Count("municipalities"))

    @admin.display(description="構成自治体数", ordering="n_municipalities")
    def municipality_count(self, obj: Area) -> int:
        return obj.n_municipalities


class ReconfirmedThisYearFilter(admin.SimpleListFilter):
    """Organisations none of whose people confirmed their contact data this 年度 (who is stale)."""

    title = "今年度の登録情報の確認"
    parameter_name = "reconfirmed"

    def lookups(self, request, model_admin):
        return [("yes", "確認済みの担当者がいる"), ("no", "確認済みの担当者がいない")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        confirmed = get_user_model().objects.filter(
            is_active=True, approval_status="approved",
            reconfirmations__fiscal_year=wareki.fiscal_year(timezone.localdate()),
            reconfirmations__confirmed_at__isnull=False,
        ).values("municipality_id")
        if self.value() == "yes":
            return queryset.filter(municipality_id__in=confirmed)
        return queryset.exclude(municipality_id__in=confirmed)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "prefecture", "registered_on", "is_active", "contact_department", "contact_person"]
    list_filter = ["is_active", ReconfirmedThisYearFilter, "municipality__prefecture__region", "municipality__prefecture"]
    readonly_fields = ["staff"]
    search_fields = [
        "municipality__name", "municipality__name_kana", "municipality__code",
        "contact_department", "contact_person", "contact_email",
    ]
    list_select_related = ["municipality__prefecture"]
    autocomplete_fields = ["municipality"]
    date_hierarchy = "registered_on"

    @admin.display(description="都道府県", ordering="municipality__prefecture")
    def prefecture(self, obj: Membership):
        return obj.municipality.prefecture

    @admin.display(description="職員のアカウント")
    def staff(self, obj: Membership):
        people = get_user_model().objects.filter(municipality_id=obj.municipality_id).order_by("-is_active", "email")
        rows = ((reverse("admin:portal_user_change", args=[u.pk]), str(u), u.get_approval_status_display(),
                 "" if u.is_active else "（利用停止）") for u in people)
        return format_html_join("", '<div><a href="{}">{}</a> {}{}</div>', rows) or "—"

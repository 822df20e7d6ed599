from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join

from agreements.models import CorporatePartner, Federation, FederationAgreement, FederationMembership
from core import wareki


class FederationMembershipInline(admin.TabularInline):
    model = FederationMembership
    extra = 0
    autocomplete_fields = ["municipality"]
    verbose_name = "加入自治体"
    verbose_name_plural = "加入自治体（自治体マスタの道府県内の市、または町・村）"

    def get_queryset(self, request: HttpRequest) -> QuerySet[FederationMembership]:
        return super().get_queryset(request).select_related("municipality__prefecture")


class FederationAgreementInline(admin.TabularInline):
    """The agreements a federation signed, read-only here: they are edited on the agreement's own page."""

    model = FederationAgreement.federations.through
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name = "締結した協定"
    verbose_name_plural = "締結した協定（協定の画面で編集）"
    fields = ["federationagreement"]
    readonly_fields = ["federationagreement"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("federationagreement")


@admin.register(Federation)
class FederationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "prefecture", "member_count", "agreement_dates", "sort_order"]
    list_display_links = ["name"]
    list_editable = ["sort_order"]
    list_filter = ["kind", ("prefecture", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "prefecture__name", "note"]
    ordering = ["sort_order", "pk"]
    list_select_related = ["prefecture"]
    fields = ["name", "slug", "kind", "prefecture", "sort_order", "note"]
    inlines = [FederationAgreementInline, FederationMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Federation]:
        # Counted in the changelist query itself, and the agreements prefetched: no query per row.
        return (
            super()
            .get_queryset(request)
            .annotate(n_members=Count("memberships", distinct=True))
            .prefetch_related("agreements")
        )

    @admin.display(description="加入自治体数", ordering="n_members")
    def member_count(self, obj: Federation) -> int:
        return obj.n_members

    @admin.display(description="協定締結年月日")
    def agreement_dates(self, obj: Federation) -> str:
        return format_html_join(
            "、", "{}", ((wareki.format_date(a.signed_on),) for a in obj.agreements.all())
        )


@admin.register(FederationAgreement)
class FederationAgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "signed_on", "federation_names", "ceremony"]
    list_filter = [("federations", admin.RelatedOnlyFieldListFilter), "federations__kind"]
    search_fields = ["title", "ceremony", "note", "federations__name"]
    date_hierarchy = "signed_on"
    ordering = ["signed_on", "pk"]
    filter_horizontal = ["federations"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FederationAgreement]:
        return super().get_queryset(request).prefetch_related("federations")

    @admin.display(description="締結団体")
    def federation_names(self, obj: FederationAgreement) -> str:
        return "・".join(f.name for f in obj.federations.all())


@admin.register(CorporatePartner)
class CorporatePartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "former_name", "signed_on", "initiative_summary", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "former_name", "initiatives", "note"]
    date_hierarchy = "signed_on"
    ordering = ["signed_on", "sort_order"]

    @admin.display(description="主な取組み")
    def initiative_summary(self, obj: CorporatePartner) -> str:
        return " / ".join(obj.initiative_lines)

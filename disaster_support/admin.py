"""Admin for the Secretariat: disasters with all their support records inline, and each kind of record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest

from core import wareki
from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation

DATE_HELP = (
    "月までしか分からない災害は、その月の1日を入力し精度を「年月」にします（例: 2024-01-01・年月 → 令和6年（2024年）1月）。"
    "「4月14日〜16日」のような期間は終了日も入力します。"
)


def people_of(dispatches: list[StaffDispatch]) -> int:
    """People dispatched for one disaster, counted once, as the public page counts them.

    Task rows (業務内容・派遣先のある行) if any, else the status totals, else the cumulative figure:
    a source may give the same people twice (能登: the task table and 「累計234人」).
    """
    def detailed(d: StaffDispatch) -> bool:
        return bool(d.task or d.destination or d.destination_municipality_id)

    cumulative = StaffDispatch.Status.CUMULATIVE
    tasks = [d.people for d in dispatches if detailed(d)]
    statuses = [d.people for d in dispatches if not detailed(d) and d.status != cumulative]
    totals = [d.people for d in dispatches if not detailed(d) and d.status == cumulative]
    return sum(tasks or statuses or totals)


class DisasterForm(forms.ModelForm):
    """Partial dates are stored as the 1st of their month or year; a period must not end before it starts."""

    class Meta:
        model = Disaster
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose the fields shown

    @staticmethod
    def truncate(day: dt.date | None, precision: str) -> dt.date | None:
        if day is None:
            return None
        if precision == wareki.MONTH:
            return day.replace(day=1)
        if precision == wareki.YEAR:
            return day.replace(month=1, day=1)
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        precision = data.get("date_precision") or wareki.DAY
        data["date"] = self.truncate(data.get("date"), precision)
        end = data.get("end_date")
        if end is None:
            if data.get("end_date_precision"):
                self.add_error("end_date", "終了日の精度を選んだときは、終了日も入力してください。")
            return data
        end_precision = data.get("end_date_precision") or precision
        data["end_date_precision"] = end_precision
        data["end_date"] = self.truncate(end, end_precision)
        if data["date"] and data["end_date"] < data["date"]:
            self.add_error("end_date", "終了日は発生日より後の日付にしてください。")
        return data


# --- Filters ------------------------------------------------------------------------------------


class YearFilter(admin.SimpleListFilter):
    """The calendar year a disaster began, as the Secretariat's table groups them (平成23年（2011年）)."""

    title = "発生年"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        field = "date" if model_admin.model is Disaster else "disaster__date"
        years = model_admin.model.objects.dates(field, "year", order="DESC")
        return [(str(d.year), wareki.year_label(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not (self.value() or "").isdigit():
            return queryset
        field = "date__year" if queryset.model is Disaster else "disaster__date__year"
        return queryset.filter(**{field: int(self.value())})


SUPPORT_KINDS: dict[str, tuple[str, Exists | None]] = {
    # value: (label, condition on Disaster)
    "donation": ("義援金", Exists(FundContribution.objects.filter(disaster=OuterRef("pk"), kind="donation"))),
    "recovery": ("復興支援金", Exists(FundContribution.objects.filter(disaster=OuterRef("pk"), kind="recovery"))),
    "sympathy": ("見舞金", Exists(FundContribution.objects.filter(disaster=OuterRef("pk"), kind="sympathy"))),
    "staff": ("職員派遣", None),
    "supplies": ("支援物資等", None),
    "shelter": ("避難所・住宅・駐車場", Exists(ShelterSupport.objects.filter(disaster=OuterRef("pk")))),
}


class SupportKindFilter(admin.SimpleListFilter):
    """What was given: a kind of fund, staff, supplies, or shelters."""

    title = "支援の種類"
    parameter_name = "support"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(value, label) for value, (label, _) in SUPPORT_KINDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Disaster]) -> QuerySet[Disaster]:
        value = self.value()
        if value == "staff":
            # The flag (from 主な支援内容) or any dispatch row: the table names dispatches without figures.
            return queryset.filter(Exists(StaffDispatch.objects.filter(disaster=OuterRef("pk"))) | Q(staff_dispatched=True))
        if value == "supplies":
            return queryset.filter(Exists(SupplyDonation.objects.filter(disaster=OuterRef("pk"))) | Q(supplies_provided=True))
        if value in SUPPORT_KINDS:
            return queryset.filter(SUPPORT_KINDS[value][1])
        return queryset


# --- Inlines ------------------------------------------------------------------------------------


class FundContributionInline(admin.TabularInline):
    model = FundContribution
    extra = 0
    fields = ["kind", "recipient", "prefecture", "federation", "contributors", "amount_yen", "note", "sort_order"]
    verbose_name_plural = "義援金・復興支援金・見舞金（拠出先ごと。金額が不明なら空欄）"


class StaffDispatchInline(admin.TabularInline):
    model = StaffDispatch
    extra = 0
    fields = ["term", "status", "task", "destination", "destination_municipality", "people", "sort_order"]
    autocomplete_fields = ["destination_municipality"]
    verbose_name_plural = "職員派遣（業務内容・派遣先ごと、または状況ごとの人数）"

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffDispatch]:
        return super().get_queryset(request).select_related("destination_municipality")


class SupplyDonationInline(admin.TabularInline):
    model = SupplyDonation
    extra = 0
    fields = ["category", "item", "quantity", "unit", "sort_order"]
    verbose_name_plural = "支援物資（分類・品目・数量・単位）"


class ShelterSupportInline(admin.TabularInline):
    model = ShelterSupport
    extra = 0
    fields = ["kind", "quantity", "unit", "places", "current_quantity", "is_finished", "note", "sort_order"]
    verbose_name_plural = "避難所・避難住宅・駐車場の提供"


# --- Disaster -----------------------------------------------------------------------------------


@admin.register(Disaster)
class DisasterAdmin(admin.ModelAdmin):
    list_display = ["name", "date_label", "support_kinds", "people_dispatched", "is_continuing"]
    list_display_links = ["name"]
    list_filter = [YearFilter, "date_precision", SupportKindFilter, "is_continuing"]
    search_fields = ["name", "summary", "support_summary", "funds__recipient", "dispatches__task", "dispatches__destination"]
    ordering = ["-date", "-pk"]
    form = DisasterForm
    inlines = [FundContributionInline, StaffDispatchInline, SupplyDonationInline, ShelterSupportInline]
    fieldsets = [
        (None, {"fields": ["name", "is_continuing"]}),
        ("発生時期", {"fields": [("date", "date_precision"), ("end_date", "end_date_precision")], "description": DATE_HELP}),
        ("支援の内容", {"fields": [
            "support_summary", "summary", ("staff_dispatched", "supplies_provided"),
            "dispatch_scope", "supplies_scope", "supplies_note",
        ]}),
        ("出典", {"fields": ["as_of", "source"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Disaster]:
        # The columns read the prefetched rows: three queries for the page, none per row.
        return super().get_queryset(request).prefetch_related(
            Prefetch("funds", queryset=FundContribution.objects.only("disaster_id", "kind")),
            Prefetch("dispatches", queryset=StaffDispatch.objects.order_by()),
            Prefetch("shelters", queryset=ShelterSupport.objects.only("disaster_id", "kind")),
        )

    @admin.display(description="発生時期", ordering="date")
    def date_label(self, obj: Disaster) -> str:
        return obj.date_display

    @admin.display(description="支援の種類")
    def support_kinds(self, obj: Disaster) -> str:
        kinds = {f.kind for f in obj.funds.all()}
        labels = [label for value, label in FundContribution.Kind.choices if value in kinds]
        dispatches = obj.dispatches.all()
        if obj.staff_dispatched or dispatches:
            labels.append("職員派遣")
        if obj.supplies_provided:
            labels.append("支援物資等")
        if obj.shelters.all():
            labels.append("避難所等")
        return "・".join(labels) or "―"

    @admin.display(description="派遣職員（延べ人数）")
    def people_dispatched(self, obj: Disaster) -> str:
        dispatches = list(obj.dispatches.all())
        if not dispatches:
            return "―"
        return f"{people_of(dispatches):,}人"


# --- Support records ----------------------------------------------------------------------------


class SupportRecordAdmin(admin.ModelAdmin):
    """Common to the four kinds of record: the disaster by search, filters by disaster and year."""

    autocomplete_fields = ["disaster"]
    list_select_related = ["disaster"]
    ordering = ["-disaster__date", "disaster", "sort_order", "pk"]

    @admin.display(description="災害", ordering="disaster__date")
    def disaster_label(self, obj) -> str:
        return f"{obj.disaster.name}（{obj.disaster.date_display}）"


@admin.register(FundContribution)
class FundContributionAdmin(SupportRecordAdmin):
    list_display = ["disaster_label", "kind", "recipient_label", "contributors", "amount_label", "note"]
    list_filter = ["kind", YearFilter, ("prefecture", admin.RelatedOnlyFieldListFilter), ("federation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["disaster__name", "recipient", "contributors", "note", "prefecture__name", "federation__name"]
    list_select_related = ["disaster", "prefecture", "federation"]

    @admin.display(description="拠出先", ordering="recipient")
    def recipient_label(self, obj: FundContribution) -> str:
        return obj.recipient or (obj.federation.name if obj.federation else "") or (obj.prefecture.name if obj.prefecture else "") or "―"

    @admin.display(description="金額", ordering="amount_yen")
    def amount_label(self, obj: FundContribution) -> str:
        return "―" if obj.amount_yen is None else f"{obj.amount_yen:,}円"


@admin.register(StaffDispatch)
class StaffDispatchAdmin(SupportRecordAdmin):
    list_display = ["disaster_label", "term", "status", "task", "destination", "people"]
    list_filter = ["term", "status", YearFilter, ("disaster", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["disaster__name", "task", "destination", "destination_municipality__name"]
    autocomplete_fields = ["destination_municipality"]


@admin.register(SupplyDonation)
class SupplyDonationAdmin(SupportRecordAdmin):
    list_display = ["disaster_label", "category", "item", "quantity_label"]
    list_filter = ["category", "unit", ("disaster", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["disaster__name", "category", "item"]

    @admin.display(description="数量", ordering="quantity")
    def quantity_label(self, obj: SupplyDonation) -> str:
        quantity = obj.quantity
        text = f"{int(quantity):,}" if quantity == quantity.to_integral_value() else f"{quantity:,}"
        return f"{text}{obj.unit}"


@admin.register(ShelterSupport)
class ShelterSupportAdmin(SupportRecordAdmin):
    list_display = ["disaster_label", "kind", "quantity", "unit", "places", "current_quantity", "is_finished"]
    list_filter = ["kind", "is_finished", ("disaster", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["disaster__name", "note"]

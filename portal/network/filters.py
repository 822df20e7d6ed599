"""Filters of the municipalities directory (/municipalities/)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from agreements.models import Federation
from core import text
from municipalities.models import Municipality, Prefecture, Region
from municipalities.selectors import is_member_expression
from portal.network import selectors

SCOPE_ALL = "all"
MEMBER_YES, MEMBER_NO = "yes", "no"

class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="名称・よみ",
        method="filter_text",
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "例：さかい、サカイ、坂井"}),
    )
    region = django_filters.ChoiceFilter(
        label="地方", field_name="prefecture__region", choices=Region.choices, empty_label="すべての地方"
    )
    prefecture = django_filters.ModelChoiceFilter(
        label="都道府県", queryset=Prefecture.objects.order_by("code"), empty_label="すべての都道府県"
    )
    member = django_filters.ChoiceFilter(
        label="会員登録",
        method="filter_member",
        choices=[(MEMBER_YES, "会員の自治体"), (MEMBER_NO, "会員以外の自治体")],
        empty_label="指定しない",
    )
    federation = django_filters.ModelChoiceFilter(
        label="広域連携協定の締結団体",
        field_name="federations",
        queryset=Federation.objects.order_by("sort_order", "pk"),
        empty_label="指定しない",
    )
    scope = django_filters.ChoiceFilter(
        label="表示する自治体",
        method="filter_scope",
        choices=[(SCOPE_ALL, "全国すべての市区町村")],
        empty_label="連携・会員登録のある自治体",
    )

    class Meta:
        model = Municipality
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Municipality]) -> QuerySet[Municipality]:
        # The default scope (no or a bad value) is the project's municipalities, not the whole master list.
        if self.form.cleaned_data.get("scope") != SCOPE_ALL:
            queryset = queryset.filter(selectors.takes_part_condition())
        return super().filter_queryset(queryset)

    def filter_scope(self, queryset: QuerySet[Municipality], name: str, value: str) -> QuerySet[Municipality]:
        return queryset  # applied in filter_queryset, also when the value is empty

    def filter_member(self, queryset: QuerySet[Municipality], name: str, value: str) -> QuerySet[Municipality]:
        if value == MEMBER_YES:
            return queryset.filter(is_member_expression())
        if value == MEMBER_NO:
            return queryset.exclude(is_member_expression())
        return queryset

    def filter_text(self, queryset: QuerySet[Municipality], name: str, value: str) -> QuerySet[Municipality]:
        name = text.name_query(value)
        if not name:
            return queryset
        return queryset.filter(
            Q(name__icontains=name)
            | Q(name_kana__contains=text.to_katakana(name))
            | Q(name_hiragana__contains=text.to_hiragana(name))
        )

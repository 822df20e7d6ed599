"""Filters of /events/: kind, 年度, upcoming/past, ward, federation, text."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from agreements.models import Federation
from core import fulltext, wareki
from events import selectors
from events.models import Event
from municipalities.models import Ward

UPCOMING, PAST = "upcoming", "past"


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="キーワード", method="filter_text", max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "例：展示、京都、講演会"}),
    )
    kind = django_filters.ChoiceFilter(label="種類", choices=Event.Kind.choices, empty_label="すべての種類")
    nendo = django_filters.ChoiceFilter(label="年度", method="filter_nendo", empty_label="すべての年度")
    when = django_filters.ChoiceFilter(
        label="時期", method="filter_when", choices=[(UPCOMING, "開催予定・開催中"), (PAST, "終了したもの")],
        empty_label="すべて",
    )
    ward = django_filters.ModelChoiceFilter(
        label="区", field_name="wards", to_field_name="municipality_id", distinct=True,
        queryset=Ward.objects.select_related("municipality").order_by("sort_order", "municipality_id"),
        empty_label="すべての区",
    )
    federation = django_filters.ModelChoiceFilter(
        label="広域連携協定の締結団体", field_name="federations", distinct=True,
        queryset=Federation.objects.order_by("sort_order", "pk"), empty_label="すべての団体",
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["nendo"].extra["choices"] = selectors.fiscal_year_choices()
        self.form.fields["ward"].label_from_instance = lambda ward: ward.municipality.name

    def filter_text(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        return fulltext.search(queryset, value)

    def filter_nendo(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        start, end = wareki.fiscal_year_bounds(int(value))
        return queryset.filter(start_date__range=(start, end))

    def filter_when(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        if value == UPCOMING:
            return queryset.filter(selectors.upcoming_q())
        return queryset.exclude(selectors.upcoming_q())

"""Read side of the public events pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from agreements.models import Federation
from core import wareki
from events.models import Event, EventLink, EventSpeaker
from municipalities.models import Municipality, Ward


def upcoming_q(today=None) -> Q:
    """Events not yet over: their last day (end, else start) is today or later."""
    today = today or timezone.localdate()
    return Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)


def published_events() -> QuerySet[Event]:
    return Event.objects.filter(is_published=True)


def event_list() -> QuerySet[Event]:
    """Upcoming events first (soonest first), then past ones (newest first), with what each card shows."""
    today = timezone.localdate()
    return (
        published_events()
        .annotate(is_past=Case(When(upcoming_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by(
            "is_past",
            Case(When(is_past=0, then=F("start_date"))).asc(nulls_last=True),
            F("start_date").desc(),
            "-pk",
        )
        .prefetch_related("wards__municipality", "federations")
    )


def fiscal_year_choices() -> list[tuple[str, str]]:
    """The 年度 that have events, newest first: [("2025", "令和7年度（2025年度）"), …] (one query)."""
    months = published_events().dates("start_date", "month", order="DESC")
    years = sorted({wareki.fiscal_year(m) for m in months}, reverse=True)
    return [(str(y), wareki.format_fiscal_year(y)) for y in years]


def event_detail_queryset() -> QuerySet[Event]:
    return published_events().prefetch_related(
        "wards__municipality",
        "municipalities__prefecture",
        "federations",
        "partners",
        Prefetch("speakers", queryset=EventSpeaker.objects.order_by("sort_order", "pk")),
        Prefetch("links", queryset=EventLink.objects.order_by("sort_order", "pk")),
    )


def feed_events() -> QuerySet[Event]:
    return published_events().order_by("start_date", "pk")


def ward_events(*, ward: Ward) -> list[Event]:
    """Published events the ward took part in, newest first."""
    return list(Event.objects.filter(wards=ward, is_published=True).order_by("-start_date", "-pk"))


@dataclass(frozen=True)
class EventRow:
    event: Event
    direct: bool
    via: tuple[Federation, ...]


def municipality_events(*, municipality: Municipality, federations: list[Federation]) -> list[EventRow]:
    """Events the municipality joined itself or through one of its federations, newest first."""
    fed_ids = {f.pk for f in federations}
    events = (
        Event.objects.filter(is_published=True)
        .filter(Q(municipalities=municipality) | Q(federations__in=fed_ids))
        .distinct()
        .annotate(direct=Exists(Event.municipalities.through.objects.filter(
            event_id=OuterRef("pk"), municipality_id=municipality.pk
        )))
        .prefetch_related(Prefetch("federations", queryset=Federation.objects.order_by("sort_order", "pk")))
        .order_by("-start_date", "-pk")
    )
    return [
        EventRow(event=e, direct=e.direct, via=tuple(f for f in e.federations.all() if f.pk in fed_ids))
        for e in events
    ]


def federation_events(*, federation: Federation) -> list[Event]:
    """Published events held with a federation, newest first, with their wards (two queries)."""
    return list(
        Event.objects.filter(federations=federation, is_published=True)
        .prefetch_related("wards__municipality")
        .order_by("-start_date", "-pk")
    )

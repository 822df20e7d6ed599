"""Read-side queries of the partner-network pages (/wards/, /municipalities/, the map): they combine
the master list (municipalities) with the federations (agreements) and the events."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from agreements.models import Federation, FederationMembership
from municipalities.models import Area, ExchangeRelation, Municipality, Ward
from municipalities.selectors import is_member_expression, relation_kind_counts


def takes_part_condition() -> Q:
    """A municipality takes part when it is a member, in a federation, in an exchange relation or in an area."""
    return (
        Q(is_member_expression())
        | Q(Exists(FederationMembership.objects.filter(municipality=OuterRef("pk"))))
        | Q(Exists(ExchangeRelation.objects.filter(municipality=OuterRef("pk"))))
        | Q(Exists(Area.municipalities.through.objects.filter(municipality_id=OuterRef("pk"))))
    )


def participating_municipalities() -> QuerySet[Municipality]:
    """Municipalities that take part in the project (the directory's default and the map's counts)."""
    return Municipality.objects.filter(takes_part_condition())


def municipality_directory() -> QuerySet[Municipality]:
    """All municipalities with what a directory row shows; the filter set narrows it."""
    return (
        Municipality.objects.select_related("prefecture")
        .annotate(is_member=is_member_expression())
        .prefetch_related(
            Prefetch("federations", queryset=Federation.objects.order_by("sort_order", "pk")),
            Prefetch(
                "ward_relations",
                queryset=ExchangeRelation.objects.select_related("ward__municipality"),
            ),
            Prefetch("areas", queryset=Area.objects.select_related("paired_ward__municipality")),
        )
        .order_by("code")
    )


def ward_list() -> list[Ward]:
    """The 23 wards in official order, with partner (in all and by kind), area and event counts."""
    wards = list(
        Ward.objects.select_related("municipality")
        .annotate(
            partner_count=Count("relations__municipality", distinct=True),
            area_count=Count("paired_areas", distinct=True),
            event_count=Count("events", filter=Q(events__is_published=True), distinct=True),
        )
        .order_by("sort_order", "municipality_id")
    )
    by_kind = relation_kind_counts()
    for ward in wards:
        ward.kind_counts = by_kind.get(ward.pk, [])
    return wards

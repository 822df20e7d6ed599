"""Read-side queries for the wards and municipalities pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from agreements.models import Federation, FederationAgreement, FederationMembership
from events.models import Event
from municipalities.models import Area, ExchangeRelation, Membership, Municipality, Ward


def is_member_expression() -> Exists:
    """True when the municipality has an active 会員登録."""
    return Exists(Membership.objects.filter(municipality=OuterRef("pk"), is_active=True))


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


def partner_wards(municipality: Municipality) -> list[Ward]:
    """The wards a municipality works with (relations and area pairings), in the official order.

    Uses the prefetched `ward_relations` and `areas` of `municipality_directory()`.
    """
    wards = {r.ward.pk: r.ward for r in municipality.ward_relations.all()}
    wards.update({a.paired_ward.pk: a.paired_ward for a in municipality.areas.all() if a.paired_ward})
    return sorted(wards.values(), key=lambda w: (w.sort_order, w.pk))


def ward_list() -> QuerySet[Ward]:
    """The 23 wards in official order, with partner, area and event counts."""
    return (
        Ward.objects.select_related("municipality")
        .annotate(
            partner_count=Count("relations__municipality", distinct=True),
            area_count=Count("paired_areas", distinct=True),
            event_count=Count("events", filter=Q(events__is_published=True), distinct=True),
        )
        .order_by("sort_order", "municipality_id")
    )


def ward_queryset() -> QuerySet[Ward]:
    return Ward.objects.select_related("municipality")


@dataclass
class RelationGroup:
    kind: str
    label: str
    relations: list[ExchangeRelation] = field(default_factory=list)


def ward_relation_groups(*, ward: Ward) -> list[RelationGroup]:
    """The ward's partner municipalities grouped by kind of relation, in the order of the kinds."""
    groups = {kind: RelationGroup(kind=kind, label=label) for kind, label in ExchangeRelation.Kind.choices}
    relations = (
        ExchangeRelation.objects.filter(ward=ward)
        .select_related("municipality__prefecture")
        .order_by("municipality__code")
    )
    for relation in relations:
        groups[relation.kind].relations.append(relation)
    return [g for g in groups.values() if g.relations]


def ward_areas(*, ward: Ward) -> list[Area]:
    """Areas paired with the ward, with their member municipalities."""
    return list(
        Area.objects.filter(paired_ward=ward)
        .select_related("prefecture")
        .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.order_by("code")))
    )


def ward_events(*, ward: Ward) -> list[Event]:
    """Published events the ward took part in, newest first."""
    return list(Event.objects.filter(wards=ward, is_published=True).order_by("-start_date", "-pk"))


def municipality_queryset() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("prefecture", "membership", "ward")


@dataclass(frozen=True)
class FederationRow:
    federation: Federation
    signed_on: dt.date | None


def municipality_federations(*, municipality: Municipality) -> list[FederationRow]:
    """The federations a municipality belongs to, each with the date of its (first) agreement."""
    federations = Federation.objects.filter(members=municipality).prefetch_related(
        Prefetch("agreements", queryset=FederationAgreement.objects.order_by("signed_on"))
    )
    rows = []
    for federation in federations:
        agreements = list(federation.agreements.all())
        rows.append(FederationRow(federation=federation, signed_on=agreements[0].signed_on if agreements else None))
    return rows


def municipality_relations(*, municipality: Municipality) -> list[ExchangeRelation]:
    return list(
        ExchangeRelation.objects.filter(municipality=municipality)
        .select_related("ward__municipality")
        .order_by("ward__sort_order", "kind")
    )


def municipality_areas(*, municipality: Municipality) -> list[Area]:
    return list(Area.objects.filter(municipalities=municipality).select_related("paired_ward__municipality"))


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


def membership_of(municipality: Municipality) -> Membership | None:
    """The active 会員登録 of a municipality, if any (uses the select_related `membership`)."""
    try:
        membership = municipality.membership
    except Membership.DoesNotExist:
        return None
    return membership if membership.is_active else None

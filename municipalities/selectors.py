"""Read-side queries for the wards and municipalities pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core.text import name_query, to_hiragana
from municipalities.models import Area, ExchangeRelation, Membership, Municipality, Prefecture, Ward


def is_member_expression() -> Exists:
    """True when the municipality has an active 会員登録."""
    return Exists(Membership.objects.filter(municipality=OuterRef("pk"), is_active=True))


def partner_wards(municipality: Municipality) -> list[Ward]:
    """The wards a municipality works with (relations and area pairings), in the official order.

    Uses the prefetched `ward_relations` and `areas` of `municipality_directory()`.
    """
    wards = {r.ward.pk: r.ward for r in municipality.ward_relations.all()}
    wards.update({a.paired_ward.pk: a.paired_ward for a in municipality.areas.all() if a.paired_ward})
    return sorted(wards.values(), key=lambda w: (w.sort_order, w.pk))


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def relation_kind_counts(*, ward: Ward | None = None) -> dict[str, list[KindCount]]:
    """Partner municipalities per ward and kind of relation (kinds in their defined order), from the data."""
    rows = ExchangeRelation.objects.all()
    if ward is not None:
        rows = rows.filter(ward=ward)
    counts = {
        (r["ward"], r["kind"]): r["n"]
        for r in rows.values("ward", "kind").annotate(n=Count("municipality", distinct=True)).order_by()
    }
    per_ward: dict[str, list[KindCount]] = {}
    for kind, label in ExchangeRelation.Kind.choices:
        for (ward_id, k), n in counts.items():
            if k == kind:
                per_ward.setdefault(ward_id, []).append(KindCount(kind=kind, label=label, count=n))
    return per_ward


@dataclass(frozen=True)
class RelationTotals:
    pairs: int  # ward–municipality pairs: a town working with two wards counts twice
    municipalities: int  # distinct municipalities working with at least one ward


def relation_totals() -> RelationTotals:
    """What the recorded relations add up to (the Secretariat's official count is a figure of its own)."""
    totals = ExchangeRelation.objects.aggregate(
        municipalities=Count("municipality", distinct=True),
    )
    pairs = ExchangeRelation.objects.values("ward", "municipality").distinct().count()
    return RelationTotals(pairs=pairs, municipalities=totals["municipalities"])


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


def municipality_queryset() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("prefecture", "membership", "ward")


def municipality_relations(*, municipality: Municipality) -> list[ExchangeRelation]:
    return list(
        ExchangeRelation.objects.filter(municipality=municipality)
        .select_related("ward__municipality")
        .order_by("ward__sort_order", "kind")
    )


def municipality_areas(*, municipality: Municipality) -> list[Area]:
    return list(Area.objects.filter(municipalities=municipality).select_related("paired_ward__municipality"))


def membership_of(municipality: Municipality) -> Membership | None:
    """The active 会員登録 of a municipality, if any (uses the select_related `membership`)."""
    try:
        membership = municipality.membership
    except Membership.DoesNotExist:
        return None
    return membership if membership.is_active else None


MAX_CANDIDATES = 20
_SUFFIXES = ("市", "区", "町", "村")


def municipality_candidates(text: str | None) -> list[Municipality]:
    """The municipalities a person means by what they typed in a name box: a 6-digit code, the name
    (「坂井市」, 「坂井」), the reading (「さかいし」, 「サカイ」, 「ｻｶｲ」), each optionally after the
    prefecture (「福井県坂井市」, as the sign-up page's suggestions fill it in). Exact matches first;
    the beginning of a reading only when nothing matches exactly. At most MAX_CANDIDATES."""
    query = name_query(text)[:40]
    if not query:
        return []
    qs = Municipality.objects.select_related("prefecture").order_by("code")
    if query.isdigit():
        return list(qs.filter(code=query)) if len(query) == 6 else []
    for prefecture_name in Prefecture.objects.values_list("name", flat=True):
        if query.startswith(prefecture_name) and len(query) > len(prefecture_name):
            qs, query = qs.filter(prefecture__name=prefecture_name), query[len(prefecture_name):]
            break
    hira = to_hiragana(query)
    bare = [f"{query}{suffix}" for suffix in _SUFFIXES]
    exact = list(qs.filter(Q(name=query) | Q(name_hiragana=hira) | Q(name__in=bare))[:MAX_CANDIDATES])
    if exact:
        return exact
    return list(qs.filter(Q(name_hiragana__startswith=hira) | Q(name__startswith=query))[:MAX_CANDIDATES])


def municipality_suggestions() -> list[tuple[str, str]]:
    """Every municipality as (「福井県坂井市」, 「さかいし」), for the sign-up page's suggestion list."""
    rows = Municipality.objects.order_by("code").values_list("prefecture__name", "name", "name_hiragana")
    return [(f"{prefecture}{name}", reading) for prefecture, name, reading in rows]

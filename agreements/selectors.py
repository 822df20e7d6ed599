"""Read-side queries for the agreements page: federations, corporate partners, area pairings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from agreements.models import CorporatePartner, Federation, FederationAgreement
from municipalities.models import Area, ExchangeRelation, Municipality


@dataclass(frozen=True)
class FederationRow:
    federation: Federation
    member_count: int
    signed_on: dt.date | None
    # Rows of one signing share a date cell: the first row spans them, the others get 0.
    date_rowspan: int


@dataclass(frozen=True)
class FederationTable:
    rows: list[FederationRow]
    federation_total: int
    prefecture_total: int
    member_total: int

    @property
    def signings(self) -> list[list[FederationRow]]:
        """The rows cut where a date cell starts: one group (one <tbody>) per signing."""
        groups: list[list[FederationRow]] = []
        for row in self.rows:
            if row.date_rowspan or not groups:
                groups.append([])
            groups[-1].append(row)
        return groups


def federation_table() -> FederationTable:
    """The federations in the Secretariat's order, member counts computed, and the total row."""
    federations = list(
        Federation.objects.select_related("prefecture")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(
            Prefetch("agreements", queryset=FederationAgreement.objects.order_by("signed_on", "pk"))
        )
        .order_by("sort_order", "pk")
    )
    # A federation's date is its first agreement's (later ones would be revisions). Neighbours whose
    # first agreement is the same signing share one date cell; separate signings on the same day do not.
    firsts = [next(iter(f.agreements.all()), None) for f in federations]
    spans = [0] * len(federations)
    i = 0
    while i < len(federations):
        j = i + 1
        while j < len(federations) and firsts[i] is not None and firsts[j] == firsts[i]:
            j += 1
        spans[i] = j - i
        i = j
    rows = [
        FederationRow(
            federation=f,
            member_count=f.member_count,
            signed_on=firsts[n].signed_on if firsts[n] else None,
            date_rowspan=spans[n],
        )
        for n, f in enumerate(federations)
    ]
    return FederationTable(
        rows=rows,
        federation_total=len(rows),
        prefecture_total=len({f.prefecture_id for f in federations}),
        member_total=sum(f.member_count for f in federations),
    )


def corporate_partner_list() -> list[CorporatePartner]:
    """Companies with a comprehensive agreement, in order of signing."""
    return list(CorporatePartner.objects.order_by("signed_on", "sort_order", "pk"))


def area_pairing_list() -> list[Area]:
    """Sub-prefecture areas with the ward each one is paired with."""
    return list(
        Area.objects.select_related("prefecture", "paired_ward__municipality").order_by("sort_order", "pk")
    )


@dataclass(frozen=True)
class MembershipRow:
    """A federation a municipality belongs to, with the date of its (first) agreement."""

    federation: Federation
    signed_on: dt.date | None


def municipality_federations(*, municipality: Municipality) -> list[MembershipRow]:
    """The federations a municipality belongs to, each with the date of its (first) agreement."""
    federations = Federation.objects.filter(members=municipality).prefetch_related(
        Prefetch("agreements", queryset=FederationAgreement.objects.order_by("signed_on"))
    )
    rows = []
    for federation in federations:
        agreements = list(federation.agreements.all())
        rows.append(MembershipRow(federation=federation, signed_on=agreements[0].signed_on if agreements else None))
    return rows


# --- A federation's corner (/agreements/<slug>/) ------------------------------------------------


@dataclass(frozen=True)
class MemberGroup:
    """Members of a federation in one area (振興局 …), with the ward the area is paired with."""

    title: str
    paired_ward: object | None
    members: list[Municipality]


@dataclass(frozen=True)
class FederationCorner:
    federation: Federation
    agreements: list[FederationAgreement]
    groups: list[MemberGroup]
    member_count: int
    with_pr: list[Municipality]  # registered members that have written a PR profile
    relations: list[ExchangeRelation]


def federation_corner(*, slug: str) -> FederationCorner | None:
    """Everything a federation's page shows except its events (events.selectors.federation_events)."""
    federation = (
        Federation.objects.select_related("prefecture")
        .prefetch_related(Prefetch("agreements", queryset=FederationAgreement.objects.order_by("signed_on", "pk")))
        .filter(slug=slug)
        .first()
    )
    if federation is None:
        return None
    members = list(
        Municipality.objects.filter(federation_memberships__federation=federation)
        .select_related("membership")
        .order_by("code")
    )
    member_ids = {m.code for m in members}
    areas = list(
        Area.objects.filter(prefecture=federation.prefecture)
        .select_related("paired_ward__municipality")
        .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.only("code")))
        .order_by("sort_order", "pk")
    )
    by_code = {m.code: m for m in members}
    groups: list[MemberGroup] = []
    placed: set[str] = set()
    for area in areas:
        in_area = [by_code[m.code] for m in area.municipalities.all() if m.code in member_ids]
        if in_area:
            groups.append(MemberGroup(title=area.name, paired_ward=area.paired_ward, members=sorted(in_area, key=lambda m: m.code)))
            placed.update(m.code for m in in_area)
    rest = [m for m in members if m.code not in placed]
    if rest:
        title = "その他の加入自治体" if groups else f"{federation.prefecture.name}の加入自治体"
        groups.append(MemberGroup(title=title, paired_ward=None, members=rest))
    with_pr = [
        m for m in members
        if getattr(m, "membership", None) is not None and m.membership.is_active
        and (m.membership.pr_text or m.membership.pr_video_url or m.membership.pr_pamphlet)
    ]
    relations = list(
        ExchangeRelation.objects.filter(municipality__in=member_ids)
        .select_related("ward__municipality", "municipality")
        .order_by("ward__sort_order", "ward__municipality_id", "municipality__code", "kind")
    )
    return FederationCorner(
        federation=federation,
        agreements=list(federation.agreements.all()),
        groups=groups,
        member_count=len(members),
        with_pr=with_pr,
        relations=relations,
    )

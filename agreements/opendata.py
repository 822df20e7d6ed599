"""Open data tables of the agreements: the federations with their members, the corporate partners."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Min

from agreements.models import CorporatePartner, FederationMembership

FEDERATION_MEMBER_COLUMNS = [
    "団体名", "種別", "団体の道府県名", "協定締結年月日", "全国地方公共団体コード", "都道府県名", "市区町村名",
]
PARTNER_COLUMNS = ["締結企業名", "旧名称", "締結年月日", "主な取組み", "ホームページ"]


def federation_member_table() -> tuple[list[str], Iterator[list[str]]]:
    """One row per member municipality of each federation, in the Secretariat's order (one query)."""
    memberships = (
        FederationMembership.objects.select_related(
            "federation__prefecture", "municipality__prefecture"
        )
        .annotate(signed_on=Min("federation__agreements__signed_on"))
        .order_by("federation__sort_order", "federation__pk", "municipality__code")
    )
    rows = (
        [
            m.federation.name,
            m.federation.get_kind_display(),
            m.federation.prefecture.name,
            m.signed_on.isoformat() if m.signed_on else "",
            m.municipality.code,
            m.municipality.prefecture.name,
            m.municipality.name,
        ]
        for m in memberships
    )
    return FEDERATION_MEMBER_COLUMNS, rows


def partner_table() -> tuple[list[str], Iterator[list[str]]]:
    partners = CorporatePartner.objects.order_by("signed_on", "sort_order", "pk")
    rows = (
        [p.name, p.former_name, p.signed_on.isoformat(), "；".join(p.initiative_lines), p.website]
        for p in partners
    )
    return PARTNER_COLUMNS, rows

"""Load the 13 federations, their members (from the master list), their agreements and the corporate partners.

Source: fixtures/agreements.yaml, whose comments record every correction made to the seeds.
A federation's members are not listed in the seeds, only counted: a 市長会 gathers every 市 of its
prefecture and a 町村会 every 町 and 村, so membership is derived from the master list and checked
against the printed count (`expected_members`). A mismatch stops the load.
"""

from __future__ import annotations

from typing import Any

from agreements.models import CorporatePartner, Federation, FederationAgreement, FederationMembership
from core.seeding import SeedReport, parse_date, read_yaml
from municipalities.models import Municipality, Prefecture

MEMBER_KINDS: dict[str, list[str]] = {
    Federation.Kind.MAYORS: [Municipality.Kind.CITY],
    Federation.Kind.TOWNS: [Municipality.Kind.TOWN, Municipality.Kind.VILLAGE],
}


class SeedError(Exception):
    """The fixture disagrees with the master list or refers to something that does not exist."""


def members_of(federation: Federation) -> list[Municipality]:
    """Every 市 (市長会) or 町・村 (町村会) of the federation's prefecture in the master list."""
    return list(
        Municipality.objects.filter(prefecture=federation.prefecture, kind__in=MEMBER_KINDS[federation.kind])
    )


def load_federations(rows: list[dict[str, Any]], report: SeedReport) -> dict[str, Federation]:
    prefectures = {p.name: p for p in Prefecture.objects.all()}
    federations: dict[str, Federation] = {}
    memberships = 0
    for row in rows:
        if row["prefecture"] not in prefectures:
            raise SeedError(f"{row['name']}: 都道府県「{row['prefecture']}」がマスタにありません。")
        if row["kind"] not in MEMBER_KINDS:
            raise SeedError(f"{row['name']}: 種別「{row['kind']}」は mayors / towns のいずれかです。")
        federation, _ = Federation.objects.update_or_create(
            name=row["name"],
            defaults={
                "slug": row["slug"],
                "kind": row["kind"],
                "prefecture": prefectures[row["prefecture"]],
                "sort_order": row["sort_order"],
                "note": row.get("note") or "",
            },
        )
        members = members_of(federation)
        if len(members) != row["expected_members"]:
            raise SeedError(
                f"{federation.name}: 自治体マスタでは{len(members)}自治体ですが、"
                f"資料の加入自治体数は{row['expected_members']}です。"
            )
        federation.members.set(members)
        memberships += len(members)
        federations[federation.name] = federation
    report.add(Federation, len(federations))
    report.add(FederationMembership, memberships)
    return federations


def find_agreement(signed_on, names: set[str]) -> FederationAgreement | None:
    """The agreement signed that day with exactly these federations (the natural key; titles may be edited)."""
    candidates = FederationAgreement.objects.filter(signed_on=signed_on).prefetch_related("federations")
    for agreement in candidates:
        if {f.name for f in agreement.federations.all()} == names:
            return agreement
    return None


def load_agreements(rows: list[dict[str, Any]], federations: dict[str, Federation], report: SeedReport) -> None:
    for row in rows:
        names = set(row["federations"])
        unknown = names - federations.keys()
        if unknown:
            raise SeedError(f"{row['title']}: 団体「{'、'.join(sorted(unknown))}」が federations にありません。")
        signed_on = parse_date(row["signed_on"])
        values = {"title": row["title"], "ceremony": row.get("ceremony") or "", "note": row.get("note") or ""}
        agreement = find_agreement(signed_on, names)
        if agreement is None:
            agreement = FederationAgreement.objects.create(signed_on=signed_on, **values)
        else:
            changed = [field for field, value in values.items() if getattr(agreement, field) != value]
            for field in changed:
                setattr(agreement, field, values[field])
            if changed:
                agreement.save(update_fields=changed)
        agreement.federations.set([federations[name] for name in names])
        report.add(FederationAgreement)


def load_partners(rows: list[dict[str, Any]], report: SeedReport) -> None:
    for row in rows:
        CorporatePartner.objects.update_or_create(
            name=row["name"],
            defaults={
                "former_name": row.get("former_name") or "",
                "signed_on": parse_date(row["signed_on"]),
                "initiatives": "\n".join(row["initiatives"]),
                "sort_order": row["sort_order"],
                "note": row.get("note") or "",
            },
        )
        report.add(CorporatePartner)


def load(report: SeedReport) -> None:
    data = read_yaml("agreements.yaml")
    federations = load_federations(data["federations"], report)
    load_agreements(data["agreements"], federations, report)
    load_partners(data["corporate_partners"], report)

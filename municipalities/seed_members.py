"""Registered members (会員登録) of the seeds' list and the 10 北海道 areas paired with wards.

Names resolve against the master list within their prefecture; a name that does not resolve stops the
load, unless fixtures/members.yaml lists its correction (OCR variants, a name that slipped to the wrong
prefecture in the three-column layout)."""

from __future__ import annotations

from core.seeding import SeedReport, read_yaml
from municipalities.models import Area, Membership, Municipality, Prefecture, Ward
from municipalities.naming import MunicipalityIndex


def load_members(report: SeedReport) -> None:
    data = read_yaml("members.yaml")
    fixes = {(c["prefecture"], c["printed"]): c for c in data["corrections"] if "name" in c}
    index = MunicipalityIndex()
    wanted = []
    for prefecture, names in data["members"].items():
        for printed in names:
            fix = fixes.get((prefecture, printed), {})
            municipality = index.get(fix.get("name", printed), fix.get("moved_to", prefecture))
            if municipality is None:
                raise ValueError(f"members.yaml: {prefecture}の「{printed}」が自治体マスタにありません")
            wanted.append(municipality)
    codes = [m.code for m in wanted]
    if len(set(codes)) != len(codes):
        raise ValueError("members.yaml: 同じ自治体が2回あります")
    for municipality in wanted:
        Membership.objects.get_or_create(
            municipality=municipality,
            defaults={"source": f"{data['source']}", "registered_on": None, "is_active": True},
        )
        report.add(Membership)


def load_areas(report: SeedReport) -> None:
    hokkaido = Prefecture.objects.get(name="北海道")
    wards = {w.municipality.name: w for w in Ward.objects.select_related("municipality")}
    towns = {m.name: m for m in Municipality.objects.filter(prefecture=hokkaido)}
    for order, item in enumerate(read_yaml("areas.yaml")["areas"], start=1):
        area, _ = Area.objects.update_or_create(
            prefecture=hokkaido, name=item["name"],
            defaults={"paired_ward": wards[item["ward"]], "sort_order": order, "description": item.get("note", "")},
        )
        missing = [n for n in item.get("municipalities", []) if n not in towns]
        if missing:
            raise ValueError(f"areas.yaml: {item['name']}: {missing} が北海道の自治体にありません")
        area.municipalities.set([towns[n] for n in item.get("municipalities", [])])
        report.add(Area)


def load(report: SeedReport) -> None:
    load_members(report)
    load_areas(report)

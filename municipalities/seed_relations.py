"""The ward ↔ municipality relations the seeds name (fixtures/relations.yaml).

Keyed on (区, 自治体, 種類), like the admin's spreadsheet import: running the load again updates the same rows,
and relations the Secretariat imported or added are left alone. A name that is not in the master list, or
the same relation listed twice, stops the load.
"""

from __future__ import annotations

from core.seeding import SeedReport, parse_date, precision_of, read_yaml
from municipalities.models import ExchangeRelation, Ward
from municipalities.naming import MunicipalityIndex


class SeedError(Exception):
    """relations.yaml names something that does not exist, or one relation twice."""


def load(report: SeedReport) -> None:
    wards = {w.municipality.name: w for w in Ward.objects.select_related("municipality")}
    index = MunicipalityIndex()
    kinds = set(ExchangeRelation.Kind.values)
    seen: set[tuple[str, str, str]] = set()
    for item in read_yaml("relations.yaml")["relations"]:
        if item["kind"] not in kinds:
            raise SeedError(f"relations.yaml: 種類「{item['kind']}」は定義されていません。")
        for ward_name in item["wards"]:
            if ward_name not in wards:
                raise SeedError(f"relations.yaml: 「{ward_name}」は23区にありません。")
            for prefecture, names in item["municipalities"].items():
                for name in names:
                    municipality = index.get(name, prefecture)
                    if municipality is None:
                        raise SeedError(f"relations.yaml: {prefecture}の「{name}」が自治体マスタにありません。")
                    key = (ward_name, municipality.code, item["kind"])
                    if key in seen:
                        raise SeedError(f"relations.yaml: {ward_name} ↔ {name}（{item['kind']}）が2回あります。")
                    seen.add(key)
                    ExchangeRelation.objects.update_or_create(
                        ward=wards[ward_name], municipality=municipality, kind=item["kind"],
                        defaults={
                            "since": parse_date(item.get("since")),
                            "since_precision": precision_of(item.get("since")),
                            "description": item.get("description", ""),
                            "source": item["source"],
                        },
                    )
                    report.add(ExchangeRelation)

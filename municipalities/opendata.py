"""Open data table of the wards' relations with municipalities (友好都市, 災害時相互応援協定 …)."""

from __future__ import annotations

from collections.abc import Iterator

from core import wareki
from municipalities.models import ExchangeRelation

RELATION_COLUMNS = [
    "区の全国地方公共団体コード", "区名", "相手方の全国地方公共団体コード", "相手方の都道府県名", "相手方の市区町村名",
    "関係の種類", "開始日", "内容",
]


def relation_table() -> tuple[list[str], Iterator[list[str]]]:
    """One row per relation, by ward (the Secretariat's order) and municipality code (one query)."""
    relations = ExchangeRelation.objects.select_related(
        "ward__municipality", "municipality__prefecture"
    ).order_by("ward__sort_order", "ward__municipality_id", "municipality__code", "kind")
    rows = (
        [
            r.ward.municipality_id,
            r.ward.municipality.name,
            r.municipality.code,
            r.municipality.prefecture.name,
            r.municipality.name,
            r.get_kind_display(),
            wareki.iso_partial(r.since, r.since_precision),
            r.description,
        ]
        for r in relations
    )
    return RELATION_COLUMNS, rows

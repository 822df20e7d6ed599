"""Load the 32 disasters of the disaster table and the 東日本大震災 / 能登半島地震 aid tables.

Source: fixtures/disasters.yaml, whose comments record every correction made to the seed.
Rows are keyed on natural keys (a disaster on its name and date, a fund on kind, recipient and
contributors, a dispatch on term, status, task and destination, a supply on category and item, a
shelter on its kind), so running the loader again changes nothing. Printed totals are checked
against the rows (`expected_dispatch_total`); a mismatch, an unknown recipient or a municipality
missing from the master list stops the load.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from agreements.models import Federation
from core.seeding import SeedReport, parse_date, precision_of, read_yaml
from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation
from municipalities.models import Municipality, Prefecture

FIXTURE = "disasters.yaml"


class SeedError(Exception):
    """The fixture contradicts itself, the master list or the federations."""


class Recipients:
    """Resolves a printed recipient to a prefecture or a federation, or accepts it as plain text."""

    def __init__(self, other: list[str]) -> None:
        self.prefectures = {p.name: p for p in Prefecture.objects.all()}
        self.federations = {f.name: f for f in Federation.objects.all()}
        self.other = set(other)

    def fields(self, name: str, disaster: str) -> dict[str, Any]:
        prefecture = self.prefectures.get(name)
        federation = self.federations.get(name)
        if prefecture is None and federation is None and name not in self.other:
            raise SeedError(f"{disaster}: 拠出先「{name}」は都道府県・協定締結団体・other_recipients のいずれでもありません。")
        return {"recipient": name, "prefecture": prefecture, "federation": federation}


def municipality(prefecture: str, name: str, disaster: str) -> Municipality:
    try:
        return Municipality.objects.get(prefecture__name=prefecture, name=name)
    except Municipality.DoesNotExist:
        raise SeedError(f"{disaster}: 派遣先「{prefecture}{name}」が自治体マスタにありません。") from None


def check_flags(row: dict[str, Any]) -> None:
    """The flags must say what 主な支援内容 says, so the badges and the table text never disagree."""
    text = row["support_summary"]
    for flag, words in (("staff_dispatched", "職員派遣"), ("supplies_provided", "支援物資等の提供")):
        if bool(row.get(flag)) != (words in text):
            raise SeedError(f"{row['name']}: {flag} と主な支援内容「{text}」が一致しません。")


def load_disaster(row: dict[str, Any], common: dict[str, Any]) -> Disaster:
    check_flags(row)
    end = row.get("end_date")
    disaster, _ = Disaster.objects.update_or_create(
        name=row["name"],
        date=parse_date(row["date"]),
        defaults={
            "date_precision": precision_of(row["date"]),
            "end_date": parse_date(end),
            "end_date_precision": precision_of(end) if end else "",
            "summary": row.get("summary", ""),
            "support_summary": row["support_summary"],
            "staff_dispatched": bool(row.get("staff_dispatched")),
            "supplies_provided": bool(row.get("supplies_provided")),
            "is_continuing": bool(row.get("is_continuing")),
            "dispatch_scope": row.get("dispatch_scope", ""),
            "supplies_scope": row.get("supplies_scope", ""),
            "supplies_note": row.get("supplies_note", ""),
            **common,
        },
    )
    return disaster


def load_funds(disaster: Disaster, row: dict[str, Any], recipients: Recipients, report: SeedReport) -> None:
    entries: list[dict[str, Any]] = [
        {"kind": f["kind"], "recipient": "", "prefecture": None, "federation": None,
         "contributors": f.get("contributors", ""), "amount_yen": f.get("amount_yen"), "note": f.get("note", "")}
        for f in row.get("funds", [])
    ]
    for key, kind in (("recovery_to", FundContribution.Kind.RECOVERY), ("sympathy_to", FundContribution.Kind.SYMPATHY)):
        for name in row.get(key, []):
            entries.append(
                {"kind": kind, **recipients.fields(name, disaster.name), "contributors": "", "amount_yen": None, "note": ""}
            )
    for order, entry in enumerate(entries):
        if entry["kind"] not in FundContribution.Kind.values:
            raise SeedError(f"{disaster.name}: 種類「{entry['kind']}」は {FundContribution.Kind.values} のいずれかです。")
        FundContribution.objects.update_or_create(
            disaster=disaster,
            kind=entry.pop("kind"),
            recipient=entry.pop("recipient"),
            contributors=entry.pop("contributors"),
            defaults={**entry, "sort_order": order},
        )
    report.add(FundContribution, len(entries))


def load_dispatches(disaster: Disaster, row: dict[str, Any], report: SeedReport) -> None:
    rows = row.get("dispatches", [])
    total = sum(d["people"] for d in rows)
    expected = row.get("expected_dispatch_total")
    if expected is not None and total != expected:
        raise SeedError(f"{disaster.name}: 派遣数の合計は{total}人ですが、資料の計は{expected}人です。")
    for order, d in enumerate(rows):
        place = d.get("municipality")
        StaffDispatch.objects.update_or_create(
            disaster=disaster,
            term=d.get("term", StaffDispatch.Term.UNSPECIFIED),
            status=d.get("status", StaffDispatch.Status.CUMULATIVE),
            task=d.get("task", ""),
            destination=d.get("destination", ""),
            defaults={
                "destination_municipality": municipality(*place, disaster.name) if place else None,
                "people": d["people"],
                "sort_order": order,
            },
        )
    report.add(StaffDispatch, len(rows))


def load_supplies(disaster: Disaster, row: dict[str, Any], report: SeedReport) -> None:
    rows = row.get("supplies", [])
    for order, (category, item, quantity, unit) in enumerate(rows):
        SupplyDonation.objects.update_or_create(
            disaster=disaster,
            category=category,
            item=item,
            defaults={"quantity": Decimal(str(quantity)), "unit": unit, "sort_order": order},
        )
    report.add(SupplyDonation, len(rows))


def load_shelters(disaster: Disaster, row: dict[str, Any], report: SeedReport) -> None:
    rows = row.get("shelters", [])
    for order, s in enumerate(rows):
        ShelterSupport.objects.update_or_create(
            disaster=disaster,
            kind=s["kind"],
            defaults={
                "quantity": s["quantity"],
                "unit": s.get("unit", ""),
                "places": s.get("places"),
                "current_quantity": s.get("current_quantity"),
                "is_finished": bool(s.get("is_finished")),
                "note": s.get("note", ""),
                "sort_order": order,
            },
        )
    report.add(ShelterSupport, len(rows))


def load(report: SeedReport) -> None:
    data = read_yaml(FIXTURE)
    as_of: dt.date = data["as_of"]
    common = {"as_of": as_of, "source": data["source"]}
    recipients = Recipients(data["other_recipients"])
    seen: set[tuple[str, dt.date]] = set()
    for row in data["disasters"]:
        key = (row["name"], parse_date(row["date"]))
        if key in seen:
            raise SeedError(f"{row['name']}（{row['date']}）が二度記載されています。")
        seen.add(key)
        disaster = load_disaster(row, common)
        load_funds(disaster, row, recipients, report)
        load_dispatches(disaster, row, report)
        load_supplies(disaster, row, report)
        load_shelters(disaster, row, report)
    report.add(Disaster, len(seen))

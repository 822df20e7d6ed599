"""Load the about page (sections, 3 goals, the 2023–2026 direction table, contacts) and the official figures.

Source: fixtures/about.yaml, whose comments record every correction made to the seeds and how the
direction table's lost column spans were read back.
"""

from __future__ import annotations

from typing import Any

from core.seeding import SeedReport, parse_date, read_yaml
from portal.models import (
    AboutSection,
    ContactPoint,
    DirectionActivity,
    DirectionItem,
    DirectionPlan,
    Goal,
    NetworkStatistic,
)


class SeedError(Exception):
    """The fixture is inconsistent (a direction row whose cells do not tile the plan's years …)."""


def load_sections(rows: list[dict[str, Any]], report: SeedReport) -> None:
    for row in rows:
        AboutSection.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "body": row["body"].strip(),
                "dated": parse_date(row.get("dated")),
                "signed_by": row.get("signed_by") or "",
                "sort_order": row["sort_order"],
            },
        )
    report.add(AboutSection, len(rows))


def load_goals(rows: list[dict[str, Any]], report: SeedReport) -> None:
    for row in rows:
        Goal.objects.update_or_create(number=row["number"], defaults={"text": row["text"]})
    report.add(Goal, len(rows))


def check_cells_tile_the_plan(plan: DirectionPlan, number: int, activities: list[dict[str, Any]]) -> None:
    """Each row's cells must cover the plan's years once, in order: the reading of the lost spans relies on it."""
    cursor = plan.first_fiscal_year
    for activity in sorted(activities, key=lambda a: a["from"]):
        if activity["from"] != cursor or activity["to"] < activity["from"]:
            raise SeedError(f"方向性の項目{number}: {activity['from']}–{activity['to']}年度の欄が年度の並びと合いません。")
        cursor = activity["to"] + 1
    if cursor != plan.last_fiscal_year + 1:
        raise SeedError(f"方向性の項目{number}: {plan.last_fiscal_year}年度までの欄がありません。")


def load_direction(data: dict[str, Any], report: SeedReport) -> None:
    plan, _ = DirectionPlan.objects.update_or_create(
        first_fiscal_year=data["first_fiscal_year"],
        last_fiscal_year=data["last_fiscal_year"],
        defaults={"title": data["title"], "preamble": data.get("preamble") or ""},
    )
    report.add(DirectionPlan)
    for row in data["items"]:
        check_cells_tile_the_plan(plan, row["number"], row["activities"])
        item, _ = DirectionItem.objects.update_or_create(
            plan=plan, number=row["number"], defaults={"title": row["title"]}
        )
        starts = []
        for activity in row["activities"]:
            DirectionActivity.objects.update_or_create(
                item=item,
                from_fiscal_year=activity["from"],
                defaults={"to_fiscal_year": activity["to"], "text": "\n".join(activity["lines"])},
            )
            starts.append(activity["from"])
        # The cells are the fixture's: a span moved in the fixture must not leave the old cell behind.
        item.activities.exclude(from_fiscal_year__in=starts).delete()
        report.add(DirectionItem)
        report.add(DirectionActivity, len(starts))


def load_contact_points(rows: list[dict[str, Any]], report: SeedReport) -> None:
    for row in rows:
        ContactPoint.objects.update_or_create(
            topic=row["topic"],
            defaults={"organization": row["organization"], "phone": row["phone"], "sort_order": row["sort_order"]},
        )
    report.add(ContactPoint, len(rows))


def load_statistics(rows: list[dict[str, Any]], report: SeedReport) -> None:
    seen: set[tuple[str, Any]] = set()
    for row in rows:
        if row["metric"] not in NetworkStatistic.Metric.values:
            raise SeedError(f"連携自治体数: 項目「{row['metric']}」は定義されていません。")
        key = (row["metric"], parse_date(row["as_of"]))
        if key in seen:
            raise SeedError(f"連携自治体数: {key[0]} {key[1]} が重複しています。")
        seen.add(key)
        NetworkStatistic.objects.update_or_create(
            metric=key[0],
            as_of=key[1],
            defaults={"value": row["value"], "source": row["source"], "note": row.get("note") or ""},
        )
    report.add(NetworkStatistic, len(rows))


def load(report: SeedReport) -> None:
    data = read_yaml("about.yaml")
    load_sections(data["sections"], report)
    load_goals(data["goals"], report)
    load_direction(data["direction_plan"], report)
    load_contact_points(data["contact_points"], report)
    load_statistics(data["statistics"], report)

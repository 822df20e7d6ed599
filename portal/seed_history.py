"""The timeline これまでの経過 (fixtures/timeline.yaml, extracted from seeds/004) and the issues of
東京23区全国連携ニュース it names. Each timeline entry that is an event links to its Event row
(created by events.seed, which runs first)."""

from __future__ import annotations

import re

from core.seeding import SeedReport, parse_date, precision_of, read_yaml
from core.text import japanese_punctuation
from events.models import Event
from events.seed import timeline_seed_key
from portal.models import NewsletterIssue, TimelineEntry

SOURCE = "seeds/004 これまでの経過"
NEWSLETTER = re.compile(r"全国連携ニュース\s*(創刊号|第\s*(\d+)\s*号)の発行")
MILESTONE = re.compile(r"締結式|運用開始|プロジェクトの実施を決定|創刊号|を開始")


def load(report: SeedReport) -> None:
    events = {e.seed_key: e for e in Event.objects.exclude(seed_key="")}
    seen_per_day: dict = {}
    for entry in read_yaml("timeline.yaml")["entries"]:
        date = parse_date(entry["date"])
        order = seen_per_day[date] = seen_per_day.get(date, -1) + 1
        key = timeline_seed_key(entry)
        event = events[key] if key else None
        TimelineEntry.objects.update_or_create(
            date=date, sort_order=order,
            defaults={
                "title": japanese_punctuation(entry["title"])[:300], "body": japanese_punctuation(entry.get("body", "")),
                "date_precision": precision_of(entry["date"]),
                "end_date": parse_date(entry.get("end_date")), "end_date_precision": "day" if entry.get("end_date") else "",
                "event": event, "is_milestone": bool(MILESTONE.search(entry["title"])), "source": SOURCE,
            },
        )
        report.add(TimelineEntry)
        if m := NEWSLETTER.search(entry["title"]):
            number = 1 if m[1] == "創刊号" else int(m[2])
            NewsletterIssue.objects.update_or_create(
                number=number,
                defaults={
                    "title": f"東京23区全国連携ニュース{'創刊号' if number == 1 else f'第{number}号'}",
                    "published_on": date, "publisher": "特別区長会・公益財団法人特別区協議会",
                    "summary": entry.get("body", ""),
                },
            )
            report.add(NewsletterIssue)
    for item in read_yaml("news.yaml")["newsletters"]:
        NewsletterIssue.objects.update_or_create(
            title=item["title"],
            defaults={
                "number": None, "published_on": parse_date(item.get("published_on")),
                "publisher": item.get("publisher", ""), "summary": item.get("summary", ""),
            },
        )
        report.add(NewsletterIssue)

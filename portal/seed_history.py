"""The timeline これまでの経過 (fixtures/timeline.yaml, extracted from seeds/004). Each timeline entry that
is an event links to its Event row (created by events.seed, which runs first); the issues of 全国連携NEWS it
names are loaded from fixtures/news.yaml (portal/seed_news.py), which it must agree with."""

from __future__ import annotations

import re

from core.seeding import SeedReport, parse_date, precision_of, read_yaml
from core.text import japanese_punctuation
from events.models import Event
from events.seed import timeline_seed_key
from portal.models import TimelineEntry

SOURCE = "seeds/004 これまでの経過"
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

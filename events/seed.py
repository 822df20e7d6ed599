"""Events and exhibitions of the seeds: the ones the newsletters describe in detail (fixtures/events.yaml)
and every event of the timeline これまでの経過 (entries of fixtures/timeline.yaml with `event: {kind, title}`).

An event is keyed on its start date and kind (`seed_key`), so a name corrected in a fixture updates the same
row; a detailed event of events.yaml stands for the timeline entry of the same date and kind. The name is
the fixture's (at most 40 characters); the timeline entry's own sentence becomes the description (概要) and
its bullet lines the programme (内容), with the full-width punctuation of Japanese text.

Participants are linked by name: wards, federations and companies named in an event's text are looked
up in the database (so /wards/<code>/ and /agreements/ list the events they took part in); names given
explicitly in events.yaml must exist, or the load stops.
"""

from __future__ import annotations

import datetime as dt
import re

from agreements.models import CorporatePartner, Federation
from core.seeding import SeedReport, parse_date, read_yaml
from core.text import japanese_punctuation
from events.models import Event, EventSpeaker
from municipalities.models import Municipality, Ward

TIMELINE_SOURCE = "seeds/004 これまでの経過"
VENUE = re.compile(r"(?:会場|開催場所)\s*[:：]\s*([^\n]+)")
THEME = re.compile(r"テーマ\s*[:：]\s*(.+?)(?=\s+内\s*容\s*[:：]|\n|$)")
MAX_TITLE = 40
TEXT_FIELDS = ("title", "venue", "theme", "summary", "program")


class SeedError(Exception):
    """A fixture names an event badly (no title, a title too long, the same date and kind twice)."""


def seed_key(start_date: dt.date, kind: str) -> str:
    return f"{start_date.isoformat()}/{kind}"


def timeline_seed_key(entry: dict) -> str | None:
    """The key of the event a timeline entry stands for, or None when the entry is not an event."""
    event = entry.get("event")
    return seed_key(parse_date(entry["date"]), event["kind"]) if event else None


def seeded_event(key: str, start_date: dt.date, kind: str) -> Event:
    """The row of a seeded event; a database loaded before events had keys has it under its old name."""
    event = Event.objects.filter(seed_key=key).first()
    if event is None:
        event = (
            Event.objects.filter(seed_key="", start_date=start_date, kind=kind, source__startswith="seeds/")
            .order_by("pk").first()
        ) or Event()
        event.seed_key = key
    return event


def save_seeded(key: str, start_date: dt.date, fields: dict) -> Event:
    event = seeded_event(key, start_date, fields["kind"])
    event.start_date = start_date
    for name, value in fields.items():
        setattr(event, name, japanese_punctuation(value) if name in TEXT_FIELDS else value)
    if len(event.title) > MAX_TITLE:
        raise SeedError(f"イベント名が{MAX_TITLE}文字を超えています（{len(event.title)}文字）：{event.title}")
    event.full_clean(validate_unique=False)
    event.save()
    return event


class Names:
    """Rows by name, for linking participants (explicit names must exist; names found in text may)."""

    def __init__(self):
        self.wards = {w.municipality.name: w for w in Ward.objects.select_related("municipality")}
        self.federations = {f.name: f for f in Federation.objects.all()}
        self.partners = {}
        for partner in CorporatePartner.objects.all():
            self.partners[partner.name] = partner
            if partner.former_name:
                self.partners[partner.former_name] = partner

    def pick(self, table: dict, names: list[str], what: str) -> list:
        missing = [n for n in names if n not in table]
        if missing:
            raise ValueError(f"events.yaml: unknown {what}: {', '.join(missing)}")
        return [table[n] for n in names]

    def found_in(self, table: dict, text: str) -> list:
        return list({id(row): row for name, row in table.items() if name in text}.values())


def _event_fields(item: dict) -> dict:
    fields = {
        "title": item["title"],
        "kind": item["kind"],
        "end_date": parse_date(item.get("end_date")),
        "venue": item.get("venue", ""),
        "theme": item.get("theme", ""),
        "summary": item.get("summary", ""),
        "program": item.get("program", ""),
        "organizers": item.get("organizers", ""),
        "co_hosts": item.get("co_hosts", ""),
        "cooperation": item.get("cooperation", ""),
        "supporters": item.get("supporters", ""),
        "visitors": item.get("visitors"),
        "visitors_note": item.get("visitors_note", ""),
        "is_online": bool(item.get("is_online", False)),
        "source": item.get("source", ""),
    }
    return fields


def load_curated(report: SeedReport, names: Names) -> set[str]:
    """The detailed events; returns their keys (the timeline entries they stand for are not loaded again)."""
    keys = set()
    for item in read_yaml("events.yaml")["events"]:
        start = parse_date(item["start_date"])
        key = seed_key(start, item["kind"])
        if key in keys:
            raise SeedError(f"events.yaml: {key} のイベントが2件あります。")
        keys.add(key)
        event = save_seeded(key, start, _event_fields(item))
        text = " ".join(str(item.get(k, "")) for k in ("title", "summary", "program", "organizers", "co_hosts"))
        event.wards.set(names.pick(names.wards, item.get("wards", []), "ward") or names.found_in(names.wards, text))
        event.federations.set(
            names.pick(names.federations, item.get("federations", []), "federation")
            or names.found_in(names.federations, text)
        )
        event.partners.set(
            names.pick(names.partners, item.get("partners", []), "company") or names.found_in(names.partners, text)
        )
        codes = item.get("municipalities", [])
        municipalities = list(Municipality.objects.filter(code__in=codes))
        if len(municipalities) != len(codes):
            raise ValueError(f"events.yaml: unknown municipality code in {codes}")
        event.municipalities.set(municipalities)
        event.speakers.all().delete()
        EventSpeaker.objects.bulk_create(
            EventSpeaker(event=event, sort_order=i, role=s["role"], name=s["name"],
                         affiliation=s.get("affiliation", ""), talk_title=s.get("talk_title", ""))
            for i, s in enumerate(item.get("speakers", []))
        )
        report.add(Event)
        report.add(EventSpeaker, len(item.get("speakers", [])))
    return keys


def _is_bullet(line: str) -> bool:
    return line.startswith(("・", "※", "(", "（", "<", "〈", "○", "〇", "①", "②", "③", "④", "⑤", "⑥"))


def timeline_description(entry: dict) -> tuple[str, str]:
    """(概要, 内容) of a timeline event: its sentence (the title, and the body's lines up to the first bullet)
    and the remaining bullet lines."""
    lines = [line.strip() for line in (entry.get("body") or "").split("\n") if line.strip()]
    split = next((i for i, line in enumerate(lines) if _is_bullet(line)), len(lines))
    sentence = entry["title"].strip().rstrip("。")
    for line in lines[:split]:
        sentence += "。" + line.rstrip("。")
    notes = [line for line in lines[split:] if line.startswith("※")]
    program = [line for line in lines[split:] if not line.startswith("※")]
    summary = "\n".join([sentence + "。", *notes])
    return summary, "\n".join(program)


def _unbracketed(theme: str) -> str:
    theme = theme.strip()
    pairs = {"「": "」", "『": "』"}
    if len(theme) > 1 and pairs.get(theme[0]) == theme[-1] and theme.count(theme[0]) == 1:
        return theme[1:-1]
    return theme


def load_from_timeline(report: SeedReport, names: Names, curated: set[str]) -> None:
    seen = set()
    for entry in read_yaml("timeline.yaml")["entries"]:
        key = timeline_seed_key(entry)
        if key is None:
            continue
        if key in seen:
            raise SeedError(f"timeline.yaml: {key} のイベントが2件あります。")
        seen.add(key)
        if key in curated:
            continue
        event_data = entry["event"]
        if not event_data.get("title"):
            raise SeedError(f"timeline.yaml: {entry['date']}「{entry['title']}」のイベント名（title）がありません。")
        body = japanese_punctuation(entry.get("body", ""))
        text = f"{entry['title']}\n{body}"
        summary, program = timeline_description({**entry, "body": body})
        venue = VENUE.search(body)
        theme = THEME.search(body)
        event = save_seeded(key, parse_date(entry["date"]), {
            "title": event_data["title"],
            "kind": event_data["kind"],
            "end_date": parse_date(entry.get("end_date")),
            "venue": event_data.get("venue") or (venue[1].strip()[:200] if venue else ""),
            "theme": event_data.get("theme") or (_unbracketed(theme[1])[:300] if theme else ""),
            "summary": event_data.get("summary") or summary,
            "program": program,
            "is_online": "オンライン" in text,
            "source": TIMELINE_SOURCE,
        })
        event.wards.set(names.found_in(names.wards, text))
        event.federations.set(names.found_in(names.federations, text))
        event.partners.set(names.found_in(names.partners, text))
        report.add(Event)


def load(report: SeedReport) -> None:
    names = Names()
    curated = load_curated(report, names)
    load_from_timeline(report, names, curated)

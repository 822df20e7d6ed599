"""Events and exhibitions of the seeds: the ones the newsletters describe in detail (fixtures/events.yaml)
and every event of the timeline これまでの経過 (entries of fixtures/timeline.yaml marked `event: <kind>`).

Participants are linked by name: wards, federations and companies named in an event's text are looked
up in the database (so /wards/<code>/ and /agreements/ list the events they took part in); names given
explicitly in events.yaml must exist, or the load stops.
"""

from __future__ import annotations

import re

from agreements.models import CorporatePartner, Federation
from core.seeding import SeedReport, parse_date, read_yaml
from events.models import Event, EventSpeaker
from municipalities.models import Municipality, Ward

TIMELINE_SOURCE = "seeds/004 これまでの経過"
VENUE = re.compile(r"会場[:：]\s*([^\n]+)")
THEME = re.compile(r"テーマ[:：]\s*([^\n]+)")
GENERIC_TITLE = re.compile(r"(との連携\(第\d弾\)|連携事業\(※\)|の開催|開催)$")


def timeline_key(date, title: str) -> tuple:
    return (parse_date(date), title.strip())


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


def load_curated(report: SeedReport, names: Names) -> set[tuple]:
    """The detailed events; returns the timeline keys they stand for."""
    covered = set()
    for item in read_yaml("events.yaml")["events"]:
        event, _ = Event.objects.update_or_create(
            title=item["title"], start_date=parse_date(item["start_date"]), defaults=_event_fields(item)
        )
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
        if timeline := item.get("timeline"):
            covered.add(timeline_key(timeline["date"], timeline["title"]))
    return covered


def timeline_event_title(entry: dict) -> str:
    """The entry's title, completed by its first line when the title alone says little (…(第1弾))."""
    title = entry["title"].strip()
    first = (entry.get("body") or "").split("\n")[0].strip()
    if first and not first.startswith(("・", "※")) and (GENERIC_TITLE.search(title) and len(title) < 25):
        title = f"{title} {first}"
    return title[:200]


def load_from_timeline(report: SeedReport, names: Names, covered: set[tuple]) -> None:
    for entry in read_yaml("timeline.yaml")["entries"]:
        kind = entry.get("event")
        if not kind or timeline_key(entry["date"], entry["title"]) in covered:
            continue
        body = entry.get("body", "")
        text = f"{entry['title']}\n{body}"
        venue = VENUE.search(body)
        theme = THEME.search(body)
        event, _ = Event.objects.update_or_create(
            title=timeline_event_title(entry), start_date=parse_date(entry["date"]),
            defaults={
                "kind": kind,
                "end_date": parse_date(entry.get("end_date")),
                "venue": venue[1].strip()[:200] if venue else "",
                "theme": theme[1].strip()[:300] if theme else "",
                "program": body,
                "is_online": "オンライン" in text,
                "source": TIMELINE_SOURCE,
            },
        )
        event.wards.set(names.found_in(names.wards, text))
        event.federations.set(names.found_in(names.federations, text))
        event.partners.set(names.found_in(names.partners, text))
        report.add(Event)


def load(report: SeedReport) -> None:
    names = Names()
    covered = load_curated(report, names)
    load_from_timeline(report, names, covered)

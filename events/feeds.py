"""/events/feed.ics: the published events as an RFC 5545 calendar (built with the icalendar library).

- Events without times are all-day: DTSTART;VALUE=DATE and an exclusive DTEND (the day after the last
  day), so a period 7月8日〜8月28日 covers exactly those days.
- Timed events are in Asia/Tokyo (TZID, with its VTIMEZONE).
- Events known only to the month or year (date_precision month/year/fiscal year) are left out: a
  calendar cannot say "sometime in November" without inventing a day.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from core import wareki
from events.models import Event

TOKYO = ZoneInfo("Asia/Tokyo")


def _description(event: Event) -> str:
    parts = [event.get_kind_display()]
    for label, value in (("テーマ", event.theme), ("主催", event.organizers), ("共催", event.co_hosts),
                         ("内容", event.summary or event.program)):
        if value:
            parts.append(f"{label}：{value}")
    return "\n".join(parts)


def build_calendar(events, *, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//特別区全国連携プロジェクト//ポータル//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "特別区全国連携プロジェクト イベント・展示")
    cal.add("x-wr-timezone", "Asia/Tokyo")
    host = base_url.split("://", 1)[-1].rstrip("/")
    for event in events:
        if event.date_precision != wareki.DAY:
            continue
        vevent = VEvent()
        vevent.add("uid", f"event-{event.pk}@{host}")
        vevent.add("dtstamp", (event.updated_at or timezone.now()).astimezone(dt.UTC))
        vevent.add("summary", event.title)
        last_day = event.end_date or event.start_date
        if event.start_time:
            start = dt.datetime.combine(event.start_date, event.start_time, tzinfo=TOKYO)
            end_time = event.end_time or (dt.datetime.combine(dt.date.min, event.start_time) + dt.timedelta(hours=1)).time()
            end = dt.datetime.combine(last_day, end_time, tzinfo=TOKYO)
            vevent.add("dtstart", start)
            vevent.add("dtend", max(end, start))
        else:
            vevent.add("dtstart", event.start_date)
            vevent.add("dtend", last_day + dt.timedelta(days=1))
        location = " ".join(v for v in (event.venue, event.venue_address) if v) or ("オンライン" if event.is_online else "")
        if location:
            vevent.add("location", location)
        vevent.add("description", _description(event))
        vevent.add("url", f"{base_url.rstrip('/')}{event.get_absolute_url()}")
        vevent.add("categories", [event.get_kind_display()])
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def site_url(request) -> str:
    """The site's address as the visitor reached it (ALLOWED_HOSTS vouches for the host)."""
    return request.build_absolute_uri("/")


# --- /events/feed.xml: RSS 2.0 (Django's syndication framework) -----------------------------------
from django.contrib.syndication.views import Feed  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.feedgenerator import Rss201rev2Feed  # noqa: E402

from core.site import absolute_url  # noqa: E402

EVENT_NS = "http://purl.org/rss/1.0/modules/event/"
RSS_ITEMS = 30


class EventRssGenerator(Rss201rev2Feed):
    """RSS 2.0 with the RSS event module's elements (ev:startdate, ev:enddate, ev:location) per item."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:ev": EVENT_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in ("startdate", "enddate", "location"):
            if item.get(f"ev_{name}"):
                handler.addQuickElement(f"ev:{name}", item[f"ev_{name}"])


def event_location(event: Event) -> str:
    return " ".join(v for v in (event.venue, event.venue_address) if v) or ("オンライン" if event.is_online else "")


class EventRssFeed(Feed):
    """The newest events (by date held, the latest 30): title, date and venue in each item."""

    feed_type = EventRssGenerator
    title = "特別区全国連携プロジェクト イベント・展示"
    description = "特別区全国連携プロジェクトのイベント・展示・講演会の新着情報です。"
    language = "ja"

    def link(self):
        return absolute_url(reverse("events:list"))

    def feed_url(self):
        return absolute_url(reverse("events:rss"))

    def item_link(self, item: Event) -> str:
        return absolute_url(item.get_absolute_url())

    def items(self):
        return list(Event.objects.filter(is_published=True).order_by("-start_date", "-pk")[:RSS_ITEMS])

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        lines = [f"日時：{item.date_display}"]
        if location := event_location(item):
            lines.append(f"会場：{location}")
        lines.append(f"種類：{item.get_kind_display()}")
        if text := item.summary or item.theme:
            lines.append(text)
        return "\n".join(lines)

    def item_pubdate(self, item: Event):
        return item.updated_at

    def item_categories(self, item: Event):
        return [item.get_kind_display()]

    def item_extra_kwargs(self, item: Event):
        exact = item.date_precision == wareki.DAY
        return {
            # The event module's dates are W3CDTF: a day, or a month or year when that is all that is known.
            "ev_startdate": wareki.iso_partial(item.start_date, item.date_precision),
            "ev_enddate": wareki.iso_partial(item.end_date, item.date_precision) if item.end_date and exact else "",
            "ev_location": event_location(item),
        }

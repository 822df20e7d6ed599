"""/events/feed.ics: a valid RFC 5545 calendar with all-day, multi-day and timed events in Asia/Tokyo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(client, settings):
    settings.ALLOWED_HOSTS = ["collabo.example.jp"]
    Event.objects.all().delete()
    EventFactory(title="一日の講演会", kind="lecture", start_date=dt.date(2025, 8, 12))
    EventFactory(title="京都の展示", start_date=dt.date(2025, 7, 8), end_date=dt.date(2025, 8, 28))
    EventFactory(title="夜の交流会", kind="exchange", start_date=dt.date(2025, 1, 20),
                 start_time=dt.time(18, 30), end_time=dt.time(20, 0))
    EventFactory(title="月だけ分かる催し", start_date=dt.date(2019, 11, 1), date_precision="month")
    EventFactory(title="非公開", is_published=False)
    response = client.get("/events/feed.ics", HTTP_HOST="collabo.example.jp")
    return response


def events_of(response) -> dict[str, object]:
    cal = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_headers_and_calendar_properties(feed):
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(feed.content)
    assert cal["VERSION"] == "2.0" and "特別区全国連携プロジェクト" in str(cal["PRODID"])
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Tokyo"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]


def test_lines_end_with_crlf_and_are_folded(feed):
    body = feed.content
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_all_day_event_ends_the_next_day(feed):
    event = events_of(feed)["一日の講演会"]
    assert event["DTSTART"].dt == dt.date(2025, 8, 12) and event["DTEND"].dt == dt.date(2025, 8, 13)
    assert event["DTSTART"].params["VALUE"] == "DATE"


def test_multi_day_period_covers_every_day(feed):
    event = events_of(feed)["京都の展示"]
    assert event["DTSTART"].dt == dt.date(2025, 7, 8) and event["DTEND"].dt == dt.date(2025, 8, 29)


def test_timed_event_in_tokyo(feed):
    event = events_of(feed)["夜の交流会"]
    tokyo = ZoneInfo("Asia/Tokyo")
    assert event["DTSTART"].dt == dt.datetime(2025, 1, 20, 18, 30, tzinfo=tokyo)
    assert event["DTEND"].dt == dt.datetime(2025, 1, 20, 20, 0, tzinfo=tokyo)
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"


def test_uid_url_and_what_is_left_out(feed):
    events = events_of(feed)
    assert set(events) == {"一日の講演会", "京都の展示", "夜の交流会"}
    event = events["一日の講演会"]
    pk = Event.objects.get(title="一日の講演会").pk
    assert str(event["UID"]) == f"event-{pk}@collabo.example.jp"
    assert str(event["URL"]) == f"http://collabo.example.jp/events/{pk}/"
    assert event["DTSTAMP"].dt.tzinfo is not None


def test_the_seeded_events_make_a_valid_feed(client):
    cal = Calendar.from_ical(client.get("/events/feed.ics").content)
    assert len(cal.walk("VEVENT")) == Event.objects.filter(is_published=True, date_precision="day").count() > 50

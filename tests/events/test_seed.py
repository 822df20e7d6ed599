"""Events, timeline and newsletter issues loaded from the seeds, read back from the database."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from core.seeding import read_yaml
from events.models import Event
from portal.models import NewsletterIssue, TimelineEntry

pytestmark = pytest.mark.django_db


def test_every_event_of_the_timeline_and_the_newsletters_is_an_event():
    curated = read_yaml("events.yaml")["events"]
    timeline_events = [e for e in read_yaml("timeline.yaml")["entries"] if e.get("event")]
    covered = sum(1 for e in curated if e.get("timeline"))
    assert Event.objects.count() == len(curated) + len(timeline_events) - covered
    kinds = Counter(Event.objects.values_list("kind", flat=True))
    assert kinds["exhibition"] >= 15 and kinds["lecture"] >= 15 and kinds["ceremony"] == 11


def test_the_first_success_story_of_the_board():
    event = Event.objects.get(title__contains="しながわ水族館")
    assert (event.start_date, event.end_date) == (dt.date(2015, 11, 18), dt.date(2015, 11, 23))
    assert [w.municipality.name for w in event.wards.all()] == ["品川区"]
    assert [m.code for m in event.municipalities.all()] == ["182109"]
    assert "掲示板" in event.summary
    entry = TimelineEntry.objects.get(date=dt.date(2015, 11, 18))
    assert entry.event == event


def test_symposium_2016_with_its_panel():
    event = Event.objects.get(start_date=dt.date(2016, 4, 26), kind="lecture")
    roles = Counter(event.speakers.values_list("role", flat=True))
    assert roles == {"keynote": 1, "panelist": 5, "coordinator": 1}
    assert set(event.federations.values_list("name", flat=True)) == {"北海道町村会", "京都府市長会"}


def test_promotion_2024_visitors_and_cohost():
    event = Event.objects.get(start_date=dt.date(2024, 10, 30))
    assert event.visitors == 1626 and event.end_date == dt.date(2024, 10, 31)
    assert event.partners.get().name == "明治安田生命保険相互会社"


def test_official_name_wins_over_the_ocr_variant():
    assert not Event.objects.filter(federations__name="京都市市長会").exists()
    event = Event.objects.get(start_date=dt.date(2025, 8, 12), kind="lecture")
    assert event.federations.get().name == "京都府市長会"
    assert event.speakers.filter(name="中小路 健吾", affiliation__startswith="京都府市長会").exists()


def test_exhibitions_have_their_period_and_venue_from_the_timeline():
    event = Event.objects.get(kind="exhibition", start_date=dt.date(2021, 11, 16))
    assert event.end_date == dt.date(2021, 12, 23)
    assert event.venue.startswith("東京区政会館")


def test_participants_are_linked_from_the_text():
    event = Event.objects.get(title__contains="北海道町村会との連携(第3弾)")
    assert "中野区" in event.title
    assert list(event.wards.values_list("municipality__name", flat=True)) == ["中野区"]
    assert list(event.federations.values_list("name", flat=True)) == ["北海道町村会"]


def test_timeline_covers_2014_to_2024_in_order():
    entries = list(TimelineEntry.objects.all())
    assert len(entries) == len(read_yaml("timeline.yaml")["entries"])
    assert entries[0].date == dt.date(2014, 9, 10) and entries[-1].date.year == 2024
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert TimelineEntry.objects.filter(is_milestone=True).exists()


def test_newsletter_issues_from_the_timeline():
    issues = list(NewsletterIssue.objects.filter(number__isnull=False).order_by("number").values_list("number", flat=True))
    assert NewsletterIssue.objects.filter(number__isnull=True, title__startswith="全国連携NEWS").count() == 2
    assert issues == list(range(1, 9))  # 創刊号〜第8号
    assert NewsletterIssue.objects.get(number=4).published_on == dt.date(2021, 9, 30)


def test_loading_twice_changes_nothing():
    before = (Event.objects.count(), TimelineEntry.objects.count(), NewsletterIssue.objects.count())
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert (Event.objects.count(), TimelineEntry.objects.count(), NewsletterIssue.objects.count()) == before

"""Events, timeline and newsletter issues loaded from the seeds, read back from the database."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import call_command

from core.seeding import parse_date, read_yaml
from events.models import Event
from events.seed import MAX_TITLE, TIMELINE_SOURCE, SeedError, save_seeded, seed_key, timeline_seed_key
from portal.models import NewsletterIssue, TimelineEntry

pytestmark = pytest.mark.django_db


def test_every_event_of_the_timeline_and_the_newsletters_is_an_event():
    curated = {seed_key(parse_date(e["start_date"]), e["kind"]) for e in read_yaml("events.yaml")["events"]}
    timeline = {timeline_seed_key(e) for e in read_yaml("timeline.yaml")["entries"] if e.get("event")}
    assert set(Event.objects.values_list("seed_key", flat=True)) == curated | timeline
    kinds = Counter(Event.objects.values_list("kind", flat=True))
    # 8 signings of the 13 federations, 3 of the 4 companies (第一生命's has no ceremony), 東北六魂祭's.
    assert kinds["exhibition"] >= 15 and kinds["lecture"] >= 15 and kinds["ceremony"] == 12


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
    event = Event.objects.get(seed_key="2015-12-19/market")
    assert "中野区" in event.title and event.summary.startswith("北海道町村会との連携（第3弾）。")
    assert list(event.wards.values_list("municipality__name", flat=True)) == ["中野区"]
    assert list(event.federations.values_list("name", flat=True)) == ["北海道町村会"]


def test_timeline_covers_2014_to_2024_in_order():
    entries = list(TimelineEntry.objects.all())
    assert len(entries) == len(read_yaml("timeline.yaml")["entries"])
    assert entries[0].date == dt.date(2014, 9, 10) and entries[-1].date.year == 2024
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert TimelineEntry.objects.filter(is_milestone=True).exists()


def test_loading_twice_changes_nothing():
    before = (Event.objects.count(), TimelineEntry.objects.count(), NewsletterIssue.objects.count())
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert (Event.objects.count(), TimelineEntry.objects.count(), NewsletterIssue.objects.count()) == before


# --- names and descriptions -------------------------------------------------------------------------

HALF_WIDTH_IN_JAPANESE = re.compile(r"[()!?:]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_event_names_are_short_and_use_full_width_marks():
    for title in Event.objects.values_list("title", flat=True):
        assert len(title) <= MAX_TITLE, title
        if JAPANESE.search(title):
            assert not HALF_WIDTH_IN_JAPANESE.search(title), title
        assert "  " not in title and title == title.strip(), title


def test_an_exhibitions_theme_is_in_its_name():
    exhibitions = Event.objects.filter(kind="exhibition").exclude(theme="")
    assert exhibitions.count() >= 15
    for event in exhibitions:
        main = re.split(r"\s*～", event.theme)[0]
        if len(main) <= 24:  # 令和2年度's 38-character theme cannot be part of a 40-character name
            assert f"『{main}』" in event.title, (event.title, event.theme)
    aomori = Event.objects.get(seed_key="2019-01-08/exhibition")
    assert aomori.title == "平成30年度 第2回全国連携展示『縄文の大地 青森の魅力』"


def test_the_timeline_sentence_is_the_description_not_the_name():
    event = Event.objects.get(seed_key="2021-05-22/supported")
    assert event.title == "東北絆まつり2021山形への協力"
    assert event.summary.startswith("東北絆まつり2021山形開催。新型コロナウイルス感染症の拡大を受け、内容を大幅に縮小して開催。")
    assert "協力はかなわなかった。" in event.summary
    suginami = Event.objects.get(seed_key="2015-11-07/market")
    assert suginami.title == "すぎなみフェスタ2015 北海道上川管内19町村の物産販売"
    assert "（上川管内19町村：鷹栖町・" in suginami.summary


def test_the_programme_keeps_the_bullets_and_the_venue_and_theme_are_read_from_them():
    event = Event.objects.get(seed_key="2017-09-21/lecture")
    assert event.theme == "スポーツを活かした地域連携の可能性"
    assert event.venue == "東京区政会館 20階 会議室"
    assert event.program.startswith("・会場：")
    assert ":" not in event.program.replace("10:", "").replace(":0", "")


def test_events_the_extraction_had_merged_are_separate():
    ceremony = Event.objects.get(seed_key="2017-01-19/ceremony")
    symposium = Event.objects.get(seed_key="2017-01-19/lecture")
    assert ceremony.program == "" and ceremony.theme == ""
    assert symposium.theme == "共存共栄の全国連携～交流人口の拡大と観光～"
    assert list(ceremony.wards.all()) == [] and "品川区" in symposium.wards.values_list("municipality__name", flat=True)
    second = Event.objects.filter(start_date__in=[dt.date(2018, 10, 6), dt.date(2018, 10, 7)], kind="promotion")
    assert sorted(e.title for e in second) == [
        "平成30年度 第2回魅力発信イベント「Nipponのシルクと光」",
        "平成30年度 第2回魅力発信イベント「北海道MEGAグルメフェス」",
    ]
    assert "第2回" not in Event.objects.get(seed_key="2018-09-08/promotion").program


def test_every_timeline_event_entry_links_to_its_event():
    for entry in TimelineEntry.objects.select_related("event").exclude(event=None):
        assert entry.event.start_date == entry.date
    assert TimelineEntry.objects.exclude(event=None).count() == Event.objects.filter(source=TIMELINE_SOURCE).count() + 2


def test_a_renamed_seeded_event_is_updated_in_place():
    event = Event.objects.get(seed_key="2019-01-08/exhibition")
    Event.objects.filter(pk=event.pk).update(title="旧い名称", seed_key="")  # as an earlier load wrote it
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    event.refresh_from_db()
    assert (event.title, event.seed_key) == ("平成30年度 第2回全国連携展示『縄文の大地 青森の魅力』", "2019-01-08/exhibition")
    assert Event.objects.filter(start_date=event.start_date, kind="exhibition").count() == 1


def test_an_event_added_in_the_admin_on_a_seeded_date_is_left_alone():
    own = Event.objects.create(title="区の展示", kind="exhibition", start_date=dt.date(2019, 1, 8))
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    own.refresh_from_db()
    assert own.title == "区の展示" and own.seed_key == ""


def test_a_name_longer_than_40_characters_stops_the_load():
    with pytest.raises(SeedError, match="40文字を超えています"):
        save_seeded("2030-01-01/lecture", dt.date(2030, 1, 1), {"title": "あ" * 41, "kind": "lecture"})

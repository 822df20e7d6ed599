"""/events/ and /events/<pk>/: filters, order, empty states, bad input, layout of one event, query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Federation
from core import fragments
from events.models import Event, EventLink, EventSpeaker
from municipalities.models import Ward
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(".event-card__title a")]


@pytest.fixture
def only_factory_events():
    Event.objects.all().delete()


def test_upcoming_first_soonest_first_then_past_newest_first(client, only_factory_events):
    today = timezone.localdate()
    EventFactory(title="来月", start_date=today + dt.timedelta(days=30))
    EventFactory(title="来週", start_date=today + dt.timedelta(days=7))
    EventFactory(title="開催中", start_date=today - dt.timedelta(days=3), end_date=today + dt.timedelta(days=3))
    EventFactory(title="先月", start_date=today - dt.timedelta(days=30))
    EventFactory(title="昨年", start_date=today - dt.timedelta(days=365))
    response = client.get("/events/")
    assert titles(response) == ["開催中", "来週", "来月", "先月", "昨年"]
    assert 'type="text/calendar"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=lecture", ["講演会"]),
        ("?nendo=2025", ["講演会", "京都展示"]),
        ("?when=past", ["講演会", "京都展示"]),
        ("?when=upcoming", ["予定の展示"]),
        ("?ward=131091", ["京都展示"]),
        ("?q=京都", ["京都展示"]),
    ],
)
def test_filters(client, only_factory_events, query, expected):
    today = timezone.localdate()
    kyoto = EventFactory(title="京都展示", start_date=dt.date(2025, 7, 8), end_date=dt.date(2025, 8, 28))
    kyoto.wards.add(Ward.objects.get(pk="131091"))
    kyoto.federations.add(Federation.objects.get(name="京都府市長会"))
    EventFactory(title="講演会", kind="lecture", start_date=dt.date(2025, 8, 12))
    EventFactory(title="予定の展示", start_date=today + dt.timedelta(days=10))
    assert titles(client.get("/events/" + query)) == expected


def test_federation_filter(client, only_factory_events):
    event = EventFactory(title="北海道の物産展", kind="market")
    event.federations.add(Federation.objects.get(name="北海道町村会"))
    EventFactory(title="ほか")
    federation = Federation.objects.get(name="北海道町村会")
    assert titles(client.get(f"/events/?federation={federation.pk}")) == ["北海道の物産展"]


def test_fiscal_years_come_from_the_data_and_cross_eras(client, only_factory_events):
    EventFactory(start_date=dt.date(2019, 4, 10))  # 平成31年4月 → 令和元年度
    EventFactory(start_date=dt.date(2019, 3, 10))  # 平成30年度
    soup = BeautifulSoup(client.get("/events/").content, "html.parser")
    labels = [o.get_text() for o in soup.select("#id_nendo option")]
    assert labels == ["すべての年度", "令和元年度（2019年度）", "平成30年度（2018年度）"]


@pytest.mark.parametrize("query", ["?nendo=abc", "?nendo=1900", "?kind=party", "?when=soon", "?ward=000000", "?federation=x", "?page=999", "?page=z"])
def test_bad_values_never_fail(client, query):
    response = client.get("/events/" + query)
    assert response.status_code == 200
    assert titles(response)


def test_empty_state(client):
    response = client.get("/events/?q=存在しない催し")
    text = response.content.decode()
    assert "条件に合うイベント・展示はありません。" in text
    assert "絞り込みを解除" in text


def test_detail_is_laid_out_like_a_municipal_event_page(client):
    event = EventFactory(
        title="全国連携講演会", kind="lecture", start_date=dt.date(2025, 8, 12), venue="特別区職員研修所",
        organizers="特別区長会", co_hosts="明治安田生命保険相互会社", cooperation="京都府市長会",
        supporters="総務省", program="第1部：講演\n第2部：対談", contact="特別区長会事務局 03-5210-9743",
        visitors=120,
    )
    EventSpeaker.objects.create(event=event, role="lecture", name="中小路 健吾", affiliation="京都府市長会会長", talk_title="観光地域づくり")
    EventLink.objects.create(event=event, label="アーカイブ動画", url="https://example.jp/video")
    event.wards.add(Ward.objects.get(pk="131041"))
    soup = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
    labels = [dt_.get_text() for dt_ in soup.select(".event-details dt")]
    assert labels == ["日時", "会場", "主催", "共催", "連携・協力", "後援・協賛", "内容", "来場者数", "問い合わせ"]
    text = soup.get_text()
    assert "令和7年（2025年）8月12日" in text and "120人" in text
    assert "演題：「観光地域づくり」" in text
    assert soup.select_one('a[href="/wards/131041/"]').get_text() == "新宿区"
    assert "外部サイト" in soup.select_one('a[href="https://example.jp/video"]').get_text()


def test_flyer_shows_type_and_size(client, settings):
    from django.core.files.base import ContentFile

    event = EventFactory()
    event.flyer.save("flyer.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024 + 200_000)))
    assert "PDF（約3.2MB）" in client.get(event.get_absolute_url()).content.decode()


def test_unpublished_events_are_not_found(client):
    event = EventFactory(is_published=False, title="非公開の催し")
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "非公開の催し" not in client.get("/events/?q=非公開").content.decode()


def count(client, path) -> int:
    fragments.clear()  # the most queries: no cached filter form
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def make_events(n: int) -> None:
    wards = list(Ward.objects.all()[:3])
    federations = list(Federation.objects.all()[:2])
    for i in range(n):
        event = EventFactory()
        event.wards.set(wards[: i % 4])
        event.federations.set(federations[: i % 3])
        EventSpeaker.objects.create(event=event, role="lecture", name=f"講師{i}")


def test_list_and_feed_query_budget(client, only_factory_events):
    make_events(5)
    small = (count(client, "/events/"), count(client, "/events/feed.ics"))
    make_events(55)
    assert (count(client, "/events/"), count(client, "/events/feed.ics")) == small
    assert small[0] <= 12


def test_detail_query_budget(client):
    event = EventFactory()
    EventSpeaker.objects.create(event=event, role="keynote", name="基調講演者")
    EventLink.objects.create(event=event, label="資料", url="https://example.jp/")
    event.wards.set(Ward.objects.all()[:1])
    small = count(client, event.get_absolute_url())
    for i in range(20):
        EventSpeaker.objects.create(event=event, role="panelist", name=f"パネリスト{i}")
        EventLink.objects.create(event=event, label=f"資料{i}", url=f"https://example.jp/{i}")
    event.wards.set(Ward.objects.all())
    assert count(client, event.get_absolute_url()) == small

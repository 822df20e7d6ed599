"""/news/feed.xml and /events/feed.xml: RSS 2.0 read with a real feed parser (feedparser)."""

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup

from events.models import Event
from portal.models import NewsItem
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def alternate_links(client, path: str) -> dict[str, str]:
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return {link["title"]: link["href"] for link in soup.select('head link[rel=alternate][type="application/rss+xml"]')}


def parse(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    return feed


def test_every_page_links_both_feeds_and_the_links_serve_rss(client):
    for page in ("/", "/news/", "/events/"):
        links = alternate_links(client, page)
        assert set(links) == {"お知らせ（RSS）", "イベント・展示（RSS）"}
    for href in links.values():
        parse(client, href)


def test_news_feed_lists_published_topics_newest_first_and_leaves_out_unpublished(client, settings):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    NewsItem.objects.create(title="新しい話題", published_on=dt.date(2030, 1, 2), body="本文です。")
    NewsItem.objects.create(title="非公開の話題", published_on=dt.date(2030, 1, 3), body="x", is_published=False)
    feed = parse(client, alternate_links(client, "/news/")["お知らせ（RSS）"])
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "新しい話題"
    assert "非公開の話題" not in titles
    first = feed.entries[0]
    assert first.link.startswith("https://collabo.example.jp/news/#news-")
    assert first.published_parsed[:3] == (2030, 1, 1) or first.published_parsed[:3] == (2030, 1, 2)
    assert feed.feed.link == "https://collabo.example.jp/news/"
    assert feed.feed.language == "ja"


def test_event_feed_items_carry_date_and_venue(client, settings):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    event = EventFactory(
        title="RSSの催し", start_date=dt.date(2031, 5, 3), end_date=dt.date(2031, 5, 5), venue="東京区政会館",
        venue_address="千代田区飯田橋3-5-1",
    )
    EventFactory(title="非公開の催し", start_date=dt.date(2031, 6, 1), is_published=False)
    feed = parse(client, alternate_links(client, "/events/")["イベント・展示（RSS）"])
    entries = {entry.title: entry for entry in feed.entries}
    assert "非公開の催し" not in entries
    entry = entries["RSSの催し"]
    assert entry.link == f"https://collabo.example.jp/events/{event.pk}/"
    assert "日時：令和13年（2031年）5月3日" in entry.summary
    assert "会場：東京区政会館 千代田区飯田橋3-5-1" in entry.summary
    # The RSS event module's elements, as feedparser reads a declared namespace.
    assert entry.ev_startdate == "2031-05-03"
    assert entry.ev_enddate == "2031-05-05"
    assert entry.ev_location == "東京区政会館 千代田区飯田橋3-5-1"
    assert len(feed.entries) <= 30


def test_event_feed_gives_a_month_only_date_as_a_month(client):
    EventFactory(title="月だけの催し", start_date=dt.date(2032, 11, 1), date_precision="month")
    feed = parse(client, "/events/feed.xml")
    entry = {e.title: e for e in feed.entries}["月だけの催し"]
    assert entry.ev_startdate == "2032-11"
    assert "ev_enddate" not in entry


def test_feeds_have_a_fixed_query_budget(client, django_assert_max_num_queries):
    for n in range(40):
        EventFactory(title=f"予算の催し{n}")
    # The feed's rows, and the sites framework's row that the syndication framework reads.
    with django_assert_max_num_queries(4):
        client.get("/events/feed.xml")
    with django_assert_max_num_queries(5):
        client.get("/news/feed.xml")
    assert Event.objects.count() > 30

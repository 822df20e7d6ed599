"""/news/feed.xml: the newest topics and 全国連携NEWS issues as RSS 2.0 (Django's syndication framework)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.urls import reverse

from core.site import absolute_url
from portal.models import NewsItem, NewsletterIssue

RSS_ITEMS = 20
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class NewsEntry:
    guid: str
    title: str
    description: str
    link: str
    published_on: dt.date
    category: str


class NewsRssFeed(Feed):
    title = "特別区全国連携プロジェクト お知らせ"
    description = "特別区全国連携プロジェクトのトピックスと広報紙「全国連携NEWS」の新着情報です。"
    language = "ja"

    # Absolute on the public address: the syndication framework would prefix the sites framework's domain.
    def link(self):
        return absolute_url(reverse("news"))

    def feed_url(self):
        return absolute_url(reverse("news-rss"))

    def items(self) -> list[NewsEntry]:
        news_url = absolute_url(reverse("news"))
        entries = [
            NewsEntry(
                guid=f"news-{n.pk}", title=n.title, description=n.body, published_on=n.published_on,
                link=n.link_url or f"{news_url}#news-{n.pk}", category="トピックス",
            )
            for n in NewsItem.objects.filter(is_published=True).order_by("-published_on", "-pk")[:RSS_ITEMS]
        ]
        entries += [
            NewsEntry(
                guid=f"newsletter-{i.pk}", title=f"{i.title}{f'（{i.number_label}）' if i.number_label and i.number_label not in i.title else ''}",
                description=i.summary, published_on=i.published_on, link=f"{news_url}#newsletter-{i.pk}",
                category="全国連携NEWS",
            )
            for i in NewsletterIssue.objects.exclude(published_on=None).order_by("-published_on", "-pk")[:RSS_ITEMS]
        ]
        return sorted(entries, key=lambda e: e.published_on, reverse=True)[:RSS_ITEMS]

    def item_title(self, item: NewsEntry) -> str:
        return item.title

    def item_description(self, item: NewsEntry) -> str:
        return item.description

    def item_link(self, item: NewsEntry) -> str:
        return item.link

    def item_guid(self, item: NewsEntry) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsEntry) -> dt.datetime:
        return dt.datetime.combine(item.published_on, dt.time(0, 0), tzinfo=TOKYO)

    def item_categories(self, item: NewsEntry) -> list[str]:
        return [item.category]

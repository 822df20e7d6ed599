"""Every list page's 「次へ」 link, followed as rendered, shows the next page (they all led to page 1
when the links read `??page=2`)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from portal.models import NewsItem
from tests.factories import EventFactory, MemberFactory, PostFactory


def _follow_next(client, url: str):
    first = BeautifulSoup(client.get(url).content, "html.parser")
    link = first.select_one('nav[aria-label="ページ送り"] a[rel="next"]')
    assert link is not None and link.get_text(strip=True) == "次へ"
    assert not link["href"].startswith("??")
    second = client.get(urljoin("http://testserver" + url, link["href"]))
    assert second.status_code == 200
    page = BeautifulSoup(second.content, "html.parser")
    current = page.select_one('nav[aria-label="ページ送り"] [aria-current="page"]')
    return first, page, current.get_text(strip=True)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/events/", "/municipalities/", "/municipalities/?scope=all&region=chubu", "/news/"])
def test_next_link_of_public_lists_shows_page_two(client, url):
    for n in range(25):
        EventFactory(title=f"ページ送り確認イベント {n}")
        NewsItem.objects.create(title=f"ページ送り確認のお知らせ {n}", body="本文", published_on="2026-04-01")
    _, second, current = _follow_next(client, url)
    assert current == "2"
    assert second.select_one('a[rel="prev"]') is not None


@pytest.mark.django_db
def test_next_link_of_the_board_keeps_the_filter_and_shows_page_two(client):
    member = MemberFactory()
    for n in range(45):
        PostFactory(author=member, title=f"ページ送りの提案 {n:02d}")
    client.force_login(member)
    first, second, current = _follow_next(client, "/board/?q=ページ送り")
    assert current == "2"
    titles = lambda soup: {a.get_text(strip=True) for a in soup.select(".thread__title a")}  # noqa: E731
    assert titles(second) and not titles(first) & titles(second)
    assert 'value="ページ送り"' in str(second.select_one("form"))


@pytest.mark.django_db
def test_cached_page_links_carry_each_lists_own_filters(client):
    # The page links are cached (core.fragments.render_page_links) by path, query string, page and
    # counts: two filters of one list never share links, nor do two pages of one filter.
    def links(url):
        nav = BeautifulSoup(client.get(url).content, "html.parser").select_one('nav[aria-label="ページ送り"]')
        return [a["href"] for a in nav.select("a")], nav.select_one('[aria-current="page"]').get_text(strip=True)

    chubu, current = links("/municipalities/?scope=all&region=chubu")
    assert current == "1" and all("region=chubu" in href for href in chubu)
    kinki, _ = links("/municipalities/?scope=all&region=kinki")
    assert all("region=kinki" in href for href in kinki)
    again, _ = links("/municipalities/?scope=all&region=chubu")
    assert again == chubu
    page_two, current = links("/municipalities/?scope=all&region=chubu&page=2")
    assert current == "2" and page_two != chubu

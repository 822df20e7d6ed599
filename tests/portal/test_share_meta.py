"""Canonical URL, Open Graph and X card tags on every public page; the image is the portal's own."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def meta(client, path: str) -> dict[str, str]:
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    tags = {m.get("property") or m.get("name"): m["content"] for m in soup.select("head meta[content]")}
    tags["canonical"] = soup.select_one('head link[rel=canonical]')["href"]
    tags["title"] = soup.title.get_text()
    return tags


@pytest.mark.parametrize("path", ["/", "/about/", "/events/", "/agreements/", "/opendata/", "/faq/", "/contact/",
                                  "/privacy/", "/accessibility/results/", "/news/", "/agreements/kyoto-shichokai/"])
def test_public_pages_carry_title_description_image_and_canonical_url(client, settings, path):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    tags = meta(client, path)
    assert tags["og:title"] == tags["title"]
    assert tags["og:description"] == tags["description"] and tags["description"]
    assert tags["og:url"] == tags["canonical"] == f"https://collabo.example.jp{path}"
    assert tags["og:image"].startswith("https://collabo.example.jp/static/img/ogp")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:site"] == "@Zenkoku_Renkei"
    assert tags["og:locale"] == "ja_JP"


def test_an_event_page_shares_its_own_title_and_a_canonical_url_without_the_query(client, settings):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    event = EventFactory(title="シェアされる展示")
    tags = meta(client, f"{event.get_absolute_url()}?utm_source=x")
    assert tags["og:title"].startswith("シェアされる展示")
    assert tags["og:url"] == f"https://collabo.example.jp{event.get_absolute_url()}"
    assert tags["og:type"] == "article"


def test_the_default_share_image_is_served_by_the_portal():
    path = finders.find("img/ogp.png")
    assert path
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (1200, 630)

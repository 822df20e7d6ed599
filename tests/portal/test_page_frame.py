"""Every page's frame (templates/base.html): the menu marks the current section, and the cached
footer follows an edit of the contact points at once, on member pages too (not page-cached)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.models import ContactPoint

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "current"),
    [("/", "ホーム"), ("/about/", "プロジェクトについて"), ("/events/", "イベント・展示"), ("/news/", "お知らせ"), ("/board/", None)],
)
def test_the_menu_marks_the_current_section_only(member_client, path, current):
    for _ in range(2):  # rendered, then from the cache
        soup = BeautifulSoup(member_client.get(path).content, "html.parser")
        marked = [a.get_text() for a in soup.select(".site-nav a[aria-current=page]")]
        assert marked == ([current] if current else [])
        assert len(soup.select(".site-nav a")) == 8


def test_an_edited_contact_point_shows_in_every_footer_at_once(member_client):
    contact = ContactPoint.objects.order_by("sort_order", "pk").first()
    assert contact.phone in member_client.get("/board/").text
    contact.phone = "03-0000-1234"
    contact.save()
    assert "03-0000-1234" in member_client.get("/board/").text
    assert "03-0000-1234" in member_client.get("/").text

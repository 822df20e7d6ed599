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


def test_the_header_folds_search_account_links_and_menu_into_one_disclosure(client):
    """A phone shows the logo and a メニュー button (portal.css); the disclosure works without script."""
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    menu = soup.select_one(".site-header details.site-menu")
    assert menu.summary.get_text(strip=True) == "メニュー"
    assert menu.find("form", role="search").find("input", attrs={"name": "q"}) is not None
    assert menu.find("a", href="/accounts/login/").get_text() == "会員ログイン"
    assert len(menu.select("nav.site-nav a")) == 8
    assert not menu.has_attr("open")
    assert not soup.select(".site-header script") and not soup.find("script", src=False)


def test_the_menu_button_shows_a_members_unread_count(member_client, member):
    from board.models import Notification
    from tests.factories import PostFactory

    summary = lambda: BeautifulSoup(member_client.get("/about/").content, "html.parser").select_one(".site-menu summary")  # noqa: E731
    assert summary().select_one(".count-badge") is None
    post = PostFactory()
    Notification.objects.create(user=member, kind=Notification.Kind.NEW_POST, post=post)
    Notification.objects.create(user=member, kind=Notification.Kind.NEW_POST, post=post)
    assert summary().select_one(".count-badge").get_text() == "2件の未読"

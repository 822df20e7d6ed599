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


# --- The header is a cached part (core/templatetags/parts.py): per values shown, token per request ----


def _header(response):
    return BeautifulSoup(response.content, "html.parser").select_one("header.site-header")


def test_each_visitor_gets_the_header_of_their_own_state(client, member_client, secretariat_client):
    for _ in range(2):  # rendered, then from the cache
        anonymous, member, staff = (_header(c.get("/about/")) for c in (client, member_client, secretariat_client))
        assert anonymous.find("a", string="会員ログイン") and not anonymous.find("button", string="ログアウト")
        assert member.find("button", string="ログアウト") and member.find("a", string="マイページ")
        assert not member.find("a", string="会員ログイン")
        assert staff.find("button", string="ログアウト")


def test_the_unread_count_of_one_member_never_reaches_another(member_client, member, liaison_client):
    from board.models import Notification
    from tests.factories import PostFactory

    post = PostFactory()
    Notification.objects.create(user=member, post=post, kind=Notification.Kind.NEW_POST)
    for _ in range(2):
        mine = _header(member_client.get("/about/")).select_one(".header-notices .count-badge")
        assert mine is not None and mine.get_text().startswith("1")
        theirs = _header(liaison_client.get("/about/")).select_one(".header-notices .count-badge")
        assert theirs is None


def test_the_logout_form_carries_the_requests_own_token(member):
    from django.test import Client

    browsers = []
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(member)
        browser.get("/about/")  # sets this browser's CSRF cookie
        browsers.append(browser)
    tokens = []
    for browser in browsers:  # the second header comes from the cache
        form = _header(browser.get("/about/")).find("form", action="/accounts/logout/")
        tokens.append(form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"])
    assert all(token and "\x00" not in token and "csrf-token" not in token for token in tokens)
    assert tokens[0] != tokens[1]
    for browser, token in zip(browsers, tokens, strict=True):
        assert browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_the_search_words_in_the_header_are_escaped_and_not_shared(member_client):
    hostile = '"><script>alert(1)</script>'
    for _ in range(2):
        response = member_client.get("/search/", {"q": hostile})
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert _header(response).find("input", attrs={"name": "q"})["value"] == hostile
    assert _header(member_client.get("/search/", {"q": "防災"})).find("input", attrs={"name": "q"})["value"] == "防災"


def test_the_header_is_rendered_once_for_the_same_values(member_client, settings):
    # Its key holds the context's lazy values (nav_current) by what they wrap, not by an address.
    from django.core.cache import caches

    store = caches["fragments"]
    member_client.get("/about/")
    parts_after_one = {k for k in store._cache if "part:base.html" in k}
    for _ in range(3):
        member_client.get("/about/")
    assert {k for k in store._cache if "part:base.html" in k} == parts_after_one

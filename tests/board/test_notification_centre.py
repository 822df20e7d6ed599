"""The notification centre (/members/notifications/) and the header's unread count, role by role:
what each entry says and links to, unread first, marking read, paging, entries of posts one can no
longer see, and a fixed number of queries whatever the number of entries."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from board import services
from board.models import Category, Notification
from core import fragments
from municipalities.models import Ward
from tests.factories import EventFactory, LiaisonFactory, MemberFactory, PendingFactory, PostFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def loop():
    """坂井市's proposal to 品川区; 品川区's officer replies, answers (区の対応) and realises it."""
    author = MemberFactory(full_name="坂井 花子")
    officer = LiaisonFactory(full_name="品川 一郎")
    shinagawa = Ward.objects.get(pk="131091")
    post = services.post_create(
        user=author, category=Category.objects.get(slug="proposal"), title="黄金がにのPRイベントのご提案", body="本文",
        target_wards=[shinagawa],
    )
    reply = services.reply_create(user=officer, post=post, body="品川区です。しながわ水族館で検討します。")
    services.engagement_mark(user=officer, post=post, ward=shinagawa, stage="taken_up", note="11月の開催で調整")
    event = EventFactory(title="黄金がにフェア", is_published=True)
    services.post_set_status(user=officer, post=post, status="realised", realised_event=event)
    return {"author": author, "officer": officer, "post": post, "reply": reply, "event": event}


def entries(page) -> list:
    return page.select(".notice-list > li")


def test_the_author_sees_every_step_newest_first_with_who_when_and_links(loop):
    page = soup(client_of(loop["author"]).get("/members/notifications/"))
    rows = entries(page)
    assert [r.select_one(".badge").get_text() for r in rows] == ["状況の変更", "区の対応", "返信"]
    assert all(r.select_one(".unread") for r in rows) and "未読 3件" in page.select_one(".result-count").get_text()
    status, engagement, reply = rows
    assert "「黄金がにのPRイベントのご提案」の状況が「実現」になりました" in status.get_text()
    assert status.select_one(".notice__event a")["href"] == loop["event"].get_absolute_url()
    assert "品川区が" in engagement.get_text() and "区が検討・調整中" in engagement.get_text()
    assert engagement.select_one(".notice__excerpt").get_text() == "11月の開催で調整 — 状況は「調整中」になりました。"
    assert "東京都品川区 品川 一郎" in reply.select_one(".notice__who").get_text()
    assert "しながわ水族館で検討します" in reply.get_text()
    assert reply.select_one("time").get_text().startswith("令和")  # 和暦
    # Each entry links to itself, which marks it read and leads to the exact reply.
    response = client_of(loop["author"]).get(reply.select_one(".notice__what a")["href"])
    assert response.status_code == 302
    # (through the reply's permalink, which finds the page of a long thread it is on: issue 14)
    assert response["Location"] == f"/board/replies/{loop['reply'].pk}/"
    assert client_of(loop["author"]).get(response["Location"])["Location"] == (
        f"{loop['post'].get_absolute_url()}#reply-{loop['reply'].pk}"
    )
    assert Notification.objects.get(user=loop["author"], kind="reply").read_at is not None


def test_unread_entries_come_first_and_can_be_marked_read_one_by_one_or_all(loop):
    client = client_of(loop["author"])
    reply_entry = Notification.objects.get(user=loop["author"], kind="reply")
    response = client.post(f"/members/notifications/{reply_entry.pk}/read/", {"next": "/members/notifications/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/members/notifications/?page=1"
    page = soup(client.get("/members/notifications/"))
    rows = entries(page)
    assert [bool(r.select_one(".unread")) for r in rows] == [True, True, False]  # the read one last
    assert "未読 2件" in page.select_one(".result-count").get_text()
    assert client.post("/members/notifications/read/", {"next": "https://evil.example/"})["Location"] == "/members/notifications/"
    page = soup(client.get("/members/notifications/"))
    assert not page.select(".notice .unread") and "未読の通知はありません" in page.get_text()


def test_the_header_shows_the_unread_count_on_every_page_a_member_sees(loop):
    client = client_of(loop["author"])
    for path in ("/", "/about/", "/events/", "/board/", "/members/", "/members/profile/"):
        link = soup(client.get(path)).select_one(".site-header a[href='/members/notifications/']")
        assert link is not None and link.select_one(".count-badge").get_text() == "3件の未読", path
        assert soup(client.get(path)).select_one(".site-header a[href='/members/']").get_text() == "マイページ"
    client.post("/members/notifications/read/")
    link = soup(client.get("/about/")).select_one(".site-header a[href='/members/notifications/']")
    assert link.select_one(".count-badge") is None


@pytest.mark.parametrize("who", ["anonymous", "pending"])
def test_visitors_and_applicants_have_no_notifications(who):
    client = Client() if who == "anonymous" else client_of(PendingFactory())
    header = soup(client.get("/about/")).select_one(".site-header")
    assert header.select_one("a[href='/members/notifications/']") is None
    assert header.select_one("a[href='/members/']") is None
    response = client.get("/members/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/" if who == "anonymous" else "/members/pending/")


def test_reading_the_thread_reads_its_notifications(loop):
    client = client_of(loop["author"])
    client.get(loop["post"].get_absolute_url())
    assert not Notification.objects.filter(user=loop["author"], read_at__isnull=True).exists()
    assert soup(client.get("/about/")).select_one(".site-header .count-badge") is None


def test_entries_of_posts_hidden_since_are_not_shown_nor_counted(loop):
    watcher = MemberFactory()
    client = client_of(watcher)
    services.post_create(user=loop["officer"], category=Category.objects.get(slug="notice"), title="周知", body="本文")
    from board.models import ThreadWatch

    ThreadWatch.objects.create(user=watcher, post=loop["post"], mode=ThreadWatch.Mode.WATCH)
    services.reply_create(user=loop["officer"], post=loop["post"], body="追記")
    assert len(entries(soup(client.get("/members/notifications/")))) == 1
    hidden = Notification.objects.get(user=watcher)
    services.post_hide(user=SecretariatFactory(), post=loop["post"], reason="確認中")
    page = soup(client.get("/members/notifications/"))
    assert entries(page) == [] and page.select_one(".site-header .count-badge") is None
    assert client.get(f"/members/notifications/{hidden.pk}/").status_code == 404
    # The author still sees the entries of their own hidden post.
    authors = Notification.objects.filter(user=loop["author"]).count()
    assert len(entries(soup(client_of(loop["author"]).get("/members/notifications/")))) == authors == 4


def test_no_one_opens_or_marks_anothers_notification(loop):
    theirs = Notification.objects.get(user=loop["author"], kind="reply")
    intruder = client_of(MemberFactory())
    assert intruder.get(f"/members/notifications/{theirs.pk}/").status_code == 404
    assert intruder.post(f"/members/notifications/{theirs.pk}/read/").status_code == 404
    intruder.post("/members/notifications/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # …not even the Secretariat, whose notification centre is their own too.
    assert client_of(SecretariatFactory()).get(f"/members/notifications/{theirs.pk}/").status_code == 404


def make_entries(user, n: int) -> None:
    """`n` entries of every kind, with actors, organisations, replies and events, as the services write them."""
    event = EventFactory(is_published=True)
    officers = [LiaisonFactory(municipality_id=code) for code in ("131091", "131016", "131237")]
    for i in range(n):
        post = PostFactory(author=user, title=f"提案 {i}")
        officer = officers[i % 3]
        reply = services.reply_create(user=officer, post=post, body=f"返信 {i}")
        if i % 3 == 0:
            services.engagement_mark(user=officer, post=post, ward=officer.municipality.ward, stage="taken_up", note="検討")
        if i % 4 == 0:
            services.post_set_status(user=user, post=post, status="closed")
            services.post_set_status(user=SecretariatFactory(), post=post, status="realised", realised_event=event)
        assert reply


def queries(client, path: str, *, cached: bool = False) -> int:
    if not cached:
        fragments.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_notification_centre_costs_the_same_with_5_or_60_entries(member):
    client = client_of(member)
    make_entries(member, 3)
    small = queries(client, "/members/notifications/")
    make_entries(member, 25)
    assert Notification.objects.filter(user=member).count() > 40  # three pages
    large = queries(client, "/members/notifications/")
    assert large == small <= 10
    assert queries(client, "/members/notifications/?page=2") <= 10
    page = soup(client.get("/members/notifications/?page=99"))  # out of range: the last page
    assert page.select_one(".pagination [aria-current=page]").get_text() == "3"


def test_the_unread_count_costs_no_query_once_counted(member):
    client = client_of(member)
    make_entries(member, 2)
    client.get("/about/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/about/")
    assert not [q for q in ctx.captured_queries if "board_notification" in q["sql"]]
    # A new entry (a board write) or a read mark makes it count again.
    services.reply_create(user=LiaisonFactory(), post=member.board_posts.first(), body="もう一件")
    unread = Notification.objects.filter(user=member, read_at__isnull=True).count()
    assert header_count(client) == f"{unread}件の未読"
    client.post(f"/members/notifications/{Notification.objects.filter(user=member).first().pk}/read/")
    assert header_count(client) == f"{unread - 1}件の未読"


def header_count(client) -> str:
    return soup(client.get("/about/")).select_one(".site-header .count-badge").get_text()

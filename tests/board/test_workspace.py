"""The workspace (/board/mine/): what waits for a ward's officer and for every member, each list with
its count and a link to the index filtered the same way — and what each role must not see there."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from board import services
from board.models import Category, Engagement, Post, ThreadWatch
from core import fragments
from municipalities.models import Ward
from tests.factories import LiaisonFactory, MemberFactory, PendingFactory, PostFactory, ReplyFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def targeting(ward_code: str, *, days_ago: int, **kwargs) -> Post:
    post = PostFactory(created_at=timezone.now() - dt.timedelta(days=days_ago), **kwargs)
    post.target_wards.set([Ward.objects.get(pk=ward_code)])
    return post


@pytest.fixture
def desk():
    """品川区's officer with proposals targeting 品川区: two unanswered, one answered by 区の対応,
    one by a reply, one closed; a notice for 品川区; one for 千代田区 only."""
    officer = LiaisonFactory()
    old = targeting("131091", days_ago=30, title="30日前の提案")
    new = targeting("131091", days_ago=2, title="2日前の提案")
    engaged = targeting("131091", days_ago=10, title="対応済みの提案")
    Engagement.objects.create(post=engaged, ward_id="131091", stage="taken_up", marked_by=officer)
    replied = targeting("131091", days_ago=12, title="返信済みの提案")
    ReplyFactory(post=replied, author=LiaisonFactory(email="colleague@example.jp"))  # another 品川区 officer
    closed = targeting("131091", days_ago=40, title="終了した提案", status=Post.Status.CLOSED)
    notice = targeting("131091", days_ago=5, title="品川区への周知", category=Category.objects.get(slug="notice"))
    chiyoda = targeting("131016", days_ago=3, title="千代田区あての提案")
    return {"officer": officer, "old": old, "new": new, "engaged": engaged, "replied": replied, "closed": closed,
            "notice": notice, "chiyoda": chiyoda}


def section(page, anchor: str):
    return page.select_one(f"section[aria-labelledby={anchor}]")


def titles(node) -> list[str]:
    return [a.get_text() for a in node.select(".thread__title a")] if node else []


def test_an_officer_sees_the_proposals_the_ward_has_not_answered_oldest_first_with_their_age(desk):
    page = soup(client_of(desk["officer"]).get("/board/mine/"))
    assert page.h1.get_text() == "品川区の担当の投稿"
    unanswered = section(page, "unanswered")
    assert titles(unanswered) == ["30日前の提案", "2日前の提案"]
    assert [b.get_text() for b in unanswered.select(".badge--accent")] == ["30日経過", "2日経過"]
    assert unanswered.h2.get_text() == "品川区が未回答の提案（2件）"
    targeted = section(page, "ward")
    assert set(titles(targeted)) == {"30日前の提案", "2日前の提案", "対応済みの提案", "返信済みの提案", "終了した提案", "品川区への周知"}
    assert "千代田区あての提案" not in page.get_text()


@pytest.mark.parametrize("show", ["unanswered", "ward"])
def test_each_list_links_to_the_index_filtered_the_same_way_with_the_same_count(desk, show):
    client = client_of(desk["officer"])
    page = soup(client.get("/board/mine/"))
    block = section(page, show)
    link = block.find("a", href=f"/board/?show={show}")
    count = int(block.h2.get_text().rsplit("（", 1)[1].rstrip("件）"))
    index = soup(client.get(link["href"]))
    assert index.select_one(".result-count").get_text().startswith(f"{count}件")
    assert sorted(titles(index)) == sorted(t for t in titles(block))


def test_answering_takes_a_proposal_off_the_unanswered_list(desk):
    officer = desk["officer"]
    services.reply_create(user=officer, post=desk["new"], body="品川区です。検討します。")
    services.engagement_mark(user=officer, post=desk["old"], ward=Ward.objects.get(pk="131091"), stage="taken_up")
    page = soup(client_of(officer).get("/board/mine/"))
    assert titles(section(page, "unanswered")) == []
    assert "未回答の提案はありません。" in section(page, "unanswered").get_text()


def test_watched_threads_with_unread_replies_and_ones_own_posts(desk):
    member = MemberFactory()
    PostFactory(author=member, title="自分の提案")
    watched = PostFactory(title="ウォッチ中の提案")
    read = PostFactory(title="既読のウォッチ中の提案")
    for post in (watched, read):
        ThreadWatch.objects.create(user=member, post=post, mode=ThreadWatch.Mode.WATCH)
    client = client_of(member)
    client.get(read.get_absolute_url())  # read as it is now
    services.reply_create(user=desk["officer"], post=watched, body="返信")
    page = soup(client.get("/board/mine/"))
    assert page.h1.get_text() == "自分の投稿"
    assert titles(section(page, "watched")) == ["ウォッチ中の提案"]
    assert titles(section(page, "mine")) == ["自分の提案"]
    index = soup(client.get(section(page, "watched").find("a", href="/board/?show=watched")["href"]))
    assert set(titles(index)) == {"ウォッチ中の提案", "既読のウォッチ中の提案"}
    assert titles(soup(client.get("/board/?show=mine"))) == ["自分の提案"]


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_members_and_the_secretariat_have_no_ward_lists(desk, who):
    user = MemberFactory() if who == "member" else SecretariatFactory()
    client = client_of(user)
    page = soup(client.get("/board/mine/"))
    assert section(page, "unanswered") is None and section(page, "ward") is None
    assert "30日前の提案" not in page.get_text()
    # Nor can they ask the index for a ward's list: the filter is not theirs (dropped, said so).
    index = soup(client.get("/board/?show=unanswered"))
    assert index.select_one(".filters .errorlist") is not None
    assert index.select_one(".result-count").get_text().startswith(f"{Post.objects.filter(is_hidden=False).count()}件")


def test_another_wards_officer_sees_their_own_wards_lists(desk):
    chiyoda = LiaisonFactory(municipality_id="131016")
    page = soup(client_of(chiyoda).get("/board/mine/"))
    assert page.h1.get_text() == "千代田区の担当の投稿"
    assert titles(section(page, "unanswered")) == ["千代田区あての提案"]


def test_a_personal_list_is_never_served_to_another_member_from_the_cache():
    first, second = MemberFactory(), MemberFactory()
    PostFactory(author=first, title="一人目の投稿")
    PostFactory(author=second, title="二人目の投稿")
    assert titles(soup(client_of(first).get("/board/?show=mine"))) == ["一人目の投稿"]
    assert titles(soup(client_of(second).get("/board/?show=mine"))) == ["二人目の投稿"]


@pytest.mark.parametrize(("who", "expected"), [("anonymous", "/accounts/login/"), ("pending", "/members/pending/")])
def test_the_workspace_is_for_members_only(who, expected):
    client = Client() if who == "anonymous" else client_of(PendingFactory())
    response = client.get("/board/mine/")
    assert response.status_code == 302 and response["Location"].startswith(expected)


def queries(client, path: str) -> int:
    fragments.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_workspace_costs_the_same_with_few_or_many_posts():
    officer = LiaisonFactory()
    client = client_of(officer)

    def make(n: int) -> None:
        for i in range(n):
            post = targeting("131091", days_ago=i, author=MemberFactory())
            ThreadWatch.objects.create(user=officer, post=post, mode=ThreadWatch.Mode.WATCH)
            services.reply_create(user=MemberFactory(), post=post, body="返信")
            PostFactory(author=officer)

    make(2)
    small = queries(client, "/board/mine/")
    make(30)
    large = queries(client, "/board/mine/")
    assert large == small <= 17  # (two of them the calls and requests closing soon: issue 14)

"""Board pages cost a fixed number of queries, whatever the number of posts, replies and files."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import fragments
from municipalities.models import Ward
from tests.factories import AttachmentFactory, LiaisonFactory, MemberFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def queries(client, path: str, *, cached_rows: bool = False) -> int:
    """Queries of one render; by default with no cached rows (core/fragments.py), i.e. the most."""
    if not cached_rows:
        fragments.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def make_posts(n: int) -> None:
    wards = list(Ward.objects.all()[:3])
    authors = [MemberFactory(municipality_id=code) for code in ("182109", "011002", "261009")]
    for i in range(n):
        post = PostFactory(author=authors[i % 3], reply_count=i)
        post.target_wards.set(wards[: i % 4])


def test_index_query_count_does_not_grow(member_client):
    make_posts(5)
    small = queries(member_client, "/board/")
    make_posts(55)
    large = queries(member_client, "/board/")
    assert large == small
    # 15: with nothing cached; one of them is the header's unread count (kept under the versions
    # of the board and of the notifications after: see test_the_unread_count_costs_no_query_once_counted),
    # one the page's answer counts (区の回答, one query whatever the page holds).
    assert large <= 15
    assert queries(member_client, "/board/?page=3&q=提案&ward=131091") <= 16


def make_replies(post, n: int) -> None:
    officers = [LiaisonFactory(municipality_id=code) for code in ("131091", "131016", "131237")]
    for i in range(n):
        reply = ReplyFactory(post=post, author=officers[i % 3])
        if i % 10 == 0:
            AttachmentFactory(post=None, reply=reply, uploaded_by=reply.author)


def test_thread_with_200_replies_costs_the_same_as_with_5(member_client, member):
    post = PostFactory(author=member)
    AttachmentFactory(post=post)
    make_replies(post, 5)
    member_client.get(post.get_absolute_url())  # the first visit also records the read mark
    small = queries(member_client, post.get_absolute_url())
    make_replies(post, 195)
    large = queries(member_client, post.get_absolute_url())
    assert large == small
    assert large <= 25
    # Once its shared parts are cached (board/cache.py), the thread loads neither its head nor its
    # replies: session, user, board version, own replies?, read mark (2), watch, footer…
    assert queries(member_client, post.get_absolute_url(), cached_rows=True) <= 9


def test_thread_for_the_secretariat_and_a_liaison_is_bounded_too(secretariat_client, liaison_client):
    post = PostFactory()
    make_replies(post, 30)
    assert queries(secretariat_client, post.get_absolute_url()) <= 30
    assert queries(liaison_client, post.get_absolute_url()) <= 30


def test_the_index_costs_the_same_with_deadlines_and_answers_as_without(member_client):
    import datetime as dt

    from django.utils import timezone

    from board.models import Category, WardAnswer

    make_posts(20)
    plain = queries(member_client, "/board/")
    pamphlet = Category.objects.get(slug="pamphlet")
    officer = LiaisonFactory()
    wards = list(Ward.objects.all()[:5])
    for i in range(20):
        post = PostFactory(category=pamphlet, deadline=timezone.localdate() + dt.timedelta(days=i))
        WardAnswer.objects.bulk_create(
            WardAnswer(post=post, ward=ward, response="yes", copies=100, answered_by=officer) for ward in wards[: i % 6]
        )
    response = member_client.get("/board/")
    assert "区の回答 5区（計500部）" in response.content.decode()
    assert "締切まであと" in response.content.decode()
    assert queries(member_client, "/board/") == plain

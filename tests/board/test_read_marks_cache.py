"""A member's read marks kept under their own version (core.caching.READS): the index's unread
markers follow the member's reading at once, and nobody else's reading costs them a query."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from board.models import Post, ReadMark
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def _unread_titles(client) -> set[str]:
    soup = BeautifulSoup(client.get("/board/").content, "html.parser")
    return {a.get_text(strip=True) for a in soup.select(".thread--unread .thread__title a")}


def _readmark_queries(client, path="/board/") -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if 'FROM "board_readmark"' in q["sql"]]


def test_the_index_reads_the_marks_once_until_the_member_reads_something(member_client):
    post = PostFactory(title="既読の確認用の投稿")
    assert "既読の確認用の投稿" in _unread_titles(member_client)
    assert not _readmark_queries(member_client)  # kept

    member_client.get(post.get_absolute_url())  # reading writes the mark, and bumps the version

    assert "既読の確認用の投稿" not in _unread_titles(member_client)


def test_a_mark_moved_by_new_activity_shows_at_once(member, member_client):
    post = PostFactory(title="新しい動きのある投稿")
    ReadMark.objects.create(user=member, post=post, read_at=timezone.now() - dt.timedelta(days=1))
    Post.objects.filter(pk=post.pk).update(last_activity_at=timezone.now() - dt.timedelta(hours=1))
    from core.caching import BOARD

    BOARD.bump()
    assert "新しい動きのある投稿" in _unread_titles(member_client)
    member_client.get(post.get_absolute_url())  # moves the mark with update(): no signal
    assert "新しい動きのある投稿" not in _unread_titles(member_client)


def test_another_members_reading_costs_nothing_here(member_client, liaison_client):
    post = PostFactory()
    member_client.get("/board/")
    liaison_client.get(post.get_absolute_url())  # the officer's own mark
    assert not _readmark_queries(member_client)
    assert post.title in _unread_titles(member_client)

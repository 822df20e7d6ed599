"""The board's shared page parts (board/cache.py): one member's view is never served to another who
may not see it, and every change shows on the next request."""

from __future__ import annotations

import pytest
from django.db.models.signals import post_save
from django.test import Client

from board import services
from board.models import Category, Post
from core.caching import BOARD
from tests.factories import EventFactory, LiaisonFactory, MemberFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("first", ["author", "member", "secretariat"])
def test_a_hidden_post_is_listed_for_its_author_and_the_secretariat_only_whoever_looked_first(first, secretariat):
    author = MemberFactory()
    post = PostFactory(author=author, title="非表示にされた提案")
    PostFactory(title="ふつうの提案")
    services.post_hide(user=secretariat, post=post)
    clients = {"author": client_for(author), "member": client_for(MemberFactory()), "secretariat": client_for(secretariat)}
    order = [first, *(name for name in clients if name != first)]
    for name in order + order:  # each twice, so that every one may be served from the cache
        index = clients[name].get("/board/").text
        assert "ふつうの提案" in index
        assert ("非表示にされた提案" in index) is (name != "member"), name
        status = clients[name].get(post.get_absolute_url()).status_code
        assert status == (404 if name == "member" else 200), name


def test_a_thread_shows_a_new_reply_and_the_index_a_new_post_at_once(member_client):
    post = PostFactory()
    member_client.get(post.get_absolute_url())
    member_client.get("/board/")
    ReplyFactory(post=post, body="新しい返信です")
    PostFactory(title="新しい投稿です")
    assert "新しい返信です" in member_client.get(post.get_absolute_url()).text
    assert "新しい投稿です" in member_client.get("/board/").text


def test_thread_head_follows_edits_status_and_the_realised_events_title(member_client):
    author = MemberFactory()
    post = PostFactory(author=author, title="最初の件名")
    url = post.get_absolute_url()
    assert "最初の件名" in member_client.get(url).text
    services.post_update(user=author, post=Post.objects.get(pk=post.pk), title="直した件名", body="直した本文")
    assert "直した件名" in member_client.get(url).text
    event = EventFactory(title="実現した展示")
    services.post_set_status(user=author, post=Post.objects.get(pk=post.pk), status="realised", realised_event=event)
    assert "実現した展示" in member_client.get(url).text
    event.title = "名前を変えた展示"
    event.save()
    assert "名前を変えた展示" in member_client.get(url).text


def test_a_category_renamed_in_the_admin_shows_on_the_index(member_client):
    PostFactory(category=Category.objects.get(slug="proposal"))
    before = Category.objects.get(slug="proposal").name
    assert before in member_client.get("/board/").text
    Category.objects.filter(slug="proposal").update(name="連携のご提案")  # as the admin would, but…
    category = Category.objects.get(slug="proposal")
    category.save()  # …the admin saves through the model: that is what the cache follows
    assert "連携のご提案" in member_client.get("/board/").text


def test_a_login_does_not_throw_the_shared_parts_away(member_client):
    officer = LiaisonFactory(password="pass-word-123")
    member_client.get("/board/")
    version = BOARD.version()
    assert Client().login(email=officer.email, password="pass-word-123")
    assert BOARD.version() == version


def test_search_results_follow_a_new_matching_post(member_client):
    assert "京都の物産展" not in member_client.get("/board/?q=京都").text
    PostFactory(title="京都の物産展")
    assert "京都の物産展" in member_client.get("/board/?q=京都").text


def test_a_migrations_historical_models_do_not_touch_the_cache():
    # Data migrations save through historical models, possibly before the cache table exists.
    from django.apps import apps as django_apps
    from django.db.migrations.state import ProjectState

    historical = ProjectState.from_apps(django_apps).apps.get_model("board", "Category")
    assert historical.__module__ == "__fake__"
    version = BOARD.version()
    post_save.send(sender=historical, instance=None, created=True)
    assert BOARD.version() == version
    Category.objects.first().save()
    assert BOARD.version() != version

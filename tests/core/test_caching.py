"""The versioned cache (core/caching.py): fresh versions, bumps declared by the apps, no resurrection."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command

from board import services
from board.models import Post, Reply
from core import caching
from core.caching import BOARD, CONTENT
from events.models import Event
from municipalities.models import Municipality
from portal.models import NewsItem, User
from tests.factories import MemberFactory, PostFactory, SecretariatFactory


def test_a_missing_version_becomes_a_fresh_token_never_a_constant():
    cache.clear()
    first = CONTENT.version()
    assert first == CONTENT.version()  # stored: read back the same
    cache.clear()
    assert CONTENT.version() != first


def test_bump_gives_a_new_version_to_its_namespace_only():
    board, content = BOARD.version(), CONTENT.version()
    BOARD.bump()
    assert BOARD.version() != board
    assert CONTENT.version() == content


def test_a_request_reads_every_namespace_once(rf, django_assert_num_queries):
    request = rf.get("/")
    board = BOARD.version_for(request)
    BOARD.bump()
    assert BOARD.version_for(request) == board  # the request keeps what it first read
    assert CONTENT.version_for(request) == request._cache_versions["content"]


def test_get_or_build_keeps_a_value_until_the_version_moves():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert CONTENT.get_or_build(("figure",), build) == 1
    assert CONTENT.get_or_build(("figure",), build) == 1
    CONTENT.bump()
    assert CONTENT.get_or_build(("figure",), build) == 2


@pytest.mark.parametrize(
    ("namespace", "model", "watched"),
    [
        (CONTENT, Event, True),
        (CONTENT, Municipality, True),
        (CONTENT, NewsItem, True),
        (CONTENT, User, False),  # saved at every login, shown on no public page
        (CONTENT, Post, False),  # members-only
        (BOARD, Post, True),
        (BOARD, Reply, True),
        (BOARD, Municipality, True),  # organisation names on every row
        (BOARD, Event, True),  # the event a proposal became
        (BOARD, NewsItem, False),
    ],
)
def test_each_app_declares_what_bumps_which_namespace(namespace, model, watched):
    assert namespace.watches(model) is watched


def test_saving_a_public_model_bumps_content_and_a_login_bumps_neither(db):
    before = CONTENT.version()
    Event.objects.order_by("pk").first().save()
    assert CONTENT.version() != before
    user = MemberFactory()
    board, content = BOARD.version(), CONTENT.version()
    user.save(update_fields=["last_login"])
    assert (BOARD.version(), CONTENT.version()) == (board, content)


@pytest.mark.django_db
def test_a_post_hidden_before_a_seed_load_stays_hidden_for_every_member(client):
    """Regression: `load_seed` empties the cache; with a constant 0 for a missing version, board parts
    cached under 0 before the hide became valid again."""
    post = PostFactory(title="あとで非表示にする投稿")
    reader = MemberFactory()
    client.force_login(reader)
    assert "あとで非表示にする投稿" in client.get("/board/").text  # cached under the first version
    cache.clear()  # as `load_seed` does
    client.get("/board/")  # cached again, under a new version
    services.post_hide(user=SecretariatFactory(), post=post, reason="テスト")
    caching.clear_all()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for member in (reader, MemberFactory()):
        client.force_login(member)
        assert "あとで非表示にする投稿" not in client.get("/board/").text
        assert client.get(post.get_absolute_url()).status_code == 404

"""Cached rows of the board (core/fragments.py) are never stale and never carry another viewer's controls."""

from __future__ import annotations

import pytest
from django.test import Client

from board import services
from board.models import Post
from tests.factories import LiaisonFactory, MemberFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reply_li(html: str, reply) -> str:
    start = html.index(f'id="reply-{reply.pk}"')
    return html[start : html.index("</li>", start)]


def test_an_edited_reply_is_shown_edited_to_every_member(member_client):
    officer = LiaisonFactory()
    post = PostFactory()
    reply = ReplyFactory(post=post, author=officer, body="最初の文面")
    url = post.get_absolute_url()
    assert "最初の文面" in member_client.get(url).text  # rendered and cached

    services.reply_update(user=officer, reply=reply, body="書き直した文面")

    text = member_client.get(url).text
    assert "書き直した文面" in text
    assert "最初の文面" not in text


def test_a_renamed_author_is_shown_renamed(member_client):
    officer = LiaisonFactory(full_name="品川 花子")
    post = PostFactory()
    ReplyFactory(post=post, author=officer)
    url = post.get_absolute_url()
    assert "品川 花子" in member_client.get(url).text

    officer.full_name = "大井 花子"
    officer.save()

    text = member_client.get(url).text
    assert "大井 花子" in text
    assert "品川 花子" not in text


def test_a_reply_hidden_by_the_secretariat_disappears_for_members(member_client, secretariat):
    post = PostFactory()
    reply = ReplyFactory(post=post, body="不適切な書き込み")
    url = post.get_absolute_url()
    assert "不適切な書き込み" in member_client.get(url).text

    services.reply_hide(user=secretariat, reply=reply)

    assert "不適切な書き込み" not in member_client.get(url).text


def test_edit_links_only_on_ones_own_replies_whoever_rendered_them_first(member_client):
    officer = LiaisonFactory()
    post = PostFactory()
    reply = ReplyFactory(post=post, author=officer)
    url = post.get_absolute_url()
    edit = f"/board/replies/{reply.pk}/edit/"

    # A member renders the reply first: no edit link for them, and none cached for its author.
    assert edit not in reply_li(member_client.get(url).text, reply)
    assert edit in reply_li(client_for(officer).get(url).text, reply)
    # …and the author's version (with links) is not served to the next member.
    assert edit not in reply_li(client_for(MemberFactory()).get(url).text, reply)


def test_moderation_buttons_only_for_the_secretariat(member_client, secretariat_client):
    post = PostFactory()
    reply = ReplyFactory(post=post)
    url = post.get_absolute_url()
    assert 'value="hide_reply"' in reply_li(secretariat_client.get(url).text, reply)
    assert 'value="hide_reply"' not in reply_li(member_client.get(url).text, reply)
    assert "csrfmiddlewaretoken" not in reply_li(member_client.get(url).text, reply)


def test_index_rows_follow_new_replies_and_each_members_unread_mark(member, member_client):
    post = PostFactory(title="区との共同イベントの相談")
    other = client_for(MemberFactory())
    assert "未読" in other.get("/board/").text
    member_client.get(post.get_absolute_url())  # read: no mark for this member
    row = lambda html: html[html.index("区との共同イベントの相談") - 600 : html.index("区との共同イベントの相談") + 600]  # noqa: E731
    assert "未読" not in row(member_client.get("/board/").text)
    assert "未読" in row(other.get("/board/").text)

    services.reply_create(user=LiaisonFactory(), post=Post.objects.get(pk=post.pk), body="返信します", files=[])

    index = member_client.get("/board/").text
    assert "返信 1件" in row(index)
    assert "未読" in row(index)  # new activity since the member read it


def test_the_cached_filter_form_shows_each_request_its_own_values(member_client):
    member_client.get("/board/?q=観光&prefecture=01")  # rendered and cached with these values
    html = member_client.get("/board/?q=連携").text
    assert 'value="連携"' in html
    assert 'value="観光"' not in html
    assert '<option value="01" selected>' not in html
    assert '<option value="01" selected>' in member_client.get("/board/?prefecture=01").text


def test_a_category_added_in_the_admin_is_offered_once_the_choices_are_re_read(member_client, monkeypatch):
    from board.models import Category
    from core import fragments

    assert "新しい分類" not in member_client.get("/board/").text
    Category.objects.create(slug="new-kind", name="新しい分類", sort_order=99)
    monkeypatch.setattr(fragments, "CHOICES_TTL", 0)  # the minute has passed
    assert '<option value="new-kind">新しい分類</option>' in member_client.get("/board/").text


def test_a_thread_seen_twice_by_a_member_with_own_replies_keeps_their_edit_links(member_client, member):
    post = PostFactory()
    ReplyFactory(post=post, author=LiaisonFactory())
    own = ReplyFactory(post=post, author=member)
    other = client_for(MemberFactory())
    for client in (other, member_client, other, member_client):
        html = client.get(post.get_absolute_url()).text
        assert (f"/board/replies/{own.pk}/edit/" in html) is (client is member_client)

"""Long threads: replies 50 a page with the post on every page, permalinks across pages, 「最初の未読へ」
from the thread and the index, read marks that follow what was shown, and 「引用して返信」."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from board import services
from board.models import Post, ReadMark, Reply
from core import fragments
from core.caching import BOARD, NOTICES
from tests.factories import LiaisonFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def thread_with(n: int, *, author=None) -> tuple[Post, list[Reply]]:
    """A thread with `n` replies a minute apart (bulk: no signals, so the board version is bumped)."""
    post = PostFactory(**({"author": author} if author else {}))
    officers = [LiaisonFactory(municipality_id=code) for code in ("131091", "131016")]
    start = timezone.now() - dt.timedelta(days=2)
    Reply.objects.bulk_create(
        Reply(post=post, author=officers[i % 2], organization_id=officers[i % 2].municipality_id,
              body=f"返信その{i + 1}", body_html=f"<p>返信その{i + 1}</p>", created_at=start + dt.timedelta(minutes=i))
        for i in range(n)
    )
    Post.objects.filter(pk=post.pk).update(reply_count=n, last_activity_at=start + dt.timedelta(minutes=n))
    BOARD.bump()
    post.refresh_from_db()
    return post, list(post.replies.order_by("created_at", "pk"))


def numbers(page) -> list[str]:
    return [a.get_text() for a in page.select(".replies .reply__number")]


def test_replies_come_fifty_a_page_with_the_post_on_every_page(member_client):
    post, replies = thread_with(120)
    first = soup(member_client.get(post.get_absolute_url()))
    assert numbers(first)[0] == "#1" and numbers(first)[-1] == "#50"
    assert first.select_one("h1").get_text() == post.title
    assert first.select_one(".post__body")
    third = soup(member_client.get(f"{post.get_absolute_url()}?page=3"))
    assert numbers(third) == [f"#{n}" for n in range(101, 121)]
    assert third.select_one("h1").get_text() == post.title and third.select_one(".post__body")
    assert third.select_one("ol.replies")["start"] == "101"
    assert "返信120件中 101〜120件目" in third.select_one(".reply-pages").get_text()
    # Page links follow the rendered pagination (to the replies' heading).
    link = first.select_one(".reply-pages a[rel=next]")["href"]
    assert link.endswith("#replies-title") and "page=2" in link
    assert numbers(soup(member_client.get(post.get_absolute_url() + link.split("#")[0])))[0] == "#51"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "9999999999999", "1e3", "２"])
def test_a_strange_page_number_shows_the_nearest_page(member_client, page):
    post, _ = thread_with(60)
    response = member_client.get(f"{post.get_absolute_url()}?page={page}")
    assert response.status_code == 200
    assert numbers(soup(response))[0] in ("#1", "#51")


def test_a_permalink_opens_the_page_of_the_reply_at_it(member_client):
    post, replies = thread_with(130)
    reply = replies[119]  # reply 120 → page 3
    page = soup(member_client.get(post.get_absolute_url() + "?page=3"))
    link = page.select_one(f"#reply-{reply.pk} .reply__number")["href"]
    response = member_client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}?page=3#reply-{reply.pk}"
    target = soup(member_client.get(response["Location"].split("#")[0]))
    assert target.select_one(f"#reply-{reply.pk} .reply__number").get_text() == "#120"


def test_a_hidden_reply_has_no_permalink_for_other_members(member_client, secretariat):
    post, replies = thread_with(3)
    services.reply_hide(user=secretariat, reply=replies[1])
    assert member_client.get(f"/board/replies/{replies[1].pk}/").status_code == 404
    # …and the numbers close up for members: the third reply is 「#2」 for them.
    assert numbers(soup(member_client.get(post.get_absolute_url()))) == ["#1", "#2"]


def test_first_unread_lands_on_the_right_page_and_reply(member, member_client):
    post, replies = thread_with(200)
    ReadMark.objects.create(user=member, post=post, read_at=replies[129].created_at)  # read up to 130
    index = soup(member_client.get("/board/"))
    link = index.select_one(".thread--unread .thread__title a")["href"]
    assert link == f"/board/{post.pk}/unread/"
    response = member_client.get(link)
    assert response["Location"] == f"{post.get_absolute_url()}?page=3#reply-{replies[130].pk}"
    page = soup(member_client.get(post.get_absolute_url()))
    jump = page.select_one(".unread-jump a")
    assert jump.get_text() == "最初の未読へ（131件目の返信）"
    assert member_client.get(jump["href"])["Location"] == response["Location"]


def test_reading_page_one_does_not_mark_the_later_pages_read(member, member_client):
    post, replies = thread_with(120)
    member_client.get(post.get_absolute_url())
    mark = ReadMark.objects.get(user=member, post=post).read_at
    assert mark == replies[49].created_at  # the last reply shown
    assert "thread--unread" in member_client.get("/board/").content.decode()
    assert member_client.get(f"/board/{post.pk}/unread/")["Location"].endswith(f"?page=2#reply-{replies[50].pk}")
    member_client.get(post.get_absolute_url() + "?page=3")  # the last page: everything read
    assert ReadMark.objects.get(user=member, post=post).read_at >= post.last_activity_at
    assert "thread--unread" not in member_client.get("/board/").content.decode()
    # Going back to page 1 does not move the mark back.
    member_client.get(post.get_absolute_url())
    assert ReadMark.objects.get(user=member, post=post).read_at >= post.last_activity_at


def test_first_unread_of_a_thread_never_opened_is_its_top(member_client):
    post, _ = thread_with(3)
    assert member_client.get(f"/board/{post.pk}/unread/")["Location"] == post.get_absolute_url()


def test_a_new_reply_goes_to_the_last_page(liaison_client):
    post, _ = thread_with(55)
    response = liaison_client.post(f"/board/{post.pk}/reply/", {"body": "56件目の返信です"})
    reply = Reply.objects.get(body="56件目の返信です")
    assert response["Location"] == f"{post.get_absolute_url()}?page=2#reply-{reply.pk}"


def queries(client, path: str) -> int:
    fragments.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_thread_page_costs_the_same_for_60_and_600_replies(member):
    client = client_for(member)
    small, _ = thread_with(60, author=member)
    large, _ = thread_with(600, author=member)
    for post in (small, large):
        client.get(post.get_absolute_url())  # the first visit records the read mark
    for page in ("", "?page=2"):
        assert queries(client, small.get_absolute_url() + page) == queries(client, large.get_absolute_url() + page)
    assert queries(client, large.get_absolute_url() + "?page=12") <= 25


# ---- Quoting ----

def test_quote_and_reply_prefills_the_form_on_the_quoted_replys_page(member_client):
    post, replies = thread_with(70)
    quoted = replies[59]  # reply 60, on page 2
    first = soup(member_client.get(post.get_absolute_url() + "?page=2"))
    link = first.select_one(f"#reply-{quoted.pk} .reply__actions a[href*=quote]")["href"]
    assert link.endswith("#id_body")
    page = soup(member_client.get(link.split("#")[0]))
    assert page.select_one(f"#reply-{quoted.pk}")  # the page the quoted reply is on
    body = page.select_one("form[action$='/reply/'] #id_body").get_text()
    assert body.lstrip("\n").startswith("> ")
    assert "（60件目の返信）より" in body and "> 返信その60" in body


def test_a_long_reply_is_quoted_shortened(member_client):
    post = PostFactory()
    reply = services.reply_create(user=LiaisonFactory(), post=post, body="あ" * 5000)
    body = soup(member_client.get(f"{post.get_absolute_url()}?quote={reply.pk}")).select_one("#id_body").get_text()
    assert len(body) < 1200 and body.rstrip().endswith("…")


def test_a_hidden_reply_cannot_be_quoted_and_its_text_does_not_leak(member_client, secretariat):
    post, replies = thread_with(2)
    secret = replies[0]
    Reply.objects.filter(pk=secret.pk).update(body="削除されるべき個人情報 090-0000-0000")
    services.reply_hide(user=secretariat, reply=Reply.objects.get(pk=secret.pk))
    response = member_client.get(f"{post.get_absolute_url()}?quote={secret.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "090-0000-0000" not in text and "削除されるべき個人情報" not in text
    assert "引用する返信が見つかりません" in text
    assert soup(response).select_one("#id_body").get_text().strip() == ""


@pytest.mark.parametrize("value", ["abc", "-1", "", "99999999999999999999999", "1 OR 1=1"])
def test_a_quote_of_nothing_shows_the_thread_with_an_empty_form(member_client, value):
    post, _ = thread_with(1)
    response = member_client.get(f"{post.get_absolute_url()}?quote={value}")
    assert response.status_code == 200
    assert soup(response).select_one("#id_body").get_text().strip() == ""


def test_a_reply_of_another_thread_is_not_quoted_here(member_client):
    post, _ = thread_with(1)
    other, replies = thread_with(1)
    page = soup(member_client.get(f"{post.get_absolute_url()}?quote={replies[0].pk}"))
    assert page.select_one("#id_body").get_text().strip() == ""


def test_a_locked_thread_offers_no_quote_button(member_client, secretariat):
    post, replies = thread_with(1)
    services.post_lock(user=secretariat, post=post)
    page = soup(member_client.get(post.get_absolute_url()))
    assert not page.select(".reply__actions a[href*=quote]")
    assert client_for(MemberFactory()).get(post.get_absolute_url()).status_code == 200


def test_ids_in_the_markup_are_never_written_with_thousands_separators(member_client, secretariat_client):
    # The portal formats numbers with separators (USE_THOUSAND_SEPARATOR): 1,763 in an id or a
    # form value would break the anchors of permalinks, the quote link and the moderation button.
    post, replies = thread_with(2)
    reply = replies[0]
    Reply.objects.filter(pk=reply.pk).update(id=123456)
    BOARD.bump()
    for client in (member_client, secretariat_client):
        page = soup(client.get(post.get_absolute_url()))
        assert page.select_one("#reply-123456 .reply__actions a[href$='?quote=123456#id_body']")
    hidden = soup(secretariat_client.get(post.get_absolute_url())).select_one("#reply-123456 input[name=reply]")
    assert hidden["value"] == "123456"
    assert member_client.get("/board/replies/123456/")["Location"].endswith("#reply-123456")


def test_the_first_unread_reply_follows_a_reply_hidden_since(member, member_client, secretariat):
    # Read up to 130 of 200: page 1 does not move the mark, so the position is kept between visits
    # (board/cache.py); hiding the reply it names moves it on.
    post, replies = thread_with(200)
    ReadMark.objects.create(user=member, post=post, read_at=replies[129].created_at)
    for _ in range(2):
        jump = soup(member_client.get(post.get_absolute_url())).select_one(".unread-jump a")
        assert jump.get_text() == "最初の未読へ（131件目の返信）"
    services.reply_hide(user=secretariat, reply=replies[130])
    jump = soup(member_client.get(post.get_absolute_url())).select_one(".unread-jump a")
    assert jump.get_text() == "最初の未読へ（131件目の返信）"  # the next reply is the 131st now
    assert member_client.get(jump["href"])["Location"].endswith(f"#reply-{replies[131].pk}")


def test_opening_a_thread_writes_nothing_for_notifications_about_other_threads(member, member_client):
    from board.models import Notification

    post, _ = thread_with(3)
    other = PostFactory()
    Notification.objects.create(user=member, post=other, kind=Notification.Kind.NEW_POST)
    NOTICES.bump()
    member_client.get("/board/")  # the header counts the unread entry
    with CaptureQueriesContext(connection) as ctx:
        assert member_client.get(post.get_absolute_url()).status_code == 200
    assert not [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "board_notification"')]
    assert Notification.objects.get(post=other).read_at is None

    # Its own entries are marked read when it is opened (written as board/notifications.py does:
    # with the NOTICES version bumped).
    Notification.objects.create(user=member, post=post, kind=Notification.Kind.REPLY)
    NOTICES.bump()
    member_client.get(post.get_absolute_url())
    assert Notification.objects.get(post=post).read_at is not None
    assert Notification.objects.get(post=other).read_at is None

"""The e-mails' one-click unsubscribe (RFC 8058): a signed link that needs no login, turns off exactly
one setting, asks before doing it on a GET, is rejected when altered and expires."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from board import services, unsubscribe
from board.models import Category, CategorySubscription, TopicSubscription
from municipalities.models import Ward
from tests.factories import LiaisonFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return urlsplit(url).path


def token_of(url: str) -> str:
    return path_of(url).rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def follower():
    member = MemberFactory()
    for category in Category.objects.all():
        CategorySubscription.objects.create(user=member, category=category, mode="each")
    return member


def mail_for(user, django_capture_on_commit_callbacks, *, slug="notice"):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(user=LiaisonFactory(), category=Category.objects.get(slug=slug), title="周知です", body="本文")
    return next(m for m in mail.outbox if m.to == [user.email])


def modes(user) -> dict[str, str]:
    return dict(CategorySubscription.objects.filter(user=user).values_list("category__slug", "mode"))


def test_the_header_link_works_without_a_session_and_changes_only_that_category(follower, django_capture_on_commit_callbacks):
    message = mail_for(follower, django_capture_on_commit_callbacks)
    link = path_of(message.extra_headers["List-Unsubscribe"][1:-1])
    anonymous = Client()
    # A GET (a mail program scanning links, or the member clicking) only asks.
    page = anonymous.get(link)
    assert page.status_code == 200
    assert "「施策・事業の周知」の新しい投稿のメール" in BeautifulSoup(page.content, "html.parser").get_text()
    assert modes(follower)["notice"] == "each"
    # The one-click POST of RFC 8058, as a mail program sends it: no session, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    after = modes(follower)
    assert after.pop("notice") == "none"
    assert set(after.values()) == {"each"}  # every other category as it was


def test_a_reply_mails_link_turns_off_only_the_own_posts_mail(django_capture_on_commit_callbacks):
    author = MemberFactory()
    post = PostFactory(author=author)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(user=LiaisonFactory(), post=post, body="返信")
    message = next(m for m in mail.outbox if m.to == [author.email])
    Client().post(path_of(message.extra_headers["List-Unsubscribe"][1:-1]))
    assert dict(TopicSubscription.objects.filter(user=author).values_list("topic", "mode")) == {"own": "none"}
    assert not CategorySubscription.objects.filter(user=author).exists()


def test_a_targeted_officers_link_turns_off_the_ward_mail(django_capture_on_commit_callbacks):
    officer = LiaisonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(
            user=MemberFactory(), category=Category.objects.get(slug="proposal"), title="提案", body="本文",
            target_wards=[Ward.objects.get(pk="131091")],
        )
    message = next(m for m in mail.outbox if m.to == [officer.email])
    Client().post(path_of(message.extra_headers["List-Unsubscribe"][1:-1]))
    assert TopicSubscription.objects.get(user=officer).topic == "ward"


def test_the_digest_link_stops_the_digest_and_nothing_else():
    member = MemberFactory()
    proposal, notice = Category.objects.get(slug="proposal"), Category.objects.get(slug="notice")
    CategorySubscription.objects.create(user=member, category=proposal, mode="digest")
    CategorySubscription.objects.create(user=member, category=notice, mode="each")
    TopicSubscription.objects.create(user=member, topic="watched", mode="digest")
    Client().post(path_of(unsubscribe.url_for(user_id=member.pk, setting=("digest",))))
    assert modes(member) == {"proposal": "none", "notice": "each"}
    assert TopicSubscription.objects.get(user=member).mode == "none"


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # the signature
    lambda t: t[:3] + ("x" if t[3] != "x" else "y") + t[4:],  # the payload
    lambda t: "garbage",
    lambda t: t * 200,  # very long
    lambda t: "%E2%80%AE" + t,  # a bidi control in front
])
def test_an_altered_link_is_rejected_and_changes_nothing(follower, tamper):
    token = token_of(unsubscribe.url_for(user_id=follower.pk, setting=("category", Category.objects.get(slug="notice").pk)))
    response = Client().post(f"/board/unsubscribe/{tamper(token)}/")
    assert response.status_code == 400
    assert "このリンクは使えません" in response.content.decode()
    assert set(modes(follower).values()) == {"each"}


def test_a_link_for_another_member_cannot_be_made_from_ones_own(follower):
    """The user id is inside the signature: changing it breaks the link."""
    other = MemberFactory()
    CategorySubscription.objects.create(user=other, category=Category.objects.get(slug="notice"), mode="digest")
    signature = token_of(unsubscribe.url_for(user_id=follower.pk, setting=("digest",))).split(":", 1)[1]
    others_payload = token_of(unsubscribe.url_for(user_id=other.pk, setting=("digest",))).split(":", 1)[0]
    assert Client().post(f"/board/unsubscribe/{others_payload}:{signature}/").status_code == 400
    assert CategorySubscription.objects.get(user=other).mode == "digest"


def test_a_link_expires(follower, settings):
    settings.BOARD_UNSUBSCRIBE_MAX_AGE_DAYS = 90
    notice = Category.objects.get(slug="notice")
    with time_machine.travel(timezone.now() - dt.timedelta(days=91), tick=False):
        old = path_of(unsubscribe.url_for(user_id=follower.pk, setting=("category", notice.pk)))
    assert Client().post(old).status_code == 400
    assert modes(follower)["notice"] == "each"
    fresh = path_of(unsubscribe.url_for(user_id=follower.pk, setting=("category", notice.pk)))
    assert Client().post(fresh).status_code == 200
    assert modes(follower)["notice"] == "none"

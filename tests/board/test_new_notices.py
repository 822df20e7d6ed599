"""The events of issue 14 in the notification centre and the e-mails: an @mention, a ward's answer,
a deadline reminder, the Secretariat's decision on a report — each an entry saying what happened,
linking to the right place, mailed as the member's settings say."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from board import services
from board.models import Category, Notification, TopicSubscription
from municipalities.models import Ward
from tests.factories import LiaisonFactory, MemberFactory, PostFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries(user) -> list:
    page = BeautifulSoup(client_for(user).get("/members/notifications/").content, "html.parser")
    return page.select(".notice-list > li")


def pamphlet_request(author, days=5, wards=("131091",)):
    return services.post_create(
        user=author, category=Category.objects.get(slug="pamphlet"), title="観光パンフレットの配架",
        body="配架のお願い", target_wards=list(Ward.objects.filter(pk__in=wards)),
        deadline=timezone.localdate() + dt.timedelta(days=days),
    )


def test_a_mention_is_an_entry_linking_to_the_reply_and_an_email(django_capture_on_commit_callbacks):
    sakai = MemberFactory()
    post = PostFactory(category=Category.objects.get(slug="notice"), title="区民まつりのお知らせ")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create(user=LiaisonFactory(), post=post, body="@坂井市 さんもいかがですか")
    (entry,) = entries(sakai)
    assert entry.select_one(".notice__what").get_text(strip=True) == "品川区の返信「区民まつりのお知らせ」で、貴団体の名前が挙げられました"
    assert "いかがですか" in entry.select_one(".notice__excerpt").get_text()
    response = client_for(sakai).get(entry.select_one(".notice__what a")["href"])
    assert response["Location"] == f"/board/replies/{reply.pk}/"
    (message,) = [m for m in mail.outbox if m.to == [sakai.email]]
    assert "貴団体の名前が挙げられました" in message.subject
    assert "「所属団体の名前が「@」で挙げられた投稿・返信」のメール" in message.body


def test_mentions_mail_can_be_turned_off_while_the_entry_stays(django_capture_on_commit_callbacks):
    sakai = MemberFactory()
    TopicSubscription.objects.create(user=sakai, topic=TopicSubscription.Topic.MENTION, mode="none")
    post = PostFactory(category=Category.objects.get(slug="notice"))
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(user=LiaisonFactory(), post=post, body="@坂井市 さん")
    assert Notification.objects.get(user=sakai).state == Notification.State.NO_MAIL
    assert sakai.email not in {m.to[0] for m in mail.outbox}
    assert len(entries(sakai)) == 1


def test_an_answer_tells_the_requester_who_answered_what():
    requester = MemberFactory()
    post = pamphlet_request(requester)
    services.answer_record(user=LiaisonFactory(), post=post, ward=Ward.objects.get(pk="131091"), response="yes",
                           copies=300, place="本庁舎", ship_to="品川区役所")
    (entry,) = [e for e in entries(requester) if "回答しました" in e.get_text()]
    assert entry.select_one(".notice__what").get_text(strip=True) == "品川区があなたの投稿「観光パンフレットの配架」に回答しました：配布できる（300部）"
    response = client_for(requester).get(entry.select_one(".notice__what a")["href"])
    assert response["Location"] == f"{post.get_absolute_url()}#answers-title"


def test_a_reminder_is_an_entry_for_the_officer_with_the_deadline(settings):
    settings.BOARD_REMINDER_DAYS = 3
    officer = LiaisonFactory()
    pamphlet_request(MemberFactory(), days=2)
    Notification.objects.all().delete()  # (the post's own TARGETED entry)
    services.deadline_reminders_send()
    (entry,) = entries(officer)
    what = entry.select_one(".notice__what").get_text(strip=True)
    assert what.startswith("貴区あての「観光パンフレットの配架」の回答の締切が近づいています（締切：令和")
    assert what.endswith("（あと2日））")
    assert client_for(officer).get(entry.select_one(".notice__what a")["href"])["Location"].endswith("#answers-title")


def test_a_reports_outcome_reaches_the_reporter_without_a_link_to_a_hidden_post():
    reporter = MemberFactory()
    post = PostFactory(title="宣伝ばかりの投稿")
    report = services.report_create(user=reporter, post=post, reason="spam")
    services.report_resolve(user=SecretariatFactory(), report=report, outcome="hidden", note="宣伝のため")
    (entry,) = entries(reporter)
    assert entry.select_one(".notice__what").get_text(strip=True) == "通報いただいた内容について、事務局が対応しました"
    assert entry.select_one(".notice__excerpt").get_text() == "投稿「宣伝ばかりの投稿」：非表示にした（宣伝のため）"
    assert client_for(reporter).get(entry.select_one(".notice__what a")["href"])["Location"] == "/board/"

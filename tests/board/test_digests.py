"""The daily digest (「1日1回まとめてメール」), with a frozen clock: the worker runs it at 07:00 JST,
each member gets one e-mail with everything since their last digest grouped by category, nothing
when nothing happened, and never a post hidden since or a member who may no longer read the board."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from board import services
from board.models import Category, CategorySubscription, Notification, TopicSubscription
from board.tasks import send_digests
from core.scheduling import next_run
from tests.factories import LiaisonFactory, MemberFactory, SecretariatFactory

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, second, tzinfo=JST)


@pytest.fixture
def reader():
    """A member who reads proposals and notices once a day, and a writer who posts."""
    member = MemberFactory(email="digest-reader@example.jp", full_name="坂井 まとめ")
    for slug in ("proposal", "notice"):
        CategorySubscription.objects.create(user=member, category=Category.objects.get(slug=slug), mode="digest")
    return member


def post(title: str, slug: str = "proposal", **kwargs):
    return services.post_create(user=LiaisonFactory(), category=Category.objects.get(slug=slug), title=title, body="本文", **kwargs)


def digests_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_digest_is_a_daily_task_at_seven_japan_time(settings):
    assert settings.PERIODIC_TASKS["board.tasks.send_digests"] == f"{settings.BOARD_DIGEST_HOUR:02d}:00" == "07:00"
    assert next_run("07:00", now=at(12, 6, 59)) == at(12, 7)
    assert next_run("07:00", now=at(12, 7, 1)) == at(13, 7)


def test_the_worker_sends_the_digest_at_seven_and_queues_the_next_days(reader, settings, monkeypatch):
    """As in production: queued at start-up (schedule_tasks), run by the worker (db_worker) at its
    time, and each run queues the next one (core/scheduling.py)."""
    from django_tasks_db.models import DBTaskResult

    # The worker drops stale connections between tasks (a long-lived process); inside the test's
    # transaction that would close the test's own connection (PostgreSQL).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    with time_machine.travel(at(11, 9), tick=False):
        post("前日の提案")  # queued for the digest (the tests' immediate backend sends nothing else)
    settings.TASKS = DB_TASKS
    waiting = DBTaskResult.objects.filter(task_path="board.tasks.send_digests", status="READY")
    with time_machine.travel(at(11, 22), tick=False):
        call_command("schedule_tasks", stdout=open("/dev/null", "w"))
        assert waiting.get().run_after == at(12, 7)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert digests_to(reader) == []  # not before seven
    with time_machine.travel(at(12, 7, 0, 30), tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(digests_to(reader)) == 1
    assert waiting.get().run_after == at(13, 7)  # tomorrow's


def test_one_mail_a_day_with_everything_since_the_last_grouped_by_category_and_none_without_news(reader):
    with time_machine.travel(at(11, 9), tick=False):
        post("黄金がにのPRのご提案")
    with time_machine.travel(at(11, 18), tick=False):
        post("防災訓練の周知", slug="notice")
    with time_machine.travel(at(12, 6), tick=False):
        post("物産展の出店のご提案")
    with time_machine.travel(at(12, 7), tick=False):
        assert send_digests.call() >= 1
    [first] = digests_to(reader)
    assert first.subject == "【掲示板】本日のまとめ（3件）"
    body = first.body
    assert body.index("■ 新たな連携・交流事業の提案（2件）") < body.index("黄金がにのPRのご提案") < body.index("物産展の出店のご提案")
    assert body.index("物産展の出店のご提案") < body.index("■ 施策・事業の周知（1件）") < body.index("防災訓練の周知")
    assert "令和8年（2026年）5月11日 09:00" in body  # when, in 和暦
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.filter(user=reader).values_list("state", flat=True)) == {Notification.State.SENT}

    # The next morning, nothing happened: no mail.
    mail.outbox.clear()
    with time_machine.travel(at(13, 7), tick=False):
        send_digests.call()
    assert digests_to(reader) == []

    # A day later, only what is new since the last digest.
    with time_machine.travel(at(13, 10), tick=False):
        post("観光PRのご提案")
    with time_machine.travel(at(14, 7), tick=False):
        call_command("send_digests", stdout=open("/dev/null", "w"))
    [second] = digests_to(reader)
    assert "観光PRのご提案" in second.body and "黄金がに" not in second.body
    assert second.subject == "【掲示板】本日のまとめ（1件）"


def test_a_post_hidden_after_it_was_queued_is_not_in_the_digest(reader):
    with time_machine.travel(at(11, 9), tick=False):
        kept, hidden = post("掲載してよい提案"), post("重複した提案")
        services.post_hide(user=SecretariatFactory(), post=hidden, reason="重複")
    with time_machine.travel(at(12, 7), tick=False):
        send_digests.call()
    [message] = digests_to(reader)
    assert kept.title in message.body and hidden.title not in message.body
    assert Notification.objects.get(user=reader, post=hidden).state == Notification.State.SKIPPED


def test_only_hidden_posts_left_means_no_mail_at_all(reader):
    with time_machine.travel(at(11, 9), tick=False):
        services.post_hide(user=SecretariatFactory(), post=post("非表示になる提案"), reason="確認中")
    with time_machine.travel(at(12, 7), tick=False):
        send_digests.call()
    assert digests_to(reader) == []


@pytest.mark.parametrize("change", [{"approval_status": "rejected"}, {"is_active": False}])
def test_a_rejected_or_deactivated_member_is_never_mailed(reader, change):
    with time_machine.travel(at(11, 9), tick=False):
        post("黄金がにのPRのご提案")
    type(reader).objects.filter(pk=reader.pk).update(**change)
    with time_machine.travel(at(12, 7), tick=False):
        send_digests.call()
    assert digests_to(reader) == []
    assert set(Notification.objects.filter(user=reader).values_list("state", flat=True)) == {Notification.State.SKIPPED}


def test_replies_and_answers_on_ones_own_post_can_go_to_the_digest_too(reader):
    TopicSubscription.objects.create(user=reader, topic="own", mode="digest")
    with time_machine.travel(at(11, 9), tick=False):
        own = services.post_create(user=reader, category=Category.objects.get(slug="proposal"), title="自分の提案", body="本文")
        services.reply_create(user=LiaisonFactory(), post=own, body="品川区です。")
    assert digests_to(reader) == []  # not at once
    with time_machine.travel(at(12, 7), tick=False):
        send_digests.call()
    [message] = digests_to(reader)
    assert "あなたの投稿「自分の提案」に返信がありました" in message.body
    assert f"/board/replies/{own.replies.get().pk}/" in message.body  # the link to the exact reply (its permalink)


def test_a_failed_digest_stays_queued_for_the_next_one(reader, monkeypatch):
    with time_machine.travel(at(11, 9), tick=False):
        post("黄金がにのPRのご提案")

    def broken(self, fail_silently=False):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with time_machine.travel(at(12, 7), tick=False):
        send_digests.call()
    row = Notification.objects.get(user=reader)
    assert row.state == Notification.State.DIGEST and "SMTP down" in row.last_error
    monkeypatch.undo()
    with time_machine.travel(at(13, 7), tick=False):
        send_digests.call()
    assert len(digests_to(reader)) == 1

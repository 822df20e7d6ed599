"""Who is notified of what on the board, at the service level: rows in the same transaction, mail
only after the commit (the task worker sends it; the tests' task backend runs it at once)."""

from __future__ import annotations

import pytest
from django.core import mail

from board import services
from board.models import Category, CategorySubscription, Notification, ThreadWatch
from municipalities.models import Ward
from tests.factories import LiaisonFactory, MemberFactory, PendingFactory, PostFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def _proposal():
    return Category.objects.get(slug="proposal")


def test_a_new_proposal_reaches_the_targeted_wards_officers_after_the_commit(django_capture_on_commit_callbacks):
    author = MemberFactory()
    shinagawa = LiaisonFactory()
    chiyoda = LiaisonFactory(municipality_id="131016", email="chiyoda@example.jp")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.post_create(
            user=author, category=_proposal(), title="水族館での物産展のご提案", body="本文",
            target_wards=[Ward.objects.get(pk="131091")],
        )
        assert mail.outbox == []  # nothing is sent before the commit
    kinds = dict(Notification.objects.filter(post=post).values_list("user__email", "kind"))
    assert kinds[shinagawa.email] == Notification.Kind.TARGETED
    # 千代田区 follows proposals by default (officers do, until they choose): told of the new post.
    assert kinds[chiyoda.email] == Notification.Kind.NEW_POST
    assert author.email not in kinds  # never of one's own writing
    for callback in callbacks:
        callback()
    assert {m.to[0] for m in mail.outbox} >= {shinagawa.email, chiyoda.email}
    assert all("水族館での物産展のご提案" in m.subject + m.body for m in mail.outbox)


def test_pending_members_and_unfollowed_categories_hear_nothing(django_capture_on_commit_callbacks):
    pending = PendingFactory(municipality_id="131091")  # an applicant of 品川区, not yet approved
    member = MemberFactory()
    CategorySubscription.objects.create(user=member, category=_proposal(), mode=CategorySubscription.Mode.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            user=MemberFactory(), category=_proposal(), title="提案", body="本文",
            target_wards=[Ward.objects.get(pk="131091")],
        )
    recipients = set(Notification.objects.filter(post=post).values_list("user_id", flat=True))
    assert pending.pk not in recipients and member.pk not in recipients
    assert pending.email not in {m.to[0] for m in mail.outbox}


def test_a_digest_follower_is_queued_not_mailed(django_capture_on_commit_callbacks):
    follower = MemberFactory()
    CategorySubscription.objects.create(user=follower, category=_proposal(), mode=CategorySubscription.Mode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(user=MemberFactory(), category=_proposal(), title="提案", body="本文")
    notification = Notification.objects.get(post=post, user=follower)
    assert notification.state == Notification.State.DIGEST
    assert follower.email not in {m.to[0] for m in mail.outbox}


def test_a_reply_reaches_the_author_and_watchers_but_not_the_muted(django_capture_on_commit_callbacks):
    author, watcher, muted = MemberFactory(), MemberFactory(), MemberFactory()
    post = PostFactory(author=author)
    ThreadWatch.objects.create(user=watcher, post=post, mode=ThreadWatch.Mode.WATCH)
    ThreadWatch.objects.create(user=muted, post=post, mode=ThreadWatch.Mode.MUTE)
    officer = LiaisonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(user=officer, post=post, body="品川区です。ぜひご一緒に。")
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([author.email, watcher.email])
    assert officer.email not in to and muted.email not in to


def test_a_rolled_back_post_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_create(
            user=MemberFactory(), category=_proposal(), title="提案", body="本文",
            target_wards=[Ward.objects.get(pk="131091")],
        )
    # Not committed: the callbacks were never run, so no e-mail left.
    assert callbacks and mail.outbox == []


def test_moderation_by_the_secretariat_notifies_nobody(django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(user=SecretariatFactory(), post=post, reason="重複")
    assert mail.outbox == []

"""Who is notified of what on the board, at the service level: rows in the same transaction, mail
only after the commit (the task worker sends it; the tests' task backend runs it at once)."""

from __future__ import annotations

import pytest
from django.core import mail

from board import services
from board.models import Category, CategorySubscription, Notification, ThreadWatch, TopicSubscription
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


# ---- The events of the collaboration loop (issue 13): every one is an entry; e-mail as chosen ----


@pytest.fixture
def proposal_by_sakai():
    """坂井市's proposal to 品川区, with a watcher, a muted member and an unrelated member."""
    author = MemberFactory(email="sakai-author@example.jp")
    post = services.post_create(
        user=author, category=_proposal(), title="黄金がにのPRイベントのご提案", body="本文",
        target_wards=[Ward.objects.get(pk="131091")],
    )
    watcher, muted, bystander = MemberFactory(), MemberFactory(), MemberFactory()
    ThreadWatch.objects.create(user=watcher, post=post, mode=ThreadWatch.Mode.WATCH)
    ThreadWatch.objects.create(user=muted, post=post, mode=ThreadWatch.Mode.MUTE)
    mail.outbox.clear()
    return {"author": author, "post": post, "watcher": watcher, "muted": muted, "bystander": bystander,
            "officer": LiaisonFactory(email="shinagawa-officer@example.jp")}


def _entries(post, kind):
    return {n.user_id: n for n in Notification.objects.filter(post=post, kind=kind)}


def test_a_wards_answer_reaches_the_author_and_watchers_with_its_stage_note_and_new_status(
    proposal_by_sakai, django_capture_on_commit_callbacks
):
    p = proposal_by_sakai
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_mark(
            user=p["officer"], post=p["post"], ward=Ward.objects.get(pk="131091"), stage="taken_up",
            note="しながわ水族館で検討します",
        )
    entries = _entries(p["post"], Notification.Kind.ENGAGEMENT)
    assert set(entries) == {p["author"].pk, p["watcher"].pk}  # not the officer, the muted, the bystander
    entry = entries[p["author"].pk]
    assert (entry.stage, entry.note, entry.status) == ("taken_up", "しながわ水族館で検討します", "coordinating")
    assert (entry.actor_id, entry.actor_organization_id, entry.read_at) == (p["officer"].pk, "131091", None)
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([p["author"].email, p["watcher"].email])
    author_mail = next(m for m in mail.outbox if m.to == [p["author"].email])
    assert "品川区" in author_mail.subject and "区が検討・調整中" in author_mail.subject
    assert "しながわ水族館で検討します" in author_mail.body and "「調整中」になりました" in author_mail.body


def test_answering_again_without_a_change_notifies_nobody(proposal_by_sakai, django_capture_on_commit_callbacks):
    p = proposal_by_sakai
    ward = Ward.objects.get(pk="131091")
    services.engagement_mark(user=p["officer"], post=p["post"], ward=ward, stage="taken_up", note="検討中")
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_mark(user=p["officer"], post=p["post"], ward=ward, stage="taken_up", note="検討中")
    assert Notification.objects.count() == before
    services.engagement_mark(user=p["officer"], post=p["post"], ward=ward, stage="realised", note="開催決定")
    assert Notification.objects.count() == before + 2  # the author and the watcher again


def test_a_status_change_reaches_the_author_and_watchers_with_the_realised_event(
    proposal_by_sakai, django_capture_on_commit_callbacks
):
    from tests.factories import EventFactory

    p = proposal_by_sakai
    event = EventFactory(title="黄金がにフェア in しながわ水族館", is_published=True)
    services.engagement_mark(user=p["officer"], post=p["post"], ward=Ward.objects.get(pk="131091"), stage="taken_up")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_set_status(user=p["officer"], post=p["post"], status="realised", realised_event=event)
    entries = _entries(p["post"], Notification.Kind.STATUS)
    assert set(entries) == {p["author"].pk, p["watcher"].pk}
    assert entries[p["author"].pk].status == "realised" and entries[p["author"].pk].event == event
    body = next(m for m in mail.outbox if m.to == [p["author"].email]).body
    assert "「実現」" in body and event.title in body and event.get_absolute_url() in body


def test_the_author_closing_their_own_proposal_tells_the_watchers_only(proposal_by_sakai):
    p = proposal_by_sakai
    services.post_set_status(user=p["author"], post=p["post"], status="closed", note="今年度は見送ります")
    assert set(_entries(p["post"], Notification.Kind.STATUS)) == {p["watcher"].pk}
    # The same status again, unchanged: nothing new.
    services.post_set_status(user=p["author"], post=p["post"], status="closed", note="今年度は見送ります")
    assert Notification.objects.filter(post=p["post"], kind=Notification.Kind.STATUS).count() == 1


def test_a_reply_to_a_watched_thread_follows_the_watchers_own_mail_setting(
    proposal_by_sakai, django_capture_on_commit_callbacks
):
    p = proposal_by_sakai
    TopicSubscription.objects.create(user=p["watcher"], topic="watched", mode="digest")
    TopicSubscription.objects.create(user=p["author"], topic="own", mode="none")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(user=p["officer"], post=p["post"], body="品川区です。")
    entries = _entries(p["post"], Notification.Kind.REPLY)
    assert entries[p["watcher"].pk].state == Notification.State.DIGEST
    assert entries[p["author"].pk].state == Notification.State.NO_MAIL  # an entry, no e-mail
    assert p["muted"].pk not in entries and p["bystander"].pk not in entries
    assert mail.outbox == []


def test_an_officer_who_turned_off_ward_mail_still_gets_the_entry(django_capture_on_commit_callbacks):
    officer = LiaisonFactory()
    TopicSubscription.objects.create(user=officer, topic="ward", mode="none")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            user=MemberFactory(), category=_proposal(), title="提案", body="本文",
            target_wards=[Ward.objects.get(pk="131091")],
        )
    entry = Notification.objects.get(post=post, user=officer)
    assert (entry.kind, entry.state) == (Notification.Kind.TARGETED, Notification.State.NO_MAIL)
    assert officer.email not in {m.to[0] for m in mail.outbox}


def test_a_new_post_reaches_the_followers_of_its_category_as_they_chose(django_capture_on_commit_callbacks):
    notice = Category.objects.get(slug="notice")
    each, digest, nothing, unfollowed = MemberFactory(), MemberFactory(), MemberFactory(), MemberFactory()
    for user, mode in ((each, "each"), (digest, "digest"), (nothing, "none")):
        CategorySubscription.objects.create(user=user, category=notice, mode=mode)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(user=LiaisonFactory(), category=notice, title="施策の周知", body="本文")
    entries = _entries(post, Notification.Kind.NEW_POST)
    assert entries[each.pk].state == Notification.State.SENT
    assert entries[digest.pk].state == Notification.State.DIGEST
    assert nothing.pk not in entries and unfollowed.pk not in entries
    assert [m.to[0] for m in mail.outbox] == [each.email]


def test_an_approved_member_is_announced_to_their_organisations_members_only(django_capture_on_commit_callbacks):
    from portal.services import membership_approve

    colleague, other_town = MemberFactory(), MemberFactory(municipality_id="011002")  # 坂井市, 札幌市
    applicant = PendingFactory(full_name="坂井 三郎")
    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(user=applicant, decided_by=SecretariatFactory())
    entries = {n.user_id: n for n in Notification.objects.filter(kind=Notification.Kind.MEMBER, actor=applicant)}
    assert colleague.pk in entries
    assert other_town.pk not in entries and applicant.pk not in entries
    assert entries[colleague.pk].state == Notification.State.NO_MAIL  # by default on the site only
    assert colleague.email not in {m.to[0] for m in mail.outbox}
    assert entries[colleague.pk].get_target_url() == "/members/organization/"


def test_nobody_who_cannot_read_the_post_is_told_of_a_reply_to_a_hidden_post(proposal_by_sakai):
    p = proposal_by_sakai
    services.post_hide(user=SecretariatFactory(), post=p["post"], reason="確認中")
    services.reply_create(user=p["officer"], post=p["post"], body="返信")
    assert set(_entries(p["post"], Notification.Kind.REPLY)) == {p["author"].pk}  # the watcher may not read it


def test_a_mail_is_not_sent_for_a_post_hidden_or_a_member_deactivated_after_it_was_queued(
    proposal_by_sakai, django_capture_on_commit_callbacks
):
    p = proposal_by_sakai
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reply_create(user=p["officer"], post=p["post"], body="返信")
    # Between the commit and the worker: the post is hidden; the watcher leaves.
    services.post_hide(user=SecretariatFactory(), post=p["post"], reason="重複")
    type(p["watcher"]).objects.filter(pk=p["watcher"].pk).update(is_active=False)
    for callback in callbacks:
        callback()
    entries = _entries(p["post"], Notification.Kind.REPLY)
    assert entries[p["watcher"].pk].state == Notification.State.SKIPPED
    assert entries[p["author"].pk].state == Notification.State.SENT  # the author still reads their own post
    assert [m.to[0] for m in mail.outbox] == [p["author"].email]


def test_every_notification_mail_has_a_one_click_unsubscribe_and_the_settings_link(
    proposal_by_sakai, django_capture_on_commit_callbacks
):
    p = proposal_by_sakai
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(user=p["officer"], post=p["post"], body="返信")
    message = next(m for m in mail.outbox if m.to == [p["author"].email])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http") and "/board/unsubscribe/" in link and link.endswith("/>")
    assert link[1:-1] in message.body
    assert "/board/subscriptions/" in message.body


def test_staff_without_two_factor_are_not_notified_as_the_secretariat(django_capture_on_commit_callbacks):
    author = MemberFactory()
    post = PostFactory(author=author, is_hidden=True)
    staff_without = SecretariatFactory(totp=False)
    staff_with = SecretariatFactory()
    for staff in (staff_without, staff_with):
        ThreadWatch.objects.create(user=staff, post=post, mode=ThreadWatch.Mode.WATCH)
    services.reply_create(user=LiaisonFactory(), post=post, body="返信")
    assert set(_entries(post, Notification.Kind.REPLY)) == {author.pk, staff_with.pk}


def test_a_ward_added_by_an_edit_hears_of_the_post_and_the_others_not_again(proposal_by_sakai):
    p = proposal_by_sakai
    chiyoda = LiaisonFactory(municipality_id="131016")
    before = Notification.objects.filter(post=p["post"], user=p["officer"]).count()
    services.post_update(
        user=p["author"], post=p["post"], title=p["post"].title, body="本文（追記）",
        target_wards=list(Ward.objects.filter(pk__in=["131091", "131016"])),
    )
    assert Notification.objects.get(post=p["post"], user=chiyoda, kind=Notification.Kind.TARGETED).actor == p["author"]
    assert Notification.objects.filter(post=p["post"], user=p["officer"]).count() == before

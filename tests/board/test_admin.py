"""The board in the Secretariat's admin: moderation actions (logged), failed e-mails visible and resent."""

import pytest
from django.contrib.admin.models import LogEntry

from board.models import Notification, Post
from tests.factories import MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "field"),
    [("post_hide_True", "is_hidden"), ("post_lock_True", "is_locked"), ("post_pin_True", "is_pinned")],
)
def test_moderation_actions_go_through_the_services_and_are_logged(secretariat_client, action, field):
    posts = [PostFactory(), PostFactory()]
    response = secretariat_client.post(
        "/admin/board/post/", {"action": action, "_selected_action": [p.pk for p in posts]}
    )
    assert response.status_code == 302
    assert all(getattr(Post.objects.get(pk=p.pk), field) for p in posts)
    assert LogEntry.objects.filter(object_id__in=[str(p.pk) for p in posts]).count() == 2


def test_failed_notifications_are_listed_and_resent(secretariat_client, settings, mailoutbox):
    post = PostFactory()
    failed = Notification.objects.create(
        user=MemberFactory(), post=post, kind=Notification.Kind.NEW_POST, state=Notification.State.FAILED,
        attempts=5, last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    listing = secretariat_client.get("/admin/board/notification/?state__exact=failed").content.decode()
    assert "SMTPServerDisconnected" in listing
    response = secretariat_client.post(
        "/admin/board/notification/", {"action": "resend", "_selected_action": [failed.pk]}
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    # The tests' task backend runs the job at once: the e-mail went out this time.
    assert failed.state == Notification.State.SENT and len(mailoutbox) == 1


def test_members_cannot_use_the_board_admin(member_client):
    post = PostFactory()
    response = member_client.post("/admin/board/post/", {"action": "post_hide_True", "_selected_action": [post.pk]})
    assert response.status_code == 403  # a Japanese page, not the admin's login (tests/portal/test_admin.py)
    assert not Post.objects.get(pk=post.pk).is_hidden


def test_every_board_change_page_loads_with_rows(secretariat_client, liaison):
    """The generic admin test skips models without seed rows; the board's have none, so here they are."""
    from board.models import Attachment, CategorySubscription, Engagement, Reply, ThreadWatch
    from municipalities.models import Ward
    from tests.factories import AttachmentFactory, ReplyFactory

    post = PostFactory()
    reply = ReplyFactory(post=post)
    attachment = AttachmentFactory(post=post)
    engagement = Engagement.objects.create(post=post, ward=Ward.objects.get(pk="131091"), stage="taken_up", marked_by=liaison)
    subscription = CategorySubscription.objects.create(user=liaison, category=post.category, mode="digest")
    watch = ThreadWatch.objects.create(user=liaison, post=post, mode="watch")
    notification = Notification.objects.create(user=liaison, post=post, reply=reply, kind="reply")
    for obj in (post, reply, attachment, engagement, subscription, watch, notification):
        url = f"/admin/board/{obj._meta.model_name}/{obj.pk}/change/"
        assert secretariat_client.get(url).status_code == 200, url
    page = secretariat_client.get(f"/admin/board/post/{post.pk}/change/").content.decode()
    assert f"/board/files/{attachment.pk}/" in page  # downloads only through the members-only URL
    assert Reply.objects.count() == 1 and Attachment.objects.count() == 1

"""The board's pages for members: index with filters, posting, replying, status, engagement, downloads."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from board.models import Category, Engagement, Notification, Post, ReadMark, Reply
from tests.factories import PDF_BYTES, AttachmentFactory, LiaisonFactory, MemberFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".thread__title a")]


def pdf(name="案内.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_index_lists_visible_posts_pinned_first_with_reply_counts_and_unread(member_client, member):
    old = PostFactory(title="古い提案", is_pinned=True)
    new = PostFactory(title="新しい提案", reply_count=3)
    ReadMark.objects.create(user=member, post=old)
    PostFactory(title="非表示の投稿", is_hidden=True)
    response = member_client.get("/board/")
    assert response.status_code == 200
    assert titles(response) == ["古い提案", "新しい提案"]
    rows = soup(response).select(".thread")
    assert "返信 3件" in rows[1].get_text()
    assert "未読" in rows[1].get_text() and "未読" not in rows[0].get_text()
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert new.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=notice", ["施策の周知"]),
        ("?status=coordinating", ["調整中の提案"]),
        ("?prefecture=18", ["調整中の提案"]),
        ("?ward=131091", ["品川区あての提案"]),
        ("?q=黄金がに", ["調整中の提案"]),
    ],
)
def test_index_filters(member_client, query, expected):
    from municipalities.models import Ward

    PostFactory(title="施策の周知", category=Category.objects.get(slug="notice"), author=LiaisonFactory(municipality_id="131016"))
    PostFactory(title="調整中の提案", status=Post.Status.COORDINATING, body="黄金がにのPR")
    PostFactory(title="品川区あての提案", author=LiaisonFactory(municipality_id="131016")).target_wards.add(
        Ward.objects.get(pk="131091")
    )
    assert titles(member_client.get("/board/" + query)) == expected


@pytest.mark.parametrize("query", ["?category=nope", "?status=zzz", "?prefecture=abc", "?ward=999999", "?page=zz", "?page=999"])
def test_bad_filter_values_never_fail(member_client, query):
    PostFactory(title="提案")
    response = member_client.get("/board/" + query)
    assert response.status_code == 200
    assert titles(response) == ["提案"]


def test_empty_state_offers_to_clear_the_filters(member_client):
    response = member_client.get("/board/?q=存在しない言葉")
    assert "条件に合う投稿はありません" in response.content.decode()


def test_member_posts_a_proposal_with_an_attachment_and_target_wards_who_are_notified(member_client, member):
    shinagawa_officer = LiaisonFactory()
    response = member_client.post("/board/new/", {
        "category": Category.objects.get(slug="proposal").pk,
        "title": "黄金がにのPRイベントのご提案",
        "body": "坂井市の**黄金がに**を区内の水族館でPRしませんか。",
        "target_wards": ["131091"],
        "files": [pdf()],
    })
    post = Post.objects.get(title="黄金がにのPRイベントのご提案")
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.organization_id == "182109" and post.author == member
    assert "<strong>黄金がに</strong>" in post.body_html
    assert post.attachments.get().original_name == "案内.pdf"
    assert Notification.objects.filter(user=shinagawa_officer, post=post, kind=Notification.Kind.TARGETED).exists()

    page = member_client.get(post.get_absolute_url())
    text = page.content.decode()
    assert "PDF（約1KB）" in text and "品川区" in text and "募集中" in text


def test_reply_notifies_the_author_and_counts(liaison_client, liaison):
    post = PostFactory()
    response = liaison_client.post(f"/board/{post.pk}/reply/", {"body": "品川区で検討します。", "files": [pdf("資料.pdf")]})
    reply = Reply.objects.get(post=post)
    assert response.status_code == 302 and response["Location"].endswith(f"#reply-{reply.pk}")
    post.refresh_from_db()
    assert post.reply_count == 1
    assert reply.attachments.count() == 1
    assert Notification.objects.filter(user=post.author, reply=reply, kind=Notification.Kind.REPLY).exists()
    assert "品川区で検討します。" in liaison_client.get(post.get_absolute_url()).content.decode()


def test_locked_thread_takes_no_replies(member_client):
    post = PostFactory(is_locked=True)
    page = member_client.get(post.get_absolute_url())
    assert "締め切られている" in page.content.decode()
    assert soup(page).select_one("form[action$='/reply/']") is None
    assert member_client.post(f"/board/{post.pk}/reply/", {"body": "返信"}).status_code == 403
    assert not Reply.objects.exists()


def test_author_moves_the_status_to_realised_with_the_event(member_client, member):
    import datetime as dt

    from events.models import Event

    event = Event.objects.create(title="しながわ水族館で黄金がにをPR", kind="ward_project", start_date=dt.date(2015, 11, 18))
    post = PostFactory(author=member)
    response = member_client.post(f"/board/{post.pk}/status/", {"status": "realised", "realised_event": event.pk})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.REALISED and post.realised_event == event
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page


def test_realised_without_event_or_note_is_refused_with_a_message(member_client, member):
    post = PostFactory(author=member)
    response = member_client.post(f"/board/{post.pk}/status/", {"status": "realised"})
    assert response.status_code == 200
    assert "実現したイベントを選ぶか" in response.content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.OPEN


def test_liaison_marks_their_own_ward_and_the_proposal_moves_to_coordinating(liaison_client):
    post = PostFactory()
    response = liaison_client.post(f"/board/{post.pk}/engagement/", {"ward": "131091", "stage": "taken_up", "note": "観光課で調整"})
    assert response.status_code == 302
    assert Engagement.objects.get(post=post).ward_id == "131091"
    post.refresh_from_db()
    assert post.status == Post.Status.COORDINATING


def test_author_edits_and_deletes_own_post(member_client, member):
    post = PostFactory(author=member)
    attachment = AttachmentFactory(post=post)
    form = member_client.get(f"/board/{post.pk}/edit/")
    assert post.title in form.content.decode()
    response = member_client.post(f"/board/{post.pk}/edit/", {
        "title": "件名を直しました", "body": "本文", "remove_attachment": [attachment.pk],
    })
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "件名を直しました" and not post.attachments.exists()
    assert member_client.get(f"/board/{post.pk}/delete/").status_code == 200
    assert member_client.post(f"/board/{post.pk}/delete/").status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_author_edits_and_deletes_own_reply(liaison_client, liaison):
    reply = ReplyFactory(author=liaison)
    Post.objects.filter(pk=reply.post_id).update(reply_count=1)
    assert liaison_client.post(f"/board/replies/{reply.pk}/edit/", {"body": "訂正します"}).status_code == 302
    reply.refresh_from_db()
    assert reply.body == "訂正します" and reply.body_html == "<p>訂正します</p>"
    assert liaison_client.post(f"/board/replies/{reply.pk}/delete/").status_code == 302
    assert not Reply.objects.filter(pk=reply.pk).exists()
    assert Post.objects.get(pk=reply.post_id).reply_count == 0


def test_attachment_is_downloaded_never_shown_inline(member_client):
    attachment = AttachmentFactory()
    response = member_client.get(f"/board/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_secretariat_moderates(secretariat_client, member_client):
    post = PostFactory(title="不適切な投稿")
    for action in ("pin", "lock"):
        assert secretariat_client.post(f"/board/{post.pk}/moderate/", {"action": action}).status_code == 302
    secretariat_client.post(f"/board/{post.pk}/moderate/", {"action": "move", "category": Category.objects.get(slug="notice").pk})
    secretariat_client.post(f"/board/{post.pk}/moderate/", {"action": "hide", "reason": "重複投稿のため"})
    post.refresh_from_db()
    assert (post.is_pinned, post.is_locked, post.is_hidden, post.category.slug) == (True, True, True, "notice")
    assert post.moderation_note == "重複投稿のため"
    assert "不適切な投稿" not in member_client.get("/board/").content.decode()
    assert member_client.get(post.get_absolute_url()).status_code == 404


def test_notification_settings_change_who_is_notified(member_client, member):
    from board.notifications import category_modes

    notice = Category.objects.get(slug="notice")
    page = member_client.get("/board/subscriptions/")
    assert page.status_code == 200
    data = {f"category_{c.pk}": "none" for c in Category.objects.all()}
    data[f"category_{notice.pk}"] = "digest"
    data |= {"topic_own": "each", "topic_watched": "digest", "topic_organization": "none", "topic_mention": "each",
             "topic_report": "each"}
    assert member_client.post("/board/subscriptions/", data).status_code == 302
    assert category_modes(category=notice)[member.pk] == "digest"

    post = PostFactory(category=notice, author=LiaisonFactory())
    from board import notifications

    notifications.post_created(post)
    assert Notification.objects.get(user=member, post=post).state == Notification.State.DIGEST


def test_watch_and_mute_a_thread(liaison_client, liaison, member):
    from board.models import ThreadWatch

    post = PostFactory(author=member)
    assert liaison_client.post(f"/board/subscriptions/threads/{post.pk}/", {"mode": "watch"}).status_code == 302
    assert ThreadWatch.objects.get(user=liaison, post=post).mode == "watch"
    page = soup(liaison_client.get(post.get_absolute_url()))
    assert page.select_one("button[value=clear][aria-pressed=true]") is not None
    liaison_client.post(f"/board/subscriptions/threads/{post.pk}/", {"mode": "mute"})
    ReplyFactory(post=post, author=member)  # the factory sends nothing; use the service for a real reply
    from board import services

    services.reply_create(user=member, post=post, body="追記です")
    assert not Notification.objects.filter(user=liaison, post=post).exists()


def test_notification_mail_is_sent_by_the_task(member_client, member, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.db import transaction

    officer = LiaisonFactory()
    from board import services

    with transaction.atomic():
        post = services.post_create(
            user=member, category=Category.objects.get(slug="proposal"), title="通知のテスト", body="本文",
        )
    # on_commit callbacks do not run inside the test transaction: run the task directly.
    from board.tasks import send_notification

    notification = Notification.objects.get(user=officer, post=post)
    send_notification.call(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert any(officer.email in m.to and "通知のテスト" in m.subject + m.body for m in mail.outbox)


def test_a_keyword_search_counts_and_offers_the_newest_matches_up_to_its_cap(member_client, monkeypatch):
    from board import views

    monkeypatch.setattr(views, "SEARCH_CAP", 3)
    author = MemberFactory()
    for i in range(5):
        PostFactory(author=author, title=f"京都の話題{i}")
    searched = BeautifulSoup(member_client.get("/board/?q=京都").content, "html.parser")
    count = searched.select_one(".result-count").get_text()
    assert count.startswith("3件以上の投稿") and "新しい順に3件まで" in count
    assert len(searched.select(".thread__title")) == 3
    assert member_client.get("/board/?q=京都&page=2").status_code == 200  # the last page offered, not an error
    index = BeautifulSoup(member_client.get("/board/").content, "html.parser")
    assert index.select_one(".result-count").get_text().startswith("5件の投稿")  # no cap of 3 without a keyword


def test_the_settings_page_offers_the_ward_mail_to_officers_only(member_client, liaison_client, liaison):
    from board.models import TopicSubscription

    def legends(client) -> list[str]:
        return [x.get_text() for x in soup(client.get("/board/subscriptions/")).select("fieldset legend")]

    ward_mail = "自分の区あての投稿と、回答の締切前のお知らせ（区の連絡担当者）"
    assert ward_mail in legends(liaison_client)
    assert ward_mail not in legends(member_client)
    data = {f"category_{c.pk}": "none" for c in Category.objects.all()}
    data |= {"topic_own": "digest", "topic_watched": "each", "topic_ward": "none", "topic_organization": "each",
             "topic_mention": "digest", "topic_report": "none"}
    assert liaison_client.post("/board/subscriptions/", data).status_code == 302
    assert dict(TopicSubscription.objects.filter(user=liaison).values_list("topic", "mode")) == {
        "own": "digest", "watched": "each", "ward": "none", "organization": "each", "mention": "digest", "report": "none",
    }
    # A bad value is refused with a Japanese message, and nothing is saved.
    data["topic_own"] = "sometimes"
    response = liaison_client.post("/board/subscriptions/", data)
    assert response.status_code == 200 and "通知方法を選んでください。" in response.content.decode()
    assert TopicSubscription.objects.get(user=liaison, topic="own").mode == "digest"

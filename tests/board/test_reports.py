"""Reporting a post or reply (通報): once per member and item, reviewed by the Secretariat in the admin,
the outcome logged and told to the reporter. And the moderation POST's parameters, each checked."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.test import Client

from board import services
from board.models import Notification, Post, Reply, Report
from tests.factories import LiaisonFactory, MemberFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_reports_a_reply_once(member, member_client):
    reply = ReplyFactory(body="宣伝のリンクばかりの返信")
    page = soup(member_client.get(reply.post.get_absolute_url()))
    link = page.select_one(f"#reply-{reply.pk} a.report-link")["href"]
    assert link == f"/board/replies/{reply.pk}/report/"
    form = soup(member_client.get(link))
    assert [label.get_text(strip=True) for label in form.select("fieldset label")] == [
        "宣伝・スパム", "個人情報が含まれている", "掲示板の目的に合わない", "その他",
    ]
    response = member_client.post(link, {"reason": "spam", "text": ""})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.post, report.reply, report.reporter, report.outcome) == (reply.post, reply, member, "open")
    again = member_client.post(link, {"reason": "other", "text": "もう一度"})
    assert "すでに通報済みです" in again.content.decode()
    assert Report.objects.count() == 1
    assert "すでに通報済みです" in member_client.get(link).content.decode()


def test_a_member_reports_a_post_and_other_needs_a_text(member_client):
    post = PostFactory()
    page = soup(member_client.get(post.get_absolute_url()))
    assert page.select_one(".post__actions a.report-link")["href"] == f"/board/{post.pk}/report/"
    response = member_client.post(f"/board/{post.pk}/report/", {"reason": "other", "text": "  "})
    assert "「その他」を選んだときは、内容を入力してください。" in response.content.decode()
    assert not Report.objects.exists()
    member_client.post(f"/board/{post.pk}/report/", {"reason": "other", "text": "同じ内容の投稿が何度も"})
    assert Report.objects.get().text == "同じ内容の投稿が何度も"


@pytest.mark.parametrize(("data", "message"), [
    ({"reason": "nonsense"}, "正しく選択してください"),
    ({}, "このフィールドは必須です"),
    ({"reason": "spam", "text": "x" * 1001}, "1000"),
])
def test_bad_report_input_is_refused_with_a_message(member_client, data, message):
    post = PostFactory()
    response = member_client.post(f"/board/{post.pk}/report/", data)
    assert response.status_code == 200
    assert message in soup(response).select_one(".error-summary").get_text()
    assert not Report.objects.exists()


def test_a_report_with_nul_is_refused_before_the_view_and_the_text_handed_back(member_client):
    post = PostFactory()
    response = member_client.post(f"/board/{post.pk}/report/", {"reason": "spam", "text": "宣伝\x00です"})
    assert response.status_code == 400
    assert "内容（「その他」のときは必須）" in response.content.decode()
    assert not Report.objects.exists()


def test_nobody_reports_their_own_writing_and_the_secretariat_moderates_directly(member, member_client, secretariat_client):
    own = PostFactory(author=member)
    assert member_client.post(f"/board/{own.pk}/report/", {"reason": "spam"}).status_code == 403
    assert not soup(member_client.get(own.get_absolute_url())).select("a.report-link")
    reply = ReplyFactory()
    assert not soup(secretariat_client.get(reply.post.get_absolute_url())).select("a.report-link")
    assert secretariat_client.post(f"/board/replies/{reply.pk}/report/", {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_a_hidden_reply_cannot_be_reported_by_others(member_client, secretariat):
    reply = ReplyFactory()
    services.reply_hide(user=secretariat, reply=reply)
    assert member_client.get(f"/board/replies/{reply.pk}/report/").status_code == 404


def test_the_secretariat_sees_the_queue_with_its_count(secretariat_client):
    reply = ReplyFactory()
    for _ in range(2):
        services.report_create(user=MemberFactory(), post=reply.post, reply=reply, reason="personal")
    services.report_create(user=MemberFactory(), post=PostFactory(), reason="spam")
    index = soup(secretariat_client.get("/admin/"))
    assert "3件" in index.select_one("#board-report-queue").get_text()
    header = soup(secretariat_client.get("/board/")).select_one(".site-header")
    assert "通報 3件" in header.get_text()
    listing = secretariat_client.get("/admin/board/report/?outcome__exact=open")
    assert listing.status_code == 200
    assert len(soup(listing).select("#result_list tbody tr")) == 3
    assert "通報" not in soup(client_for(MemberFactory()).get("/board/")).select_one(".site-header").get_text()


def test_hiding_a_reported_reply_closes_every_report_of_it_and_tells_each_reporter(secretariat, secretariat_client):
    reply = ReplyFactory(body="個人の電話番号が書かれた返信")
    reporters = [MemberFactory(), LiaisonFactory(municipality_id="131032")]
    reports = [services.report_create(user=r, post=reply.post, reply=reply, reason="personal") for r in reporters]
    other = services.report_create(user=MemberFactory(), post=reply.post, reason="off_topic")  # the post itself
    response = secretariat_client.post(f"/admin/board/report/{reports[0].pk}/change/", {
        "outcome": "hidden", "resolution_note": "電話番号を含むため非表示",
    })
    assert response.status_code == 302
    assert Reply.objects.get(pk=reply.pk).is_hidden
    for report in reports:
        report.refresh_from_db()
        assert (report.outcome, report.resolution_note, report.resolved_by) == ("hidden", "電話番号を含むため非表示", secretariat)
    other.refresh_from_db()
    assert other.outcome == "open" and not Post.objects.get(pk=reply.post_id).is_hidden
    told = Notification.objects.filter(kind=Notification.Kind.REPORT)
    assert {n.user_id for n in told} == {r.pk for r in reporters}
    assert "非表示にした（電話番号を含むため非表示）" in told.first().note
    assert LogEntry.objects.filter(object_id=str(reports[0].pk)).exists()
    # Decided: the record stays as it was.
    page = soup(secretariat_client.get(f"/admin/board/report/{reports[0].pk}/change/"))
    assert not page.select("select[name=outcome]")


def test_keeping_a_reported_post_records_the_note_and_leaves_it_shown(secretariat, secretariat_client):
    post = PostFactory()
    report = services.report_create(user=MemberFactory(), post=post, reason="off_topic")
    response = secretariat_client.post("/admin/board/report/", {"action": "keep_items", "_selected_action": [report.pk]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.outcome == "kept" and report.resolution_note == "確認の結果、問題なし"
    assert not Post.objects.get(pk=post.pk).is_hidden
    assert Notification.objects.get(kind=Notification.Kind.REPORT).user_id == report.reporter_id


def test_an_open_decision_is_not_a_decision(secretariat_client):
    report = services.report_create(user=MemberFactory(), post=PostFactory(), reason="spam")
    response = secretariat_client.post(f"/admin/board/report/{report.pk}/change/", {"outcome": "open", "resolution_note": "x"})
    assert response.status_code == 200
    assert "対応（非表示にした／問題なし）を選んでください" in response.content.decode()


def test_members_cannot_resolve_reports():
    report = services.report_create(user=MemberFactory(), post=PostFactory(), reason="spam")
    with pytest.raises(Exception, match="事務局のみ"):
        services.report_resolve(user=MemberFactory(), report=report, outcome="hidden")
    assert client_for(MemberFactory()).get("/admin/board/report/").status_code in (302, 403)


# ---- Moderation parameters ----

@pytest.mark.parametrize(("data", "message"), [
    ({"action": "hide_reply", "reply": "abc"}, "返信の指定が正しくありません（番号ではありません）。"),
    ({"action": "hide_reply", "reply": "1.5"}, "返信の指定が正しくありません"),
    ({"action": "hide_reply", "reply": "-3"}, "返信の指定が正しくありません"),
    ({"action": "hide_reply", "reply": "99999999999999999999999"}, "返信の指定が正しくありません"),
    ({"action": "hide_reply"}, "対象の返信を指定してください。"),
    ({"action": "explode"}, "操作の指定が正しくありません。"),
    ({}, "操作を選んでください。"),
    ({"action": "move", "category": "abc"}, "移動先の分類が正しくありません。"),
    ({"action": "move"}, "移動先の分類を選んでください。"),
    ({"action": "hide", "reason": "x" * 301}, "300文字以内"),
])
def test_a_malformed_moderation_post_answers_400_in_japanese(secretariat_client, data, message):
    post = PostFactory()
    response = secretariat_client.post(f"/board/{post.pk}/moderate/", data)
    assert response.status_code == 400
    assert message in soup(response).select_one(".message--error").get_text()
    post.refresh_from_db()
    assert not post.is_hidden


def test_a_reply_of_another_thread_is_not_moderated_through_this_one(secretariat_client):
    post = PostFactory()
    reply = ReplyFactory()
    assert secretariat_client.post(f"/board/{post.pk}/moderate/", {"action": "hide_reply", "reply": reply.pk}).status_code == 404
    assert not Reply.objects.get(pk=reply.pk).is_hidden


def test_a_valid_moderation_still_works(secretariat_client):
    reply = ReplyFactory()
    response = secretariat_client.post(f"/board/{reply.post_id}/moderate/", {"action": "hide_reply", "reply": str(reply.pk)})
    assert response.status_code == 302 and response["Location"].endswith(f"#reply-{reply.pk}")
    assert Reply.objects.get(pk=reply.pk).is_hidden

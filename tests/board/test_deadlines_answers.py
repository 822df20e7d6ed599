"""Calls for participants and pamphlet requests: the deadline (締切日), the wards' structured answers,
their totals, the shipment of pamphlets, the CSV for the Secretariat, and the reminders."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from board import services
from board.models import Category, Notification, Post, WardAnswer
from municipalities.models import Ward
from tests.factories import LiaisonFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def today() -> dt.date:
    return timezone.localdate()


def ward(code: str) -> Ward:
    return Ward.objects.select_related("municipality").get(pk=code)


def pamphlet_request(author, *, days=10, wards=("131091", "131032", "131105"), **kwargs) -> Post:
    return services.post_create(
        user=author, category=Category.objects.get(slug="pamphlet"), title="観光パンフレットの配架のお願い",
        body="区の施設に配架していただける区を募集します。", target_wards=[ward(c) for c in wards],
        deadline=today() + dt.timedelta(days=days), **kwargs,
    )


def answer_data(**overrides) -> dict:
    return {"ward": "131091", "response": "yes", "copies": "300", "place": "区役所本庁舎",
            "ship_to": "〒140-8715 東京都品川区広町2-1-36", "note": "", **overrides}


# ---- Deadlines ----

def test_a_pamphlet_request_needs_a_deadline_and_a_proposal_takes_none(member_client):
    data = {"category": Category.objects.get(slug="pamphlet").pk, "title": "配布のお願い", "body": "本文です"}
    response = member_client.post("/board/new/", data)
    assert "「パンフレット配布依頼」では締切日を入力してください。" in response.content.decode()
    assert not Post.objects.exists()
    member_client.post("/board/new/", {**data, "category": Category.objects.get(slug="proposal").pk,
                                       "deadline": (today() + dt.timedelta(days=5)).isoformat()})
    assert Post.objects.get().deadline is None


@pytest.mark.parametrize(("deadline", "message"), [
    (lambda: today() - dt.timedelta(days=1), "締切日が過ぎた日付"),
    (lambda: today() + dt.timedelta(days=800), "締切日は2年以内の日付を入力してください"),
    (lambda: "2026-13-45", "日付"),
    (lambda: "令和九年", "日付"),
    (lambda: "9999-12-31", "2年以内"),
])
def test_a_bad_deadline_is_refused_with_the_text_kept(member_client, deadline, message):
    value = deadline()
    response = member_client.post("/board/new/", {
        "category": Category.objects.get(slug="participation").pk, "title": "出店者の募集",
        "body": "入力した本文", "deadline": value if isinstance(value, str) else value.isoformat(),
    })
    page = soup(response)
    assert message in page.select_one(".error-summary").get_text()
    assert page.select_one("#id_title")["value"] == "出店者の募集"
    assert page.select_one("#id_body").get_text().strip() == "入力した本文"
    assert not Post.objects.exists()


def test_the_deadline_shows_in_wareki_with_the_days_left_then_closed(member, member_client, monkeypatch):
    post = pamphlet_request(member, days=3)
    index = soup(member_client.get("/board/"))
    row = index.select_one(".thread")
    assert row.select_one(".deadline").get_text() == "締切まであと3日"
    deadline = post.deadline
    assert f"{deadline.month}月{deadline.day}日" in row.select_one(".thread__stats").get_text()
    assert "令和" in row.select_one(".thread__stats").get_text()
    head = soup(member_client.get(post.get_absolute_url())).select_one(".post__head")
    assert head.select_one(".deadline").get_text() == "締切まであと3日"

    later = deadline + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    index = soup(member_client.get("/board/"))
    assert index.select_one(".thread .deadline").get_text() == "締切済み"
    thread = soup(member_client.get(post.get_absolute_url()))
    assert thread.select_one(".post__head .deadline").get_text() == "締切済み"


def test_an_unchanged_past_deadline_may_stay_when_the_post_is_edited(member):
    post = pamphlet_request(member, days=1)
    Post.objects.filter(pk=post.pk).update(deadline=today() - dt.timedelta(days=2))
    post.refresh_from_db()
    services.post_update(user=member, post=post, title="件名を直した", body=post.body, deadline=post.deadline)
    with pytest.raises(Exception, match="締切日が過ぎた日付"):
        services.post_update(user=member, post=post, title="件名", body=post.body, deadline=today() - dt.timedelta(days=1))


# ---- Answers ----

def test_an_officer_answers_for_their_ward_and_the_requester_sees_the_total(member, member_client):
    post = pamphlet_request(member)
    shinagawa, minato = LiaisonFactory(), LiaisonFactory(municipality_id="131032")
    assert client_for(shinagawa).post(f"/board/{post.pk}/answer/", answer_data()).status_code == 302
    client_for(minato).post(f"/board/{post.pk}/answer/", answer_data(ward="131032", copies="150", ship_to="港区役所"))

    page = soup(member_client.get(post.get_absolute_url()))
    rows = {tr.th.get_text(): tr for tr in page.select(".answer-table tbody tr")}
    assert set(rows) == {"品川区", "港区"}
    assert rows["品川区"].select_one("[data-label=部数]").get_text(strip=True) == "300部"
    assert "〒140-8715" in rows["品川区"].select_one("[data-label=送付先]").get_text()
    assert page.select_one(".answer-table tfoot [data-label=部数]").get_text(strip=True) == "450部"
    summary = page.select_one(".answer-summary").get_text()
    assert "配布部数の合計 450部" in summary
    assert "未回答の対象区：目黒区" in page.select_one(".answers").get_text()
    # The requester was told of each answer.
    told = Notification.objects.filter(post=post, kind=Notification.Kind.ANSWER, user=member)
    assert sorted(told.values_list("actor_organization__name", "note")) == [("品川区", "配布できる（300部）"), ("港区", "配布できる（150部）")]


def test_other_members_see_the_totals_but_not_the_wards_addresses(member):
    post = pamphlet_request(member)
    services.answer_record(user=LiaisonFactory(), post=post, ward=ward("131091"), response="yes", copies=300,
                           place="本庁舎", ship_to="品川区広町2-1-36")
    for viewer in (MemberFactory(), LiaisonFactory(municipality_id="131105")):
        page = soup(client_for(viewer).get(post.get_absolute_url()))
        assert "配布部数の合計 300部" in page.select_one(".answer-summary").get_text()
        assert not page.select(".answer-table")
        assert "品川区広町2-1-36" not in page.get_text()
        assert client_for(viewer).get(f"/board/{post.pk}/answers.csv").status_code == 403


def test_an_officer_cannot_answer_for_another_ward_nor_a_town_for_any(member):
    post = pamphlet_request(member)
    response = client_for(LiaisonFactory()).post(f"/board/{post.pk}/answer/", answer_data(ward="131032"))
    assert response.status_code == 403
    assert client_for(MemberFactory()).post(f"/board/{post.pk}/answer/", answer_data()).status_code == 403
    assert not WardAnswer.objects.exists()
    assert not soup(client_for(MemberFactory()).get(post.get_absolute_url())).select("form.answer-form")


def test_the_secretariat_answers_on_a_wards_behalf(member, secretariat_client):
    post = pamphlet_request(member)
    page = soup(secretariat_client.get(post.get_absolute_url()))
    assert page.select_one("form.answer-form select[name=ward]")
    secretariat_client.post(f"/board/{post.pk}/answer/", answer_data(ward="131032", note="電話で回答"))
    assert WardAnswer.objects.get().ward_id == "131032"


def test_the_answer_form_starts_with_the_wards_registered_address(member):
    target = ward("131091")
    target.mailing_address = "〒140-8715 東京都品川区広町2-1-36 企画調整課"
    target.save()
    post = pamphlet_request(member)
    page = soup(client_for(LiaisonFactory()).get(post.get_absolute_url()))
    assert page.select_one("form.answer-form #id_ship_to").get_text().strip() == target.mailing_address
    assert not page.select_one("form.answer-form input[name=response][checked]")


@pytest.mark.parametrize(("copies", "message"), [
    ("-5", "部数は1以上で入力してください。"),
    ("0", "部数は1以上で入力してください。"),
    ("100001", "部数は100,000部までで入力してください。"),
    ("99999999999999999999999", "部数は100,000部までで入力してください。"),
    ("三百", "部数は半角の数字で入力してください"),
    ("", "配布できる部数を入力してください。"),
])
def test_bad_copies_are_refused_with_a_message_and_the_typed_answer_kept(member, copies, message):
    post = pamphlet_request(member)
    response = client_for(LiaisonFactory()).post(f"/board/{post.pk}/answer/", answer_data(copies=copies, place="地域センター"))
    assert response.status_code == 200
    page = soup(response)
    assert message in page.select_one("form.answer-form .error-summary").get_text()
    assert page.select_one("form.answer-form #id_place")["value"] == "地域センター"
    assert not WardAnswer.objects.exists()


def test_a_yes_without_place_or_address_is_refused_and_a_no_needs_neither(member):
    post = pamphlet_request(member)
    officer = client_for(LiaisonFactory())
    response = officer.post(f"/board/{post.pk}/answer/", answer_data(place="", ship_to=" "))
    text = soup(response).select_one("form.answer-form .error-summary").get_text()
    assert "配布場所を入力してください" in text and "送付先を入力してください" in text
    assert not WardAnswer.objects.exists()
    officer.post(f"/board/{post.pk}/answer/", answer_data(response="no", copies="", place="", ship_to=""))
    answer = WardAnswer.objects.get()
    assert answer.response == "no" and answer.copies is None


def test_no_structured_answer_after_the_deadline_and_the_form_is_gone(member, monkeypatch):
    post = pamphlet_request(member, days=1)
    later = post.deadline + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    officer = client_for(LiaisonFactory())
    page = soup(officer.get(post.get_absolute_url()))
    assert not page.select("form.answer-form")
    assert "締切日を過ぎたため、回答の受付は終わりました。" in page.select_one(".answers").get_text()
    response = officer.post(f"/board/{post.pk}/answer/", answer_data(note="遅れての回答"))
    assert "締切日を過ぎたため、回答できません。" in response.content.decode()
    assert not WardAnswer.objects.exists()


def test_a_call_for_participants_takes_part_or_not_without_copies(liaison):
    post = services.post_create(
        user=liaison, category=Category.objects.get(slug="participation"), title="区民まつりの出店者募集",
        body="出店する区を募集します", deadline=today() + dt.timedelta(days=7),
    )
    officer = LiaisonFactory(municipality_id="131105")
    page = soup(client_for(officer).get(post.get_absolute_url()))
    labels = [label.get_text(strip=True) for label in page.select("form.answer-form fieldset label")]
    assert labels == ["参加する", "参加しない"]
    assert not page.select("form.answer-form #id_copies")
    client_for(officer).post(f"/board/{post.pk}/answer/", {"ward": "131105", "response": "yes", "note": "2名で参加"})
    page = soup(client_for(liaison).get(post.get_absolute_url()))
    assert "回答 1区（参加する 1区・参加しない 0区）" in page.select_one(".answer-summary").get_text()
    assert not page.select("form[action$='/engagement/']")  # the answers replace 区の対応 here


def test_shipment_is_marked_by_the_requester_and_receipt_by_the_ward(member, member_client):
    post = pamphlet_request(member)
    officer = LiaisonFactory()
    answer = services.answer_record(user=officer, post=post, ward=ward("131091"), response="yes", copies=300,
                                    place="本庁舎", ship_to="品川区役所")
    officer_client = client_for(officer)
    assert officer_client.post(f"/board/answers/{answer.pk}/receive/").status_code == 403  # not sent yet
    assert officer_client.post(f"/board/answers/{answer.pk}/ship/").status_code == 403  # not the requester
    assert member_client.post(f"/board/answers/{answer.pk}/ship/", {"shipped": "1"}).status_code == 302
    answer.refresh_from_db()
    assert answer.shipped_by == member and answer.shipped_at is not None
    # Another ward's officer may not confirm 品川区's receipt.
    assert client_for(LiaisonFactory(municipality_id="131032")).post(f"/board/answers/{answer.pk}/receive/").status_code == 403
    assert officer_client.post(f"/board/answers/{answer.pk}/receive/").status_code == 302
    answer.refresh_from_db()
    assert answer.received_by == officer
    page = soup(member_client.get(post.get_absolute_url()))
    assert "受領" in page.select_one(f"#answer-{answer.pk} [data-label=受領]").get_text()
    # Received: the shipment can no longer be taken back, nor the answer changed.
    member_client.post(f"/board/answers/{answer.pk}/ship/", {"shipped": "0"})
    answer.refresh_from_db()
    assert answer.shipped_at is not None
    response = officer_client.post(f"/board/{post.pk}/answer/", answer_data(copies="10"))
    assert "発送済みのため" in response.content.decode()


def test_the_csv_lists_every_answer_with_the_total_and_defuses_formulas(member, member_client, secretariat_client):
    post = pamphlet_request(member)
    services.answer_record(user=LiaisonFactory(), post=post, ward=ward("131091"), response="yes", copies=300,
                           place="=HYPERLINK(\"http://evil\")", ship_to="品川区役所")
    services.answer_record(user=LiaisonFactory(municipality_id="131032"), post=post, ward=ward("131032"),
                           response="no", note="今回は見送ります")
    for client in (secretariat_client, member_client):
        response = client.get(f"/board/{post.pk}/answers.csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        body = response.content.decode("utf-8")
        assert body.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
        assert rows[0][:5] == ["区", "回答", "部数", "配布場所", "送付先"]
        by_ward = {row[0]: row for row in rows[1:] if row}
        assert by_ward["港区"][1] == "配布できない"
        assert by_ward["品川区"][2] == "300" and by_ward["品川区"][3].startswith("'=HYPERLINK")
        assert by_ward["目黒区"][1] == "未回答"
        assert by_ward["合計"][1:3] == ["配布できる 1区", "300"]


def test_hostile_answer_text_is_refused_with_a_message_and_the_typed_text_handed_back(member):
    post = pamphlet_request(member)
    officer = client_for(LiaisonFactory())
    response = officer.post(f"/board/{post.pk}/answer/", answer_data(note="x" * 301, place="p" * 201, ship_to="s" * 301))
    summary = soup(response).select_one("form.answer-form .error-summary").get_text()
    assert "補足（任意）：この値は 300 文字以下" in summary
    assert "配布場所：この値は 200 文字以下" in summary and "送付先：この値は 300 文字以下" in summary
    # NUL (which PostgreSQL cannot store) is refused before the view, with what was typed, labelled.
    response = officer.post(f"/board/{post.pk}/answer/", answer_data(place="本庁舎\x00の1階"))
    assert response.status_code == 400
    page = soup(response)
    assert "使用できない文字が含まれています" in page.select_one("h1").get_text()
    assert "配布場所" in page.get_text() and "〒140-8715 東京都品川区広町2-1-36" in page.get_text()
    assert not WardAnswer.objects.exists()


# ---- Reminders ----

def test_officers_of_targeted_wards_that_have_not_answered_get_one_reminder(member, settings, django_capture_on_commit_callbacks):
    settings.BOARD_REMINDER_DAYS = 3
    post = pamphlet_request(member, days=5)
    shinagawa, minato, meguro = (LiaisonFactory(municipality_id=c) for c in ("131091", "131032", "131105"))
    services.answer_record(user=shinagawa, post=post, ward=ward("131091"), response="no")
    assert services.deadline_reminders_send(today=today()) == 0  # 5 days before: not yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deadline_reminders_send(today=today() + dt.timedelta(days=2)) == 1
    reminded = set(Notification.objects.filter(post=post, kind=Notification.Kind.DEADLINE).values_list("user_id", flat=True))
    assert reminded == {minato.pk, meguro.pk}  # 品川区 answered; the author is no officer
    assert "あと3日" in Notification.objects.filter(kind=Notification.Kind.DEADLINE).first().note
    assert {m.to[0] for m in mail.outbox} == {minato.email, meguro.email}
    assert "回答の締切が近づいています" in mail.outbox[0].subject
    # Once only: the next day's run sends nothing.
    assert services.deadline_reminders_send(today=today() + dt.timedelta(days=3)) == 0
    assert Notification.objects.filter(kind=Notification.Kind.DEADLINE).count() == 2


def test_the_reminder_days_are_a_setting_and_a_new_deadline_reminds_again(member, settings):
    settings.BOARD_REMINDER_DAYS = 7
    post = pamphlet_request(member, days=7, wards=("131032",))
    LiaisonFactory(municipality_id="131032")
    assert services.deadline_reminders_send(today=today()) == 1
    post.refresh_from_db()
    services.post_update(user=member, post=post, title=post.title, body=post.body, deadline=today() + dt.timedelta(days=20))
    assert services.deadline_reminders_send(today=today() + dt.timedelta(days=13)) == 1
    assert Notification.objects.filter(kind=Notification.Kind.DEADLINE).count() == 2


def test_no_reminder_for_hidden_locked_past_or_answerless_posts(member, settings):
    settings.BOARD_REMINDER_DAYS = 3
    LiaisonFactory(municipality_id="131032")
    hidden = pamphlet_request(member, days=1, wards=("131032",))
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    locked = pamphlet_request(member, days=1, wards=("131032",))
    Post.objects.filter(pk=locked.pk).update(is_locked=True)
    past = pamphlet_request(member, days=1, wards=("131032",))
    Post.objects.filter(pk=past.pk).update(deadline=today() - dt.timedelta(days=1))
    PostFactory(deadline=today() + dt.timedelta(days=1))  # a proposal: no answers, no reminder
    assert services.deadline_reminders_send(today=today()) == 0
    assert not Notification.objects.filter(kind=Notification.Kind.DEADLINE).exists()


def test_the_reminders_run_daily_on_the_task_queue(member, settings):
    from board.tasks import send_deadline_reminders

    # Before the daily digest (07:00), which may carry the reminder to those who chose it.
    assert settings.PERIODIC_TASKS["board.tasks.send_deadline_reminders"] == "06:30"
    settings.BOARD_REMINDER_DAYS = 3
    post = pamphlet_request(member, days=2, wards=("131032",))
    officer = LiaisonFactory(municipality_id="131032")
    result = send_deadline_reminders.enqueue()  # the tests' immediate backend runs it at once
    assert result.return_value == 1
    assert Notification.objects.get(kind=Notification.Kind.DEADLINE, post=post).user == officer


def test_the_wards_workspace_lists_its_unanswered_calls_and_requests_by_deadline(member):
    later = pamphlet_request(member, days=9, wards=("131091",))
    sooner = pamphlet_request(member, days=2, wards=("131091",))
    answered = pamphlet_request(member, days=1, wards=("131091",))
    pamphlet_request(member, days=1, wards=("131032",))  # another ward's
    officer = LiaisonFactory()
    services.answer_record(user=officer, post=answered, ward=ward("131091"), response="no")
    client = client_for(officer)
    section = soup(client.get("/board/mine/")).select_one("section[aria-labelledby=deadlines]")
    assert "（2件）" in section.h2.get_text()
    rows = section.select(".thread")
    assert [r.select_one(".thread__title a")["href"] for r in rows] == [sooner.get_absolute_url(), later.get_absolute_url()]
    assert rows[0].select_one(".deadline").get_text() == "締切まであと2日"
    # …and the index shows the same list, following the section's link.
    link = section.select_one("a[href*='show=']")["href"]
    index = soup(client.get(link))
    assert {a["href"].split("unread")[0] for a in index.select(".thread__title a")} == {
        f"/board/{sooner.pk}/", f"/board/{later.pk}/",
    }
    # A member of a town has no such list.
    assert not soup(client_for(MemberFactory()).get("/board/mine/")).select("section[aria-labelledby=deadlines]")


def test_the_ward_that_posted_a_call_does_not_answer_it(liaison):
    post = services.post_create(
        user=liaison, category=Category.objects.get(slug="participation"), title="区民まつりの出店者募集",
        body="出店する区を募集します", deadline=today() + dt.timedelta(days=7),
    )
    client = client_for(LiaisonFactory())  # another officer of 品川区, the posting ward
    assert not soup(client.get(post.get_absolute_url())).select("form.answer-form")
    assert client.post(f"/board/{post.pk}/answer/", {"ward": "131091", "response": "yes"}).status_code == 403
    assert not WardAnswer.objects.exists()

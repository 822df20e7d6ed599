"""人事異動: a member hands over to a successor, who signs up linked to the organisation; the
Secretariat confirms with one click; the successor inherits; the predecessor is deactivated."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from board.models import CategorySubscription, ThreadWatch, TopicSubscription
from portal import services
from portal.models import Handover, User
from tests.factories import LiaisonFactory, MemberFactory, PostFactory, UserFactory, _category

PASSWORD = "Kyoryoku-2026-portal"
SUCCESSOR = "suzuki@city.sakai.lg.jp"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def invitation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/members/handover/accept/\S+/)", message.body).group(1)


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)
    return run


def invite(member_client, oncommit, **extra):
    return oncommit(member_client.post, "/members/handover/", {"successor_email": SUCCESSOR, "message": "よろしくお願いします。", **extra})


def successor_signup(client, path, oncommit, **extra):
    data = {"department": "総合政策部 企画政策課", "full_name": "鈴木 三郎", "full_name_kana": "すずき さぶろう",
            "phone": "0776-50-3001", "password1": PASSWORD, "password2": PASSWORD, "agree_privacy": "on", **extra}
    return oncommit(client.post, path, data)


def test_member_names_a_successor_who_is_sent_an_invitation(member_client, member, oncommit):
    response = invite(member_client, oncommit)
    assert response.status_code == 302
    handover = Handover.objects.get(predecessor=member)
    assert handover.state == Handover.State.INVITED and handover.municipality_id == member.municipality_id
    message = mail.outbox[-1]
    assert message.to == [SUCCESSOR]
    assert message.subject == "[特別区全国連携プロジェクト] 担当者の交代（人事異動）のご案内：福井県坂井市"
    assert "よろしくお願いします。" in message.body and "http://127.0.0.1:8000/members/handover/accept/" in message.body
    page = soup_of(member_client.get("/members/handover/"))
    assert "後任者の登録待ち" in page.get_text()
    assert page.find("form", action="/members/handover/cancel/")


def test_handover_page_is_linked_from_the_profile_page(member_client):
    soup = soup_of(member_client.get("/members/profile/"))
    assert soup.find("a", href="/members/handover/") and soup.find("a", href="/members/leave/")


def test_the_whole_hand_over_successor_inherits_and_the_predecessor_cannot_log_in(
    member_client, member, secretariat_client, oncommit, settings
):
    settings.PORTAL_SECRETARIAT_EMAILS = ["kaiin@tokyo-23city.example.jp"]
    post = PostFactory(author=member, title="黄金がにのPRのご提案")
    watched = PostFactory(author=LiaisonFactory(), title="品川区の参加募集")
    CategorySubscription.objects.create(user=member, category=_category("pamphlet"), mode="digest")
    TopicSubscription.objects.create(user=member, topic="organization", mode="each")
    ThreadWatch.objects.create(user=member, post=watched, mode="watch")
    invite(member_client, oncommit)
    client = Client()
    page = client.get(invitation_path(mail.outbox[-1]))
    assert page.status_code == 200 and "福井県坂井市" in page.content.decode()
    response = successor_signup(client, invitation_path(mail.outbox[-1]), oncommit)
    assert response.status_code == 302 and response["Location"] == "/members/pending/"
    successor = User.objects.get(email=SUCCESSOR)
    assert successor.municipality_id == member.municipality_id and successor.approval_status == User.Approval.PENDING
    assert successor.emailaddress_set.get().verified  # the link proved the address
    to_secretariat = next(m for m in mail.outbox if m.to == ["kaiin@tokyo-23city.example.jp"])
    assert to_secretariat.subject.startswith("[特別区全国連携プロジェクト] 担当者の交代の確認：福井県坂井市")
    assert member.full_name in to_secretariat.body
    # The Secretariat sees the predecessor on the successor's page and confirms with one click.
    admin_page = soup_of(secretariat_client.get(f"/admin/portal/user/{successor.pk}/change/"))
    assert member.full_name in admin_page.find("section", class_="decision").get_text()
    oncommit(secretariat_client.post, f"/admin/portal/user/{successor.pk}/approve/")
    successor.refresh_from_db()
    member.refresh_from_db()
    assert successor.approval_status == User.Approval.APPROVED
    assert ThreadWatch.objects.filter(user=successor, post=watched, mode="watch").exists()
    assert CategorySubscription.objects.get(user=successor, category__slug="pamphlet").mode == "digest"
    assert TopicSubscription.objects.get(user=successor, topic="organization").mode == "each"
    assert not member.is_active and member.deactivation_reason == User.Deactivation.HANDOVER
    assert Handover.objects.get(predecessor=member).state == Handover.State.COMPLETED
    assert any(m.to == [member.email] and "交代が完了しました" in m.subject for m in mail.outbox)
    # Posts keep their organisation and author.
    post.refresh_from_db()
    assert post.author_id == member.pk and post.organization_id == "182109"
    # The predecessor can no longer log in; the successor can.
    predecessor_client = Client()
    predecessor_client.post("/accounts/login/", {"login": member.email, "password": "pass-for-tests-2026"})
    assert "_auth_user_id" not in predecessor_client.session
    successor_client = Client()
    response = successor_client.post("/accounts/login/", {"login": SUCCESSOR, "password": PASSWORD})
    assert response["Location"] == "/board/"


def test_the_membership_contact_follows_the_hand_over(member_client, member, secretariat, oncommit):
    from municipalities.models import Membership

    Membership.objects.filter(municipality_id="182109").update(contact_email=member.email, contact_person=member.full_name)
    invite(member_client, oncommit)
    successor_signup(Client(), invitation_path(mail.outbox[-1]), oncommit)
    handover = Handover.objects.get(predecessor=member)
    oncommit(services.handover_confirm, handover=handover, decided_by=secretariat)
    membership = Membership.objects.get(municipality_id="182109")
    assert membership.contact_email == SUCCESSOR and membership.contact_person == "鈴木 三郎"


def test_a_chosen_date_keeps_the_predecessor_until_that_day(member_client, member, secretariat, oncommit):
    day = timezone.localdate() + dt.timedelta(days=10)
    invite(member_client, oncommit, deactivate_on=day.isoformat())
    successor_signup(Client(), invitation_path(mail.outbox[-1]), oncommit)
    oncommit(services.handover_confirm, handover=Handover.objects.get(predecessor=member), decided_by=secretariat)
    member.refresh_from_db()
    assert member.is_active
    services.account_lifecycle(now=timezone.now() + dt.timedelta(days=9))
    member.refresh_from_db()
    assert member.is_active
    services.account_lifecycle(now=timezone.now() + dt.timedelta(days=10, hours=1))
    member.refresh_from_db()
    assert not member.is_active and member.deactivation_reason == User.Deactivation.HANDOVER


def test_a_date_in_the_past_is_refused_and_the_input_kept(member_client):
    response = member_client.post("/members/handover/", {"successor_email": SUCCESSOR, "deactivate_on": "2001-03-31"})
    soup = soup_of(response)
    assert "今日以降の日付" in soup.get_text()
    assert soup.find("input", attrs={"name": "successor_email"})["value"] == SUCCESSOR
    assert not Handover.objects.exists()


# --- the invitation link -------------------------------------------------------------------------------
def test_an_altered_invitation_link_is_rejected(member_client, oncommit):
    invite(member_client, oncommit)
    path = invitation_path(mail.outbox[-1])
    altered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = Client().get(altered)
    assert response.status_code == 400 and "正しくありません" in response.content.decode()
    assert successor_signup(Client(), altered, oncommit).status_code == 400
    assert not User.objects.filter(email=SUCCESSOR).exists()


def test_an_invitation_link_works_once(member_client, oncommit):
    invite(member_client, oncommit)
    path = invitation_path(mail.outbox[-1])
    successor_signup(Client(), path, oncommit)
    again = Client().get(path)
    assert again.status_code == 400 and "すでに使われた" in again.content.decode()
    assert successor_signup(Client(), path, oncommit, full_name="別人").status_code == 400
    assert User.objects.filter(email=SUCCESSOR).count() == 1


def test_an_invitation_link_expires(member_client, oncommit, settings):
    invite(member_client, oncommit)
    path = invitation_path(mail.outbox[-1])
    Handover.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().get(path)
    assert response.status_code == 400 and "有効期限" in response.content.decode()
    # The signature's own age is checked too.
    Handover.objects.update(expires_at=timezone.now() + dt.timedelta(days=1))
    settings.PORTAL_HANDOVER_INVITATION_DAYS = 0
    assert Client().get(path).status_code == 400


def test_a_cancelled_invitation_no_longer_works(member_client, oncommit):
    invite(member_client, oncommit)
    path = invitation_path(mail.outbox[-1])
    member_client.post("/members/handover/cancel/")
    assert Handover.objects.get().state == Handover.State.CANCELLED
    assert Client().get(path).status_code == 400


def test_the_invitation_cannot_join_a_different_organisation(member_client, oncommit):
    invite(member_client, oncommit)
    successor_signup(Client(), invitation_path(mail.outbox[-1]), oncommit,
                     municipality_name="品川区", municipality_code="131091", municipality="131091", email="x@example.jp")
    successor = User.objects.get(email=SUCCESSOR)
    assert successor.municipality_id == "182109"
    assert not User.objects.filter(email="x@example.jp").exists()


def test_an_existing_account_of_another_organisation_cannot_accept(member, oncommit):
    handover = oncommit(services.handover_invite, predecessor=member, successor_email="other@example.jp")
    other = UserFactory(email="other@example.jp", municipality_id="131091", approval_status=User.Approval.PENDING)
    with pytest.raises(PermissionDenied):
        services.handover_accept_existing(handover=handover, user=other)
    other.refresh_from_db()
    assert other.municipality_id == "131091"


def test_a_logged_in_colleague_of_the_same_organisation_accepts(member, oncommit):
    colleague = UserFactory(email="colleague@city.sakai.lg.jp", municipality_id="182109", approval_status=User.Approval.PENDING)
    oncommit(services.handover_invite, predecessor=member, successor_email=colleague.email)
    client = Client()
    client.force_login(colleague)
    path = invitation_path(mail.outbox[-1])
    assert "ログイン中のアカウント" in client.get(path).content.decode()
    oncommit(client.post, path)
    handover = Handover.objects.get(predecessor=member)
    assert handover.state == Handover.State.APPLIED and handover.successor_id == colleague.pk


def test_someone_else_logged_in_cannot_use_the_invitation(member_client, member, oncommit):
    invite(member_client, oncommit)
    path = invitation_path(mail.outbox[-1])
    intruder = MemberFactory(email="intruder@example.jp")
    client = Client()
    client.force_login(intruder)
    assert "引き継げません" in client.get(path).content.decode()
    assert client.post(path).status_code == 400
    assert Handover.objects.get(predecessor=member).state == Handover.State.INVITED


# --- permissions ---------------------------------------------------------------------------------------
def test_a_member_cannot_hand_over_someone_elses_account(member_client, member, oncommit):
    other = MemberFactory(email="other-sakai@example.jp")
    oncommit(member_client.post, "/members/handover/", {"successor_email": SUCCESSOR, "predecessor": other.pk,
                                                        "predecessor_id": other.pk})
    assert Handover.objects.get().predecessor_id == member.pk
    assert not Handover.objects.filter(predecessor=other).exists()


def test_a_member_cannot_cancel_another_members_hand_over(member, member_client, oncommit):
    other = MemberFactory(email="other-sakai@example.jp")
    handover = oncommit(services.handover_invite, predecessor=other, successor_email=SUCCESSOR)
    assert member_client.post("/members/handover/cancel/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.handover_cancel(handover=handover, user=member)
    assert Handover.objects.get(pk=handover.pk).state == Handover.State.INVITED


def test_a_member_cannot_hand_over_to_another_organisations_member(member_client):
    LiaisonFactory(email="officer@city.shinagawa.example.jp")
    response = member_client.post("/members/handover/", {"successor_email": "officer@city.shinagawa.example.jp"})
    assert "別の団体のアカウント" in soup_of(response).get_text()
    assert not Handover.objects.exists()


def test_one_cannot_name_oneself(member_client, member):
    response = member_client.post("/members/handover/", {"successor_email": member.email.upper()})
    assert "ご自身以外" in soup_of(response).get_text()


@pytest.mark.parametrize("client_fixture, expected", [("client", 302), ("pending_client", 302), ("secretariat_client", 403)])
def test_only_members_and_officers_hand_over(request, db, client_fixture, expected):
    client = request.getfixturevalue(client_fixture)
    response = client.post("/members/handover/", {"successor_email": SUCCESSOR})
    assert response.status_code == expected
    assert not Handover.objects.exists()


def test_a_liaison_officer_hands_over_too(liaison_client, liaison, oncommit):
    oncommit(liaison_client.post, "/members/handover/", {"successor_email": "next@city.shinagawa.example.jp"})
    assert Handover.objects.get().municipality_id == "131091"


@pytest.mark.parametrize("client_fixture", ["member_client", "liaison_client", "pending_client"])
def test_only_the_secretariat_confirms_a_hand_over(request, client_fixture, member, oncommit):
    handover = oncommit(services.handover_invite, predecessor=member, successor_email=SUCCESSOR)
    services.handover_accept_new(handover=handover, full_name="鈴木", full_name_kana="", department="企画課",
                                 phone="0776-50-3001", password=PASSWORD)
    client = request.getfixturevalue(client_fixture)
    client.post(f"/admin/portal/handover/{handover.pk}/confirm/")
    handover.refresh_from_db()
    assert handover.state == Handover.State.APPLIED
    with pytest.raises(PermissionDenied):
        services.handover_confirm(handover=handover, decided_by=member)


def test_secretariat_confirms_from_the_handover_page(secretariat_client, member, oncommit):
    handover = oncommit(services.handover_invite, predecessor=member, successor_email=SUCCESSOR)
    oncommit(services.handover_accept_new, handover=handover, full_name="鈴木", full_name_kana="", department="企画課",
             phone="0776-50-3001", password=PASSWORD)
    page = soup_of(secretariat_client.get(f"/admin/portal/handover/{handover.pk}/change/"))
    assert page.find("form", action=f"/admin/portal/handover/{handover.pk}/confirm/")
    oncommit(secretariat_client.post, f"/admin/portal/handover/{handover.pk}/confirm/")
    handover.refresh_from_db()
    assert handover.state == Handover.State.COMPLETED


def test_successor_signup_with_a_weak_password_keeps_the_rest(member_client, oncommit):
    invite(member_client, oncommit)
    response = successor_signup(Client(), invitation_path(mail.outbox[-1]), oncommit, password1="12345678", password2="12345678")
    soup = soup_of(response)
    assert soup.find("input", attrs={"name": "department"})["value"] == "総合政策部 企画政策課"
    assert soup.find(class_="errorlist")
    assert not User.objects.filter(email=SUCCESSOR).exists()

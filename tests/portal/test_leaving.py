"""Leaving (退会), deactivation by the Secretariat, clearing personal fields after the retention period
stated on /privacy/, and the privacy policy page itself."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from municipalities.models import Membership
from portal import services
from portal.models import User
from tests.factories import MemberFactory, PendingFactory, PostFactory


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_leaving_needs_the_confirmation_step(member_client, member):
    page = soup_of(member_client.get("/members/leave/"))
    assert page.find("input", attrs={"name": "confirm", "type": "checkbox"})
    response = member_client.post("/members/leave/", {})
    assert "確認のチェック" in soup_of(response).get_text()
    member.refresh_from_db()
    assert member.is_active


def test_a_member_leaves_is_logged_out_told_and_cannot_log_in(member_client, member, django_capture_on_commit_callbacks):
    post = PostFactory(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post("/members/leave/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert not member.is_active and member.deactivation_reason == User.Deactivation.LEFT
    assert member_client.get("/board/").status_code == 302
    assert mail.outbox[-1].to == [member.email] and "退会" in mail.outbox[-1].subject
    client = Client()
    client.post("/accounts/login/", {"login": member.email, "password": "pass-for-tests-2026"})
    assert "_auth_user_id" not in client.session
    post.refresh_from_db()
    assert post.author_id == member.pk and post.organization_id == "182109"


def test_leaving_only_closes_ones_own_account(member_client, member):
    other = MemberFactory(email="other@example.jp")
    member_client.post("/members/leave/", {"confirm": "on", "user": other.pk, "user_id": other.pk, "email": other.email})
    other.refresh_from_db()
    assert other.is_active


@pytest.mark.parametrize("client_fixture, expected", [("client", 302), ("pending_client", 302), ("secretariat_client", 403)])
def test_leaving_is_for_members(request, db, client_fixture, expected):
    assert request.getfixturevalue(client_fixture).post("/members/leave/", {"confirm": "on"}).status_code == expected


@pytest.mark.parametrize("client_fixture", ["member_client", "liaison_client", "pending_client"])
def test_no_one_but_the_secretariat_deactivates_others(request, client_fixture, db):
    victim = MemberFactory(email="victim@example.jp")
    client = request.getfixturevalue(client_fixture)
    client.post("/admin/portal/user/", {"action": "deactivate", "_selected_action": [victim.pk]})
    client.post(f"/admin/portal/user/{victim.pk}/deactivate/")
    victim.refresh_from_db()
    assert victim.is_active
    from django.core.exceptions import PermissionDenied

    actor = MemberFactory(email="actor@example.jp")
    with pytest.raises(PermissionDenied):
        services.account_deactivate(user=victim, decided_by=actor)


def test_personal_fields_are_cleared_after_the_retention_period(member, settings):
    settings.PORTAL_PERSONAL_DATA_RETENTION_DAYS = 365
    Membership.objects.filter(municipality_id="182109").update(contact_email=member.email, contact_person=member.full_name)
    post = PostFactory(author=member)
    services.account_leave(user=member)
    left_at = timezone.now()
    assert services.account_lifecycle(now=left_at + dt.timedelta(days=364))["purged"] == 0
    assert services.account_lifecycle(now=left_at + dt.timedelta(days=366))["purged"] == 1
    member.refresh_from_db()
    assert member.full_name == member.department == member.phone == ""
    assert member.email == f"deleted-{member.pk}@deleted.invalid"
    assert not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not member.history.filter(phone="03-0000-0000").exists()  # the change history too
    membership = Membership.objects.get(municipality_id="182109")
    assert membership.contact_email == "" and membership.contact_person == ""
    # The post remains, under the organisation's name.
    post.refresh_from_db()
    assert post.organization.name == "坂井市"
    assert services.account_lifecycle(now=left_at + dt.timedelta(days=400))["purged"] == 0


def test_rejected_and_never_confirmed_applications_are_cleared_too(db, settings):
    settings.PORTAL_PERSONAL_DATA_RETENTION_DAYS = 30
    old = timezone.now() - dt.timedelta(days=31)
    rejected = PendingFactory(email="rejected@example.jp", approval_status=User.Approval.REJECTED, approval_decided_at=old)
    unconfirmed = PendingFactory(email="unconfirmed@example.jp")
    User.objects.filter(pk=unconfirmed.pk).update(date_joined=old)
    waiting = PendingFactory(email="waiting@example.jp", applied_at=old)
    assert services.account_lifecycle()["purged"] == 2
    assert set(User.objects.filter(personal_data_cleared_at__isnull=False).values_list("pk", flat=True)) == {rejected.pk, unconfirmed.pk}
    waiting.refresh_from_db()
    assert waiting.full_name


def test_an_active_account_is_never_purged(member):
    with pytest.raises(services.AccountError):
        services.account_purge(user=member)


def test_the_daily_command_reports_what_it_did(member, capsys):
    call_command("account_lifecycle")
    out = capsys.readouterr().out
    assert "登録情報の確認の依頼: 1" in out


# --- /privacy/ (the policy page of issue 17) states the retention period the job applies -----------------
def test_privacy_page_states_the_retention_period_from_the_setting(client, db, settings):
    settings.PORTAL_PERSONAL_DATA_RETENTION_DAYS = 365
    soup = soup_of(client.get("/privacy/"))
    section = next(h for h in soup.find("main").find_all("h2") if "保存の期間" in h.get_text()).find_parent("section")
    assert "退会又は利用停止から1年を経過した後に消去します" in section.get_text()
    assert "{保存期間}" not in soup.get_text()
    settings.PORTAL_PERSONAL_DATA_RETENTION_DAYS = 180
    assert "6か月を経過した後" in soup_of(client.get("/privacy/")).get_text()


def test_sign_up_and_leaving_link_to_the_privacy_policy(client, member_client, db):
    assert soup_of(client.get("/accounts/signup/")).find("main").find("a", href="/privacy/")
    assert soup_of(member_client.get("/members/leave/")).find("main").find("a", href="/privacy/")

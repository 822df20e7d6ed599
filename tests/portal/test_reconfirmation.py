"""The yearly reconfirmation of contact data (登録情報の確認) from 1 April, reminders after 2 and 4
weeks, the signed 「変更なし」 link, and the Secretariat's view of who is stale."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from portal import services
from portal.models import ContactReconfirmation, User
from tests.factories import LiaisonFactory, MemberFactory, PendingFactory, SecretariatFactory

JST = ZoneInfo("Asia/Tokyo")
APRIL_1 = dt.datetime(2026, 4, 1, 6, 0, tzinfo=JST)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def lifecycle(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.account_lifecycle(now=now)
    return lifecycle


def confirm_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/members/reconfirm/\S+/)", message.body).group(1)


def test_from_1_april_every_member_and_officer_is_asked_once(run, member, liaison):
    PendingFactory(email="pending@example.jp")
    SecretariatFactory(email="staff@example.jp")
    MemberFactory(email="gone@example.jp", is_active=False)
    done = run(APRIL_1)
    assert done["requested"] == 2
    assert {m.to[0] for m in mail.outbox} == {member.email, liaison.email}
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert message.subject == "[特別区全国連携プロジェクト] 登録情報の確認のお願い（令和8年度（2026年度））"
    assert "/members/reconfirm/" in message.body and "/members/profile/" in message.body
    assert member.department in message.body
    # Running again the same day (or the next) sends nothing more.
    mail.outbox.clear()
    assert run(APRIL_1 + dt.timedelta(hours=3))["requested"] == 0
    assert run(APRIL_1 + dt.timedelta(days=1))["requested"] == 0
    assert mail.outbox == []


def test_march_still_belongs_to_the_old_year(run, member):
    run(dt.datetime(2026, 3, 31, 23, 0, tzinfo=JST))
    assert ContactReconfirmation.objects.get(user=member).fiscal_year == 2025
    run(APRIL_1)
    assert set(ContactReconfirmation.objects.filter(user=member).values_list("fiscal_year", flat=True)) == {2025, 2026}


def test_reminders_after_two_and_four_weeks_once_each_and_none_after_confirmation(run, member):
    other = MemberFactory(email="confirms@example.jp")
    run(APRIL_1)
    services.reconfirmation_confirm(user=other, via="link", now=APRIL_1 + dt.timedelta(days=3))
    mail.outbox.clear()
    assert run(APRIL_1 + dt.timedelta(days=13))["reminded"] == 0
    assert run(APRIL_1 + dt.timedelta(days=14))["reminded"] == 1
    assert run(APRIL_1 + dt.timedelta(days=15))["reminded"] == 0
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject.startswith("[特別区全国連携プロジェクト] 【再送】登録情報の確認のお願い")
    assert run(APRIL_1 + dt.timedelta(days=28))["reminded"] == 1
    assert run(APRIL_1 + dt.timedelta(days=60))["reminded"] == 0
    assert ContactReconfirmation.objects.get(user=member, fiscal_year=2026).reminders_sent == 2


def test_the_link_shows_the_data_and_records_only_on_the_button(run, member):
    run(APRIL_1)
    path = confirm_path(mail.outbox[0])
    client = Client()  # no login
    page = client.get(path)
    assert page.status_code == 200
    assert member.department in page.content.decode()
    row = ContactReconfirmation.objects.get(user=member)
    assert row.confirmed_at is None  # opening (a mail scanner) records nothing
    response = client.post(path)
    assert "確認しました" in soup_of(response).get_text()
    row.refresh_from_db()
    assert row.confirmed_at is not None and row.confirmed_via == "link"
    first = row.confirmed_at
    again = client.post(path)
    assert "確認済みです" in soup_of(again).get_text()
    row.refresh_from_db()
    assert row.confirmed_at == first


def test_an_altered_or_expired_link_is_rejected(run, member, settings):
    run(APRIL_1)
    path = confirm_path(mail.outbox[0])
    altered = path.replace("/reconfirm/", "/reconfirm/x")
    assert Client().post(altered).status_code == 400
    settings.PORTAL_RECONFIRMATION_LINK_DAYS = 0
    response = Client().post(path)
    assert response.status_code == 400 and "有効期限" in response.content.decode()
    assert ContactReconfirmation.objects.get(user=member).confirmed_at is None


def test_a_link_for_someone_else_cannot_be_made_from_ones_own(run, member):
    other = MemberFactory(email="other@example.jp")
    run(APRIL_1)
    own = confirm_path(next(m for m in mail.outbox if m.to == [member.email]))
    token = own.rstrip("/").rsplit("/", 1)[1]
    from django.core import signing

    payload = signing.loads(token, salt="portal.reconfirm")
    forged = signing.dumps({**payload, "u": other.pk}, salt="portal.wrong-salt", compress=True)
    assert Client().post(f"/members/reconfirm/{forged}/").status_code == 400
    assert ContactReconfirmation.objects.get(user=other).confirmed_at is None


def test_a_deactivated_members_link_no_longer_works(run, member):
    run(APRIL_1)
    path = confirm_path(mail.outbox[0])
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert Client().post(path).status_code == 400


def test_no_change_on_the_profile_page_confirms(member_client, member):
    page = soup_of(member_client.get("/members/profile/"))
    assert page.find("form", action="/members/profile/confirm/")
    member_client.post("/members/profile/confirm/")
    assert ContactReconfirmation.objects.get(user=member).confirmed_via == "profile"
    assert "確認済み" in soup_of(member_client.get("/members/profile/")).get_text()


def test_saving_the_profile_confirms(member_client, member):
    member_client.post("/members/profile/", {"full_name": "坂井 次郎", "department": "観光課", "phone": "0776-00-0000"})
    assert ContactReconfirmation.objects.get(user=member).confirmed_at is not None


@pytest.mark.parametrize("client_fixture", ["client", "pending_client"])
def test_the_profile_confirmation_needs_an_approved_member(request, db, client_fixture):
    client = request.getfixturevalue(client_fixture)
    assert client.post("/members/profile/confirm/").status_code == 302
    assert not ContactReconfirmation.objects.exists()


def test_the_secretariat_sees_who_is_stale_and_deactivates_them_in_bulk(secretariat_client, member, run, django_capture_on_commit_callbacks):
    fresh = LiaisonFactory(email="fresh@example.jp")
    services.reconfirmation_confirm(user=fresh, via="link")
    listed = soup_of(secretariat_client.get("/admin/portal/user/?reconfirmed=no"))
    emails = {a.get_text() for a in listed.select("#result_list tbody th a")}
    assert member.email in emails and fresh.email not in emails
    index = soup_of(secretariat_client.get("/admin/"))
    assert index.find("a", href="/admin/portal/user/?reconfirmed=no")
    orgs = soup_of(secretariat_client.get("/admin/municipalities/membership/?reconfirmed=no&q=坂井市")).select("#result_list tbody tr")[0].get_text()
    assert "坂井市" in orgs
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post("/admin/portal/user/", {"action": "deactivate", "_selected_action": [member.pk]})
    member.refresh_from_db()
    assert not member.is_active and member.deactivation_reason == User.Deactivation.SECRETARIAT
    assert mail.outbox[-1].to == [member.email] and "利用を停止" in mail.outbox[-1].subject


def test_the_stale_list_has_a_fixed_query_budget(secretariat_client, django_assert_max_num_queries):
    MemberFactory.create_batch(40)
    with django_assert_max_num_queries(20):
        response = secretariat_client.get("/admin/portal/user/?reconfirmed=no")
    assert len(soup_of(response).select("#result_list tbody tr")) >= 40


def test_the_daily_job_is_a_periodic_task_of_the_worker(settings, member):
    from django_tasks_db.models import DBTaskResult

    from core import scheduling
    from portal.tasks import run_account_lifecycle

    assert settings.PERIODIC_TASKS["portal.tasks.run_account_lifecycle"] == "07:00"
    assert run_account_lifecycle.call()["requested"] == 1  # what the worker runs
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scheduling.schedule_periodic_tasks(now=dt.datetime(2026, 3, 31, 23, 0, tzinfo=JST))
    run = DBTaskResult.objects.get(task_path="portal.tasks.run_account_lifecycle")
    assert run.run_after == dt.datetime(2026, 4, 1, 7, 0, tzinfo=JST)

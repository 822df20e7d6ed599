"""Registration: sign-up with e-mail verification, the pending page, approval by the Secretariat."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail

from municipalities.models import Membership
from portal.models import User

SIGNUP = {
    "email": "tanaka@city.example.jp",
    "prefecture": "18",
    "municipality_name": "さかいし",
    "department": "総合政策部 企画政策課",
    "full_name": "田中 一郎",
    "full_name_kana": "たなか いちろう",
    "phone": "0776-50-3000",
    "password1": "Kyoryoku-2026-portal",
    "password2": "Kyoryoku-2026-portal",
}


def test_signup_form_is_japanese_with_every_field_labelled(client, db):
    soup = BeautifulSoup(client.get("/accounts/signup/").content, "html.parser")
    form = soup.find("form", class_="account-form")
    for field in form.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert soup.find("label", attrs={"for": field["id"]}), field
    assert "都道府県" in form.get_text()


def test_signup_creates_a_pending_applicant_of_the_named_municipality(client, db):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert user.municipality_id == "182109"  # 坂井市, found by its reading
    assert user.approval_status == User.Approval.PENDING
    assert user.department == SIGNUP["department"]
    assert len(mail.outbox) == 1  # the e-mail verification
    assert "tanaka@city.example.jp" in mail.outbox[0].to


def test_signup_with_unknown_municipality_keeps_what_was_typed(client, db):
    data = {**SIGNUP, "municipality_name": "存在しない市"}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "福井県に「存在しない市」という市区町村は見つかりません" in soup.get_text()
    assert soup.find("input", attrs={"name": "full_name"})["value"] == SIGNUP["full_name"]
    assert soup.find("input", attrs={"name": "department"})["value"] == SIGNUP["department"]
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_ambiguous_short_name_asks_for_the_official_name(client, db):
    # 府中 is both 府中市 and 府中町 in 広島県
    data = {**SIGNUP, "prefecture": "34", "municipality_name": "ふちゅう"}
    soup = BeautifulSoup(client.post("/accounts/signup/", data).content, "html.parser")
    assert "複数あります" in soup.get_text()


def test_confirmed_applicant_sees_the_pending_page_and_not_the_board(client, db):
    client.post("/accounts/signup/", SIGNUP)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response["Location"] == "/members/pending/"
    page = client.get("/members/pending/")
    assert "承認をお待ちください" in BeautifulSoup(page.content, "html.parser").h1.get_text()
    board = client.get("/board/")
    assert board.status_code == 302 and board["Location"] == "/members/pending/"


def test_secretariat_approves_in_bulk_and_the_applicant_is_told(secretariat_client, pending_user, django_capture_on_commit_callbacks):
    other = User.objects.create_user("yamada@town.example.jp", "x-2026-portal", municipality_id="016675")  # 鶴居村
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            "/admin/portal/user/",
            {"action": "approve", "_selected_action": [pending_user.pk, other.pk]},
        )
    assert response.status_code == 302
    pending_user.refresh_from_db()
    other.refresh_from_db()
    assert pending_user.approval_status == other.approval_status == User.Approval.APPROVED
    assert {m.to[0] for m in mail.outbox} == {pending_user.email, other.email}
    assert all("承認されました" in m.subject for m in mail.outbox)
    assert Membership.objects.filter(municipality_id=other.municipality_id).exists()


def test_secretariat_rejects_and_the_applicant_is_told(secretariat_client, pending_user, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post("/admin/portal/user/", {"action": "reject", "_selected_action": [pending_user.pk]})
    pending_user.refresh_from_db()
    assert pending_user.approval_status == User.Approval.REJECTED
    assert mail.outbox[0].to == [pending_user.email]


@pytest.mark.parametrize("client_fixture", ["member_client", "liaison_client", "pending_client"])
def test_non_staff_cannot_run_the_approval_action(request, client_fixture, pending_user):
    client = request.getfixturevalue(client_fixture)
    client.post("/admin/portal/user/", {"action": "approve", "_selected_action": [pending_user.pk]})
    pending_user.refresh_from_db()
    assert pending_user.approval_status == User.Approval.PENDING


def test_member_updates_own_contact_data_and_the_change_is_kept_in_history(member_client, member):
    response = member_client.post("/members/profile/", {"full_name": "坂井 次郎", "full_name_kana": "", "department": "観光課", "phone": "0776-00-0000"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.department == "観光課"
    assert member.history.first().department == "観光課"
    assert member.history.count() >= 2


def test_profile_with_bad_phone_keeps_the_input_and_explains(member_client, member):
    response = member_client.post("/members/profile/", {"full_name": "坂井 次郎", "department": "観光課", "phone": "<script>"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert "電話番号は数字とハイフンで入力してください" in soup.get_text()
    assert soup.find("input", attrs={"name": "department"})["value"] == "観光課"
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0].replace("&lt;script&gt;", "")


@pytest.mark.parametrize("path", ["/members/profile/", "/members/organization/"])
def test_member_pages_send_anonymous_to_login_and_pending_to_the_pending_page(client, pending_client, path):
    assert "/accounts/login/" in client.get(path)["Location"]
    assert pending_client.get(path)["Location"] == "/members/pending/"


def test_member_edits_own_organization_pr_profile(member_client, member):
    response = member_client.post("/members/organization/", {
        "contact_department": "企画政策課", "contact_person": "坂井 花子", "contact_email": "kikaku@city.sakai.example.jp",
        "contact_phone": "0776-50-3000", "pr_text": "黄金がにの町です。", "pr_video_url": "https://www.youtube.com/watch?v=x",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(municipality_id="182109")
    assert membership.pr_text == "黄金がにの町です。"
    assert membership.history.exists()


def test_organization_pamphlet_must_really_be_a_pdf(member_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("pamphlet.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = member_client.post("/members/organization/", {
        "contact_department": "企画政策課", "contact_person": "坂井 花子", "contact_email": "k@example.jp",
        "contact_phone": "0776-50-3000", "pr_text": "入力したPR文", "pr_pamphlet": fake,
    })
    soup = BeautifulSoup(response.content, "html.parser")
    assert "中身がPDFではありません" in soup.get_text()
    assert soup.find("textarea", attrs={"name": "pr_text"}).get_text().strip() == "入力したPR文"

"""Registration: the sign-up page, e-mail verification, the pending page, the Secretariat's approval
in the admin (hints, buttons, rejection with a reason) and the mails each step sends."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.sites.models import Site
from django.core import mail

from municipalities.models import Membership, Municipality
from portal.models import ContactPoint, User
from tests.factories import MemberFactory, PendingFactory

SIGNUP = {
    "email": "tanaka@city.sakai.lg.jp",
    "municipality_name": "福井県坂井市",
    "department": "総合政策部 企画政策課",
    "full_name": "田中 一郎",
    "full_name_kana": "たなか いちろう",
    "phone": "0776-50-3000",
    "password1": "Kyoryoku-2026-portal",
    "password2": "Kyoryoku-2026-portal",
    "agree_privacy": "on",
}


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response) -> str:
    return soup_of(response).find("main").get_text(" ", strip=True)


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


# --- the sign-up page ------------------------------------------------------------------------------
def test_signup_page_explains_first_free_who_approval_time_and_what_members_do(client, db, settings):
    settings.PORTAL_APPROVAL_WORKING_DAYS = 7
    soup = soup_of(client.get("/accounts/signup/"))
    intro = soup.find("section", class_="account-intro").get_text()
    assert "無料" in intro
    assert "市区町村" in intro and "職員" in intro
    assert "通常7営業日以内" in intro  # from the setting, not the template
    # What members can do: the board's categories, i.e. the seeds' 活用事例.
    assert "東京23区等に対し、新たな連携・交流事業を提案したいとき" in intro
    assert "自治体の広報誌や広報動画をPRしたいとき" in intro
    assert soup.find("a", href="/privacy/")
    # The explanation comes before the form.
    assert str(soup).index("account-intro") < str(soup).index('class="account-form"')


def test_signup_form_fields_are_labelled_with_phone_and_autocomplete_attributes(client, db):
    soup = soup_of(client.get("/accounts/signup/"))
    form = soup.find("form", class_="account-form")
    for field in form.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert soup.find("label", attrs={"for": field["id"]}), field
    assert form.find("input", attrs={"name": "phone"})["type"] == "tel"
    assert form.find("input", attrs={"name": "phone"})["autocomplete"] == "tel"
    assert form.find("input", attrs={"name": "email"})["autocomplete"] == "email"
    assert form.find("input", attrs={"name": "full_name"})["autocomplete"] == "name"
    assert form.find("input", attrs={"name": "password1"})["autocomplete"] == "new-password"
    assert form.find("input", attrs={"name": "municipality_name"})["list"] == "municipality-suggestions"


def test_signup_suggestions_list_every_municipality_with_its_reading(client, db):
    html = client.get("/accounts/signup/").content.decode()
    datalist = html.split('<datalist id="municipality-suggestions">')[1].split("</datalist>")[0]
    # <option value="福井県坂井市">さかいし — the reading is the label; end tags are left out (valid
    # HTML; 1,741 of them would add 15 KB).
    assert datalist.count("<option ") == Municipality.objects.count()
    assert '<option value="福井県坂井市">さかいし<option' in datalist


def test_signup_by_full_name_creates_a_pending_applicant_and_shows_the_pending_page(client, db):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302 and response["Location"] == "/members/pending/"
    user = User.objects.get(email=SIGNUP["email"])
    assert user.municipality_id == "182109"
    assert user.approval_status == User.Approval.PENDING and user.applied_at is None
    pending = client.get("/members/pending/")
    assert pending.status_code == 200
    text = main_text(pending)
    assert "申請を受け付けました" in text and "確認のメール" in text
    assert len(mail.outbox) == 1  # the address confirmation only: the Secretariat waits for it


def test_a_reading_that_fits_several_comes_back_with_the_candidates_and_keeps_the_input(client, db):
    data = {**SIGNUP, "municipality_name": "さかいし"}  # 堺市（大阪府） and 坂井市（福井県）
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    soup = soup_of(response)
    radios = soup.find("fieldset", class_="candidates").find_all("input", attrs={"name": "municipality_code"})
    assert {"182109", "271403"} <= {r["value"] for r in radios}
    assert soup.find("input", attrs={"name": "department"})["value"] == SIGNUP["department"]
    assert soup.find("input", attrs={"name": "municipality_name"})["value"] == "さかいし"
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    # Choosing one of them signs up.
    response = client.post("/accounts/signup/", {**data, "municipality_code": "182109"})
    assert response.status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).municipality_id == "182109"


def test_a_chosen_code_that_does_not_fit_the_typed_name_is_not_taken(client, db):
    data = {**SIGNUP, "municipality_name": "さかいし", "municipality_code": "131091"}  # 品川区 does not fit
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("typed", ["坂井市", "坂井", "福井県さかいし", "福井県　ｻｶｲｼ", "182109"])
def test_unambiguous_ways_of_typing_find_the_municipality(client, db, typed):
    response = client.post("/accounts/signup/", {**SIGNUP, "municipality_name": typed})
    assert response.status_code == 302, main_text(response)[:300]
    assert User.objects.get(email=SIGNUP["email"]).municipality_id == "182109"


def test_signup_with_unknown_municipality_keeps_what_was_typed(client, db):
    response = client.post("/accounts/signup/", {**SIGNUP, "municipality_name": "存在しない市"})
    assert response.status_code == 200
    soup = soup_of(response)
    assert "「存在しない市」という市区町村は見つかりません" in soup.get_text()
    assert soup.find("input", attrs={"name": "full_name"})["value"] == SIGNUP["full_name"]
    assert soup.find("input", attrs={"name": "phone"})["value"] == SIGNUP["phone"]
    assert soup.find("div", class_="error-summary").find("a")["href"] == "#id_municipality_name"
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_signup_needs_the_privacy_consent(client, db):
    data = {k: v for k, v in SIGNUP.items() if k != "agree_privacy"}
    response = client.post("/accounts/signup/", data)
    assert "個人情報の取扱い" in soup_of(response).find("div", class_="error-summary").get_text()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("field, value", [
    ("municipality_name", "坂井\x00市"), ("full_name", "<script>alert(1)</script>"), ("department", "a" * 500),
    ("phone", "0776\x00"), ("municipality_name", "' OR 1=1 --"), ("municipality_name", "%_%"),
])
def test_hostile_signup_input_gets_a_message_and_nothing_is_created_or_executed(client, db, field, value):
    response = client.post("/accounts/signup/", {**SIGNUP, field: value})
    body = response.content.decode()
    if response.status_code == 302:  # a harmless name is kept as text
        assert field == "full_name"
        assert User.objects.get(email=SIGNUP["email"]).full_name == value
        return
    assert "<script>alert(1)" not in body
    if "\x00" in value:  # the request guard's Japanese 400 page (core/request_guards.py), before any form
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        assert soup_of(response).find("div", class_="error-summary")
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_pending_page_needs_a_login_unless_one_just_signed_up(client, db):
    response = client.get("/members/pending/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signing_up_again_with_a_known_address_looks_the_same_and_creates_nothing(client, member):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": member.email})
    assert response["Location"] == "/members/pending/"
    assert User.objects.filter(email=member.email).count() == 1
    assert User.objects.get(email=member.email).approval_status == User.Approval.APPROVED


# --- mails -------------------------------------------------------------------------------------------
def test_confirmation_mail_names_the_portal_and_its_url_in_japanese_with_the_contacts(client, db, settings):
    client.post("/accounts/signup/", SIGNUP)
    message = mail.outbox[0]
    assert "example.com" not in message.body + message.subject
    assert message.subject.startswith("[特別区全国連携プロジェクト]")
    assert "メールアドレスの確認" in message.subject
    assert settings.PORTAL_SITE_URL in message.body
    assert "特別区全国連携プロジェクト 会員専用ホームページ" in message.body
    assert "こんにちは" not in message.body
    for contact in ContactPoint.objects.all():
        assert contact.organization in message.body and contact.phone in message.body
    assert "営業日以内" in message.body


def test_the_sites_framework_names_the_portal(db, settings):
    from urllib.parse import urlsplit

    site = Site.objects.get_current()
    assert site.domain == urlsplit(settings.PORTAL_SITE_URL).netloc
    assert site.name == settings.PORTAL_NAME


def test_confirming_the_address_completes_the_application_and_mails_the_secretariat(
    client, db, settings, secretariat, django_capture_on_commit_callbacks
):
    settings.PORTAL_SECRETARIAT_EMAILS = ["kaiin@tokyo-23city.example.jp", "jimukyoku@tokyo-23city.example.jp"]
    client.post("/accounts/signup/", SIGNUP)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.outbox[0]))
    user = User.objects.get(email=SIGNUP["email"])
    assert user.applied_at is not None
    to_secretariat = [m for m in mail.outbox if m.to[0].endswith("tokyo-23city.example.jp")]
    assert {m.to[0] for m in to_secretariat} == set(settings.PORTAL_SECRETARIAT_EMAILS)
    message = to_secretariat[0]
    assert message.subject == "[特別区全国連携プロジェクト] 会員登録の申請：福井県坂井市 田中 一郎"
    assert f"/admin/portal/user/{user.pk}/change/" in message.body
    assert "lg.jp（地方公共団体）のアドレスです" in message.body
    # Confirming again (a changed address) does not make a second application.
    from portal.services import application_submit

    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert application_submit(user=user) is False
    assert len(mail.outbox) == count


def test_without_the_setting_the_secretariat_group_is_mailed(
    client, db, settings, secretariat, django_capture_on_commit_callbacks
):
    settings.PORTAL_SECRETARIAT_EMAILS = []
    client.post("/accounts/signup/", SIGNUP)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.outbox[0]))
    assert secretariat.email in {m.to[0] for m in mail.outbox}


def test_confirmed_applicant_sees_the_pending_page_and_not_the_board(client, db):
    client.post("/accounts/signup/", SIGNUP)
    client.post(confirm_link(mail.outbox[0]))
    client.logout()
    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response["Location"] == "/members/pending/"
    page = client.get("/members/pending/")
    assert "承認をお待ちください" in soup_of(page).h1.get_text()
    assert "メールアドレスの確認が済みました" in main_text(page)
    board = client.get("/board/")
    assert board.status_code == 302 and board["Location"] == "/members/pending/"


# --- the Secretariat in the admin ------------------------------------------------------------------
def test_admin_index_shows_the_pending_count_with_a_link(secretariat_client):
    PendingFactory.create_batch(3, applied_at="2026-04-02T10:00:00+09:00")
    PendingFactory()  # address not confirmed: counted apart
    soup = soup_of(secretariat_client.get("/admin/"))
    box = soup.find("div", id="account-tasks")
    row = box.find("a", href="/admin/portal/user/?application=waiting").find_parent("tr")
    assert row.find("span", class_="count").get_text() == "3"
    listed = secretariat_client.get("/admin/portal/user/?application=waiting")
    assert len(soup_of(listed).select("#result_list tbody tr")) == 3


def test_admin_index_counts_cost_a_fixed_number_of_queries(secretariat_client, django_assert_max_num_queries):
    PendingFactory.create_batch(5, applied_at="2026-04-02T10:00:00+09:00")
    MemberFactory.create_batch(5)
    with django_assert_max_num_queries(25):
        assert secretariat_client.get("/admin/").status_code == 200


def test_user_list_with_hints_has_a_fixed_query_budget(secretariat_client, django_assert_max_num_queries):
    PendingFactory.create_batch(30, applied_at="2026-04-02T10:00:00+09:00")
    with django_assert_max_num_queries(20):
        response = secretariat_client.get("/admin/portal/user/?application=waiting")
    assert len(soup_of(response).select("#result_list tbody tr")) == 30


@pytest.mark.parametrize("email, official, expected", [
    ("kikaku@city.sakai.fukui.jp", "city.sakai.fukui.jp", "公式ドメイン（city.sakai.fukui.jp）のアドレスです"),
    ("kikaku@mail.city.sakai.fukui.jp", "city.sakai.fukui.jp", "公式ドメイン（city.sakai.fukui.jp）のアドレスです"),
    ("kikaku@city.sakai.lg.jp", "", "lg.jp（地方公共団体）のアドレスです"),
    ("someone@gmail.example.com", "city.sakai.fukui.jp", "公式ドメイン（city.sakai.fukui.jp）ではありません"),
    ("someone@fakecity.sakai.fukui.jp", "city.sakai.fukui.jp", "公式ドメイン（city.sakai.fukui.jp）ではありません"),
])
def test_the_applicant_page_shows_whether_the_domain_is_the_municipalitys(secretariat_client, email, official, expected):
    Municipality.objects.filter(code="182109").update(official_domain=official)
    applicant = PendingFactory(email=email, applied_at="2026-04-02T10:00:00+09:00")
    colleague = MemberFactory(full_name="坂井 花子")
    soup = soup_of(secretariat_client.get(f"/admin/portal/user/{applicant.pk}/change/"))
    panel = soup.find("section", class_="decision")
    assert expected in panel.get_text()
    assert colleague.full_name in panel.get_text()  # other accounts of the municipality
    assert panel.find("form", action=f"/admin/portal/user/{applicant.pk}/approve/")


def test_approve_button_approves_registers_the_member_and_mails_the_applicant(secretariat_client, django_capture_on_commit_callbacks):
    applicant = PendingFactory(municipality_id="016675", applied_at="2026-04-02T10:00:00+09:00")  # 鶴居村
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(f"/admin/portal/user/{applicant.pk}/approve/")
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.approval_status == User.Approval.APPROVED
    assert Membership.objects.filter(municipality_id="016675").exists()
    message = next(m for m in mail.outbox if m.to == [applicant.email])
    assert message.subject == "[特別区全国連携プロジェクト] 会員登録が承認されました"
    assert "特別区全国連携プロジェクト 会員専用ホームページ" in message.body
    assert "/accounts/login/" in message.body
    assert applicant.reconfirmations.get().confirmed_via == "approval"  # counts for this 年度


def test_approve_url_refuses_get(secretariat_client, pending_user):
    assert secretariat_client.get(f"/admin/portal/user/{pending_user.pk}/approve/").status_code == 403
    pending_user.refresh_from_db()
    assert pending_user.approval_status == User.Approval.PENDING


def test_rejection_needs_a_reason_which_goes_to_the_applicant(secretariat_client, pending_user, django_capture_on_commit_callbacks):
    page = secretariat_client.get(f"/admin/portal/user/{pending_user.pk}/reject/")
    assert soup_of(page).find("textarea", attrs={"name": "reason"})
    empty = secretariat_client.post(f"/admin/portal/user/{pending_user.pk}/reject/", {"reason": "  "})
    assert empty.status_code == 200
    pending_user.refresh_from_db()
    assert pending_user.approval_status == User.Approval.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(f"/admin/portal/user/{pending_user.pk}/reject/",
                                {"reason": "所属自治体の職員であることを確認できませんでした。"})
    pending_user.refresh_from_db()
    assert pending_user.approval_status == User.Approval.REJECTED
    message = mail.outbox[-1]
    assert message.to == [pending_user.email]
    assert "所属自治体の職員であることを確認できませんでした。" in message.body


def test_rejected_applicant_sees_the_reason_on_the_pending_page(client, db):
    user = PendingFactory(approval_status=User.Approval.REJECTED, approval_note="自治体の職員の方のみ登録できます。")
    client.force_login(user)
    assert "自治体の職員の方のみ登録できます。" in main_text(client.get("/members/pending/"))


def test_bulk_rejection_asks_for_the_reason_first(secretariat_client, django_capture_on_commit_callbacks):
    applicants = PendingFactory.create_batch(2)
    ids = [u.pk for u in applicants]
    page = secretariat_client.post("/admin/portal/user/", {"action": "reject", "_selected_action": ids})
    assert page.status_code == 200 and soup_of(page).find("textarea", attrs={"name": "reason"})
    assert not User.objects.filter(pk__in=ids, approval_status=User.Approval.REJECTED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post("/admin/portal/user/", {"action": "reject", "_selected_action": ids, "reason": "重複した申請です。"})
    assert User.objects.filter(pk__in=ids, approval_status=User.Approval.REJECTED).count() == 2
    assert {m.to[0] for m in mail.outbox} == {u.email for u in applicants}


def test_secretariat_approves_in_bulk_and_the_applicants_are_told(secretariat_client, pending_user, django_capture_on_commit_callbacks):
    other = User.objects.create_user("yamada@town.example.jp", "x-2026-portal", municipality_id="016675")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post("/admin/portal/user/", {"action": "approve", "_selected_action": [pending_user.pk, other.pk]})
    assert response.status_code == 302
    assert User.objects.filter(pk__in=[pending_user.pk, other.pk], approval_status=User.Approval.APPROVED).count() == 2
    assert {m.to[0] for m in mail.outbox} == {pending_user.email, other.email}


@pytest.mark.parametrize("client_fixture", ["member_client", "liaison_client", "pending_client", "client"])
@pytest.mark.parametrize("how", ["action", "button"])
def test_no_one_but_the_secretariat_can_approve(request, client_fixture, how, db):
    applicant = PendingFactory(email="applicant@example.jp")
    client = request.getfixturevalue(client_fixture)
    if how == "action":
        client.post("/admin/portal/user/", {"action": "approve", "_selected_action": [applicant.pk]})
    else:
        client.post(f"/admin/portal/user/{applicant.pk}/approve/")
    applicant.refresh_from_db()
    assert applicant.approval_status == User.Approval.PENDING


def test_approval_service_refuses_non_staff(member, pending_user):
    from django.core.exceptions import PermissionDenied

    from portal.services import membership_approve

    with pytest.raises(PermissionDenied):
        membership_approve(user=pending_user, decided_by=member)


def test_the_organisations_admin_page_lists_its_staff(secretariat_client, member):
    other = MemberFactory(full_name="坂井 三郎")
    soup = soup_of(secretariat_client.get("/admin/municipalities/municipality/182109/change/"))
    text = soup.get_text()
    assert member.email in text and other.email in text


def test_official_domains_are_imported_in_the_admin(secretariat_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "全国地方公共団体コード,公式ドメイン\n182109, City.Sakai.Fukui.jp \n16675,vill.tsurui.hokkaido.jp\n".encode()
    page = secretariat_client.get("/admin/municipalities/municipality/import/")
    assert page.status_code == 200
    form = soup_of(page).find("select", attrs={"name": "format"})
    csv_format = next(o["value"] for o in form.find_all("option") if o.get_text().strip().lower() == "csv")
    confirm = secretariat_client.post("/admin/municipalities/municipality/import/", {
        "format": csv_format, "resource": "0",
        "import_file": SimpleUploadedFile("domains.csv", csv, content_type="text/csv"),
    })
    soup = soup_of(confirm)
    confirm_form = soup.find("form", action=re.compile("process_import"))
    assert confirm_form, soup.get_text()[:500]
    data = {i["name"]: i.get("value", "") for i in confirm_form.find_all("input") if i.get("name")}
    secretariat_client.post(confirm_form["action"], data)
    assert Municipality.objects.get(code="182109").official_domain == "city.sakai.fukui.jp"
    assert Municipality.objects.get(code="016675").official_domain == "vill.tsurui.hokkaido.jp"


def test_importing_an_unknown_code_or_a_bad_domain_writes_nothing(secretariat_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "全国地方公共団体コード,公式ドメイン\n999999,example.jp\n182109,not a domain\n".encode()
    page = soup_of(secretariat_client.get("/admin/municipalities/municipality/import/"))
    csv_format = next(o["value"] for o in page.find("select", attrs={"name": "format"}).find_all("option")
                      if o.get_text().strip().lower() == "csv")
    response = secretariat_client.post("/admin/municipalities/municipality/import/", {
        "format": csv_format, "resource": "0",
        "import_file": SimpleUploadedFile("domains.csv", csv, content_type="text/csv"),
    })
    text = soup_of(response).get_text()
    assert "マスタにありません" in text or "ドメインは小文字の英数字" in text
    assert not soup_of(response).find("form", action=re.compile("process_import"))
    assert Municipality.objects.get(code="182109").official_domain == ""

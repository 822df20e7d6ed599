"""/contact/: 入力 → 確認 → 完了, stored and mailed to the desk of the subject, hostile input, throttle."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from portal.models import ContactMessage, ContactPoint, ContactSubject

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def form_data(page: BeautifulSoup, **overrides) -> dict:
    """What the browser would send from the rendered form (hidden fields and the filled ones)."""
    form = page.select_one("main form")
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    subject = ContactSubject.objects.get(label="会員登録・会員専用ページについて")
    data.update(name="山田 花子", organization="坂井市 観光交流課", email="hanako@example.jp", phone="0776-50-3152",
                subject=str(subject.pk), message="会員登録の方法を教えてください。\n二行目です。")
    data.update(overrides)
    return data


def start(client) -> BeautifulSoup:
    response = client.get("/contact/")
    assert response.status_code == 200
    return soup(response)


def confirm(client, **overrides):
    return client.post("/contact/", {**form_data(start(client), **overrides), "action": "confirm"})


def send_from(client, page: BeautifulSoup, captured):
    data = {i["name"]: i.get("value", "") for i in page.select("main form input[type=hidden]")}
    with captured(execute=True):
        return client.post("/contact/", {**data, "action": "send"}, follow=True)


def test_contact_page_names_both_desks_with_what_each_answers_and_its_phone(client):
    page = start(client)
    desks = page.select(".desk")
    assert [d.h3.get_text(strip=True) for d in desks] == list(ContactPoint.objects.values_list("topic", flat=True))
    assert "03-5210-9743" in desks[0].get_text() and "03-5210-9067" in desks[1].get_text()
    assert [li.get_text(strip=True) for li in page.select(".steps li")] == ["1入力", "2確認", "3完了"]
    labels = [label.get_text(strip=True) for label in page.select("fieldset label")]
    assert labels == ["プロジェクトについて", "会員登録・会員専用ページについて", "このサイトについて"]


def test_input_confirm_send_stores_the_message_and_mails_the_desk_of_its_subject(client, django_capture_on_commit_callbacks, settings):
    desk = ContactPoint.objects.get(topic__startswith="会員専用ホームページ")
    desk.email = "jigyo@example.jp"
    desk.save()
    response = confirm(client)
    assert response.status_code == 200
    page = soup(response)
    shown = {div.dt.get_text(): div.dd.get_text("\n") for div in page.select(".confirm-list div")}
    assert shown["件名"] == "会員登録・会員専用ページについて"
    assert shown["お問い合わせ内容"] == "会員登録の方法を教えてください。\n二行目です。"
    assert not ContactMessage.objects.exists()
    done = send_from(client, page, django_capture_on_commit_callbacks)
    assert done.redirect_chain[-1][0] == "/contact/done/"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.status) == ("山田 花子", "hanako@example.jp", "new")
    assert f"受付番号：{message.pk}" in soup(done).select_one(".done-box").get_text()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["jigyo@example.jp"]
    assert sent.reply_to == ["hanako@example.jp"]
    assert "会員登録の方法を教えてください。" in sent.body
    message.refresh_from_db()
    assert message.mailed_at is not None


def test_a_desk_without_an_address_gets_the_mail_at_the_fallback_address(client, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_CONTACT_FALLBACK_EMAIL = "fallback@example.jp"
    subject = ContactSubject.objects.get(label="プロジェクトについて")
    page = soup(confirm(client, subject=str(subject.pk)))
    send_from(client, page, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["fallback@example.jp"]


def test_back_from_the_confirmation_keeps_everything_typed(client):
    page = soup(confirm(client))
    data = {i["name"]: i.get("value", "") for i in page.select("main form input[type=hidden]")}
    back = soup(client.post("/contact/", {**data, "action": "back"}))
    assert back.select_one("#id_name")["value"] == "山田 花子"
    assert back.select_one("#id_message").get_text().strip() == "会員登録の方法を教えてください。\n二行目です。"
    assert back.select_one("input[name=subject][checked]")["value"] == data["subject"]
    assert not back.select(".errorlist")


def test_a_script_is_shown_as_text_on_the_confirmation_and_in_the_stored_message(client, django_capture_on_commit_callbacks):
    script = '<script>alert("x")</script>'
    response = confirm(client, name=script, message=script)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    page = soup(response)
    assert page.select(".confirm-list dd")[0].get_text() == script
    send_from(client, page, django_capture_on_commit_callbacks)
    assert ContactMessage.objects.get().message == script


def test_ten_thousand_characters_get_a_clear_message_and_the_text_is_kept(client):
    text = "あ" * 10_000
    response = confirm(client, message=text)
    assert response.status_code == 400
    page = soup(response)
    assert "2,000文字以内で入力してください（現在10,000文字）" in page.select_one("#id_message_error").get_text()
    assert page.select_one("#id_message").get_text().strip() == text
    assert page.select_one("#id_message").get("maxlength") is None  # a browser would cut a paste short
    assert page.select_one(".error-summary a")["href"] == "#id_message"


@pytest.mark.parametrize("field, value, expected", [
    ("email", "hanako@example.jp\r\nBcc: victim@example.com", "有効なメールアドレスを入力してください。"),
    ("name", "山田\r\nBcc: victim@example.com", "改行や制御文字は使えません。"),
    ("subject", "Bcc: victim@example.com", "件名は一覧から選んでください。"),
    ("message", "本文\x07です", "使えない制御文字が含まれています。"),
])
def test_header_injection_and_control_characters_are_refused_and_the_rest_is_kept(client, field, value, expected):
    response = confirm(client, **{field: value})
    assert response.status_code == 400
    page = soup(response)
    assert expected in page.select_one(".error-summary").get_text()
    assert "何か文字を入力してください" not in page.get_text()
    assert page.select_one("#id_organization")["value"] == "坂井市 観光交流課"
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_a_nul_byte_gets_the_sites_400_page_which_hands_back_what_was_typed(client):
    response = confirm(client, message="本文\x00です")
    assert response.status_code == 400
    text = soup(response).get_text()
    assert "坂井市 観光交流課" in text and "本文です" in text
    assert not ContactMessage.objects.exists()


def test_a_tampered_confirmation_is_validated_again(client):
    page = soup(confirm(client))
    data = {i["name"]: i.get("value", "") for i in page.select("main form input[type=hidden]")}
    response = client.post("/contact/", {**data, "email": "not-an-address", "action": "send"})
    assert response.status_code == 400
    assert not ContactMessage.objects.exists()


def test_a_filled_honeypot_stores_and_mails_nothing(client, django_capture_on_commit_callbacks):
    page = start(client)
    assert page.select_one(".honeypot").has_attr("hidden")
    response = confirm(client, website="http://spam.example")
    data = {i["name"]: i.get("value", "") for i in soup(response).select("main form input[type=hidden]")}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/contact/", {**data, "action": "send"})
    assert done.status_code == 302
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_the_eleventh_message_from_one_address_within_an_hour_is_throttled(client, django_capture_on_commit_callbacks):
    for n in range(10):
        page = soup(confirm(client, message=f"問い合わせ{n}"))
        send_from(client, page, django_capture_on_commit_callbacks)
    assert ContactMessage.objects.count() == 10
    page = soup(confirm(client, message="11件目です"))
    data = {i["name"]: i.get("value", "") for i in page.select("main form input[type=hidden]")}
    response = client.post("/contact/", {**data, "action": "send"})
    assert response.status_code == 429
    again = soup(response)
    assert "1時間に送信できるお問い合わせは10件まで" in again.select_one(".error-summary").get_text()
    assert again.select_one("#id_message").get_text().strip() == "11件目です"
    assert ContactMessage.objects.count() == 10


def test_ten_messages_from_one_client_with_different_addresses_are_throttled_too(client, django_capture_on_commit_callbacks):
    for n in range(10):
        send_from(client, soup(confirm(client, email=f"user{n}@example.jp")), django_capture_on_commit_callbacks)
    page = soup(confirm(client, email="user11@example.jp"))
    data = {i["name"]: i.get("value", "") for i in page.select("main form input[type=hidden]")}
    assert client.post("/contact/", {**data, "action": "send"}).status_code == 429


def test_the_secretariat_follows_messages_up_in_the_admin_and_others_may_not(client, secretariat_client, member_client, django_capture_on_commit_callbacks):
    send_from(client, soup(confirm(client)), django_capture_on_commit_callbacks)
    message = ContactMessage.objects.get()
    listing = soup(secretariat_client.get("/admin/portal/contactmessage/"))
    assert "未対応" in listing.get_text()
    response = secretariat_client.post(
        "/admin/portal/contactmessage/", {"action": "mark_done", "_selected_action": [message.pk]}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "done"
    assert secretariat_client.get("/admin/portal/contactmessage/add/").status_code == 403
    assert member_client.get("/admin/portal/contactmessage/").status_code == 403
    assert client.get("/admin/portal/contactmessage/").status_code == 302


def test_contact_pages_have_a_fixed_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/contact/")
